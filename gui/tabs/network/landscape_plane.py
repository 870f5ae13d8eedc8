"""The Landscape side tab's plane chooser: which plane through θ, along which two parameters,
how fine and how far; Draw and "Follow training".

It shows the landscape settings in use (``show_settings``) and reads back the
plane part of them (``plane``); ``changed()`` when the user moves any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gui.tabs.network.landscape_model import (
    HALF_WIDTH_RANGE,
    MODES,
    RESOLUTION_RANGE,
    LandscapeSettings,
)
from gui.tabs.network.landscape_names import ParameterNames

FOLLOW_EVERY_S = 3.0


class PlaneControls(QWidget):
    """Mode, the two parameters (named on demand: ``ParameterNames``), grid and reach."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.setObjectName("landscape_mode")
        self.mode.setToolTip("Which plane through θ to draw C on")
        # the choices' long names must not widen the side column: they elide instead
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(14)
        for key, text in MODES.items():
            self.mode.addItem(text, key)
        self.names = ParameterNames(self)
        self.first, self.second = QComboBox(), QComboBox()
        for name, box in (("landscape_first", self.first), ("landscape_second", self.second)):
            box.setObjectName(name)
            box.setToolTip("The parameter along this axis (the others are held)")
            # one shared list that names rows on demand: never a pass over every parameter
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
            box.setModel(self.names)
            box.view().setUniformItemSizes(True)
        self.draw = named(QPushButton("Draw"), "landscape_draw",
                          "Compute C over the plane through the weights now")
        self.follow = named(QCheckBox("Follow training"), "landscape_follow",
                            f"Redraw every {FOLLOW_EVERY_S:g} s while the network trains")
        self.resolution = QSpinBox()
        self.resolution.setObjectName("landscape_resolution")
        self.resolution.setRange(*RESOLUTION_RANGE)
        self.resolution.setSuffix(" × grid")
        self.resolution.setToolTip("Grid points along each axis (n × n networks evaluated at once)")
        self.half_width = QDoubleSpinBox()
        self.half_width.setObjectName("landscape_range")
        self.half_width.setRange(*HALF_WIDTH_RANGE)
        self.half_width.setDecimals(2)
        self.half_width.setPrefix("± ")
        self.half_width.setSpecialValueText("fit the path")
        self.half_width.setToolTip("How far the picture reaches from θ along each direction "
                                   "(“fit the path”: just far enough to hold the path)")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Plane:"), 0, 0)
        grid.addWidget(self.mode, 0, 1, 1, 3)
        grid.addWidget(QLabel("s along"), 1, 0)
        grid.addWidget(self.first, 1, 1)
        grid.addWidget(QLabel("t along"), 1, 2)
        grid.addWidget(self.second, 1, 3)
        grid.addWidget(self.resolution, 2, 0, 1, 2)
        grid.addWidget(self.half_width, 2, 2, 1, 2)
        grid.addWidget(self.draw, 3, 0, 1, 2)
        grid.addWidget(self.follow, 3, 2, 1, 2)
        for signal in (self.mode.currentIndexChanged, self.first.currentIndexChanged,
                       self.second.currentIndexChanged, self.resolution.valueChanged,
                       self.half_width.valueChanged):
            signal.connect(self.changed)
        self.mode.currentIndexChanged.connect(self._on_mode)

    def named_slice(self) -> bool:
        """The plane is the exact slice of two chosen parameters."""
        return self.mode.currentData() == "parameters"

    def show_settings(self, settings: LandscapeSettings) -> None:
        """Show the plane part of ``settings`` without emitting ``changed``."""
        boxes = (self.mode, self.first, self.second, self.resolution, self.half_width)
        for box in boxes:
            box.blockSignals(True)
        self.mode.setCurrentIndex(self.mode.findData(settings.mode))
        for box, name in ((self.first, settings.first), (self.second, settings.second)):
            if self.names.row_of(name) >= 0:
                box.setCurrentIndex(self.names.row_of(name))
        self.resolution.setValue(settings.resolution)
        self.half_width.setValue(settings.half_width)
        for box in boxes:
            box.blockSignals(False)
        self._on_mode()

    def plane(self, settings: LandscapeSettings) -> LandscapeSettings:
        """``settings`` with the plane the controls show (the names kept while none is)."""
        return replace(settings, mode=self.mode.currentData(),
                       first=self.first.currentData() or settings.first,
                       second=self.second.currentData() or settings.second,
                       resolution=self.resolution.value(), half_width=self.half_width.value())

    def set_layers(self, sizes: Sequence[int], first: str, second: str) -> None:
        """The network's parameters, keeping ``first`` and ``second`` chosen where it has
        them (else its first two); no ``changed``."""
        for box in (self.first, self.second):
            box.blockSignals(True)
        self.names.set_layers(sizes)  # rows named on demand: no pass over θ
        for box, default, chosen in ((self.first, 0, first), (self.second, 1, second)):
            row = self.names.row_of(chosen)
            box.setCurrentIndex(row if row >= 0 else min(default, self.names.rowCount() - 1))
            box.blockSignals(False)

    def _on_mode(self) -> None:
        self.first.setEnabled(self.named_slice())
        self.second.setEnabled(self.named_slice())


def named(widget, name: str, tooltip: str):
    widget.setObjectName(name)
    widget.setToolTip(tooltip)
    return widget
