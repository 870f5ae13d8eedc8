"""The Landscape panel's race: which optimizers, their α, and their loss curves side by side.

Copies of one network train together, one per optimizer (engine.network.race),
in the optimizers' colours of the Gradient descent tab; their paths are drawn
on the landscape by the panel.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.descent.optimizers import OPTIMIZERS
from engine.network.race import RaceSnapshot
from gui.tabs.network.landscape_model import RACE_EPOCHS_RANGE, LandscapeSettings
from gui.theme import optimizer_color


class RaceControls(QWidget):
    """Optimizers to race (each with its α), the epochs, Race and Stop; the loss curves."""

    race_asked = Signal()
    stop_asked = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscape_race")
        self.ticks: dict[str, QCheckBox] = {}
        self.alphas: dict[str, QDoubleSpinBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (key, cls) in enumerate(OPTIMIZERS.items()):
            tick = QCheckBox(cls.name)
            tick.setObjectName(f"race_{key}")
            tick.setStyleSheet(f"QCheckBox {{ color: {optimizer_color(key)}; }}")
            tick.setToolTip(f"Race a copy of the network trained by {cls.name}")
            alpha = QDoubleSpinBox()
            alpha.setObjectName(f"race_alpha_{key}")
            alpha.setDecimals(3)
            alpha.setRange(1e-3, 10.0)
            alpha.setSingleStep(0.01)
            alpha.setToolTip(f"α: the step size of {cls.name} in the race (type it, or "
                             "turn the wheel over it)")
            # no arrows: two columns of them made the panel wider than the side column
            alpha.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
            self.ticks[key], self.alphas[key] = tick, alpha
            row, column = divmod(i, 2)
            grid.addWidget(tick, row, 2 * column)
            grid.addWidget(alpha, row, 2 * column + 1)
            tick.toggled.connect(self.changed)
            alpha.valueChanged.connect(self.changed)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("race_epochs")
        self.epochs.setRange(*RACE_EPOCHS_RANGE)
        self.epochs.setSuffix(" epochs")
        self.epochs.setToolTip("How long the race runs")
        self.epochs.valueChanged.connect(self.changed)
        self.start = QPushButton("Race from θ")
        self.start.setObjectName("race_start")
        self.start.setToolTip("Train a copy of the network now with each ticked optimizer, "
                              "all at once; or click the landscape to race from that point")
        self.stop = QPushButton("Stop race")
        self.stop.setObjectName("race_stop")
        self.stop.setToolTip("Stop the race where it is")
        self.stop.setEnabled(False)
        buttons = QHBoxLayout()  # its own row: in the grid, Stop widened a column of α
        buttons.addWidget(self.epochs)
        buttons.addWidget(self.start, 1)
        buttons.addWidget(self.stop)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("race_curves")
        self.plot.setMinimumHeight(130)
        self.plot.setMaximumHeight(170)
        self.plot.setToolTip("Each racer's loss C per epoch (log scale)")
        item = self.plot.getPlotItem()
        item.setLogMode(y=True)
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "C")
        item.addLegend(offset=(-5, 5))
        self.plot.setVisible(False)  # until there is a race to show
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.result = QLabel(" ")
        self.result.setObjectName("race_result")
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.plot)
        layout.addWidget(self.result)
        self.start.clicked.connect(self.race_asked)
        self.stop.clicked.connect(self.stop_asked)

    def show_settings(self, settings: LandscapeSettings) -> None:
        for key in OPTIMIZERS:
            for widget, value in ((self.ticks[key], key in settings.race),
                                  (self.alphas[key], settings.alphas[key])):
                widget.blockSignals(True)
                if isinstance(widget, QCheckBox):
                    widget.setChecked(value)
                else:
                    widget.setValue(value)
                widget.blockSignals(False)
        self.epochs.blockSignals(True)
        self.epochs.setValue(settings.race_epochs)
        self.epochs.blockSignals(False)

    def chosen(self) -> tuple[tuple[str, ...], dict[str, float], int]:
        """(ticked keys, α of every optimizer, epochs) as the controls show them."""
        keys = tuple(key for key, tick in self.ticks.items() if tick.isChecked())
        return keys, {key: box.value() for key, box in self.alphas.items()}, self.epochs.value()

    def set_running(self, running: bool) -> None:
        self.stop.setEnabled(running)

    def clear(self) -> None:
        """No race shown (a new network)."""
        item = self.plot.getPlotItem()
        for curve in self.curves.values():
            item.removeItem(curve)
        self.curves.clear()
        self.plot.setVisible(False)
        self.result.setText(" ")

    def show_race(self, race: RaceSnapshot) -> None:
        self.plot.setVisible(True)
        item = self.plot.getPlotItem()
        for key in list(self.curves):
            if key not in race.keys:
                item.removeItem(self.curves.pop(key))
        epochs = np.arange(1, race.losses.shape[1] + 1)
        for key, losses in zip(race.keys, race.losses, strict=True):
            curve = self.curves.get(key)
            if curve is None:
                curve = self.curves[key] = item.plot(
                    pen=pg.mkPen(optimizer_color(key), width=2), name=OPTIMIZERS[key].name)
            good = np.isfinite(losses) & (losses > 0)
            curve.setData(epochs[good], losses[good])
        finals = [f"{OPTIMIZERS[key].name} C = {_last(losses)}"
                  for key, losses in zip(race.keys, race.losses, strict=True)]
        self.result.setText(f"Epoch {race.epoch:,}: " + "; ".join(finals) + ".")


def _last(losses: np.ndarray) -> str:
    finite = losses[np.isfinite(losses)]
    return "diverged" if not finite.size or not np.isfinite(losses[-1]) else f"{finite[-1]:.4g}"
