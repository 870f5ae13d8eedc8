"""Many starts: N networks trained at once from seeds s, s+1, …; how many solve the task?

The notes' own remedy for local minima is to train several networks from a
range of starting values.  The engine trains all N in one TrainingRun (K = N);
this panel shows the spread of their losses (a histogram over log₁₀ C), the
share that classify every training point correctly, and a table to pick one
to continue training or to inspect.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.network.training_state import TrainingSnapshot
from gui.process_worker import training_worker
from gui.tabs.network.history import MemberTrails
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.notation import number
from gui.theme import BLUE, GREEN, VERMILLION

MAX_NETWORKS = 500
BINS = 24
TABLE_LIMIT = 500


class ManyStartsPanel(QWidget):
    """Trains the model's settings K times over and shows the snapshots; hands a network
    back to the model ("Continue this one") or asks for the inspector
    (``inspect_requested(W, b)``)."""

    inspect_requested = Signal(object)  # (W^1 … W^L, b^1 … b^L) of the chosen network
    continued = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("many_starts_panel")
        # K networks train in a trainer process; a histogram needs no more than 20 frames a second
        self.worker = training_worker(self, display_interval_ms=50)
        self.model: NetworkModel | None = None  # set by the tab (``attach``)
        self.latest: TrainingSnapshot | None = None
        self.trails = MemberTrails()  # every network's accuracy and gradient norms, for Continue
        self.seed = 0
        self.count = QSpinBox()
        self.count.setObjectName("many_starts_count")
        self.count.setToolTip("How many networks to train at once, each from its own seed")
        self.count.setRange(2, MAX_NETWORKS)
        self.count.setValue(100)
        self.train = QPushButton("Train them")
        self.train.setObjectName("many_starts_train_button")
        self.train.setToolTip("Train N fresh networks with the current settings, seeds s … s+N−1")
        self.stop = QPushButton("Stop")
        self.stop.setObjectName("many_starts_stop_button")
        self.stop.setToolTip("Stop the many-starts run where it is")
        self.summary = QLabel("Train many networks from different starting values to see how "
                              "often gradient descent solves the task.")
        self.summary.setObjectName("many_starts_summary")
        self.summary.setWordWrap(True)
        self.histogram = pg.PlotWidget(enableMenu=False)  # pyqtgraph's menu is not made
        self.histogram.setObjectName("many_starts_histogram")
        self.histogram.setToolTip("How many networks ended at each loss (log scale); green bars "
                                  "hold networks that solve the task")
        plot = self.histogram.getPlotItem()
        plot.setLabel("bottom", "log₁₀ final loss C")
        plot.setLabel("left", "networks")
        self.bars_solved = pg.BarGraphItem(x=[], height=[], width=1, brush=GREEN)
        self.bars_unsolved = pg.BarGraphItem(x=[], height=[], width=1, brush=VERMILLION)
        plot.addItem(self.bars_unsolved)
        plot.addItem(self.bars_solved)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("many_starts_table")
        self.table.setToolTip("Each network, best first; pick one to continue or inspect")
        self.table.setHorizontalHeaderLabels(("seed", "loss", "accuracy", "solved"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.continue_button = QPushButton("Continue this one")
        self.continue_button.setObjectName("many_starts_continue_button")
        self.continue_button.setToolTip("Load the chosen network into the main view and train on")
        self.inspect_button = QPushButton("Inspect")
        self.inspect_button.setObjectName("many_starts_inspect_button")
        self.inspect_button.setToolTip("Open the backprop inspector on the chosen network")
        row = QHBoxLayout()
        row.addWidget(QLabel("Networks N"))
        row.addWidget(self.count)
        row.addWidget(self.train)
        row.addWidget(self.stop)
        picks = QHBoxLayout()
        picks.addWidget(self.continue_button)
        picks.addWidget(self.inspect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.histogram, 2)
        layout.addWidget(self.table, 3)
        layout.addLayout(picks)
        self.train.clicked.connect(self._on_train)
        self.stop.clicked.connect(self.worker.cancel)
        self.continue_button.clicked.connect(self._on_continue)
        self.inspect_button.clicked.connect(self._on_inspect)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.error.connect(self._on_error)
        self.worker.state_changed.connect(self._on_state)
        self._on_state("idle")

    def attach(self, model: NetworkModel) -> None:
        """Train with ``model``'s settings in use; continue networks into it."""
        self.model = model

    def train_networks(self, n: int) -> None:
        """Train ``n`` fresh networks (seeds s … s+n−1) with the model's settings in use."""
        try:
            job = self.model.many_starts_job(n)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        self.start(job, self.model.settings.seed)

    def start(self, job: object, seed: int) -> None:
        """Run ``job`` (a LiveRun of K networks, no grids) whose network k has seed + k."""
        self.seed = seed
        self.latest = None
        self.trails = MemberTrails()
        self.table.setRowCount(0)
        self.worker.start(job)

    def show_problem(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {VERMILLION};")

    def selected(self) -> int | None:
        """k of the chosen network (the best one if none is chosen)."""
        if self.latest is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        item = self.table.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def shutdown(self) -> None:
        self.worker.shutdown()

    # ---- reactions ---------------------------------------------------------
    def _on_train(self) -> None:
        self.train_networks(self.count.value())

    def _on_continue(self) -> None:
        """Network k becomes the main one: its settings, weights and all three curves."""
        k, t = self.selected(), self.latest
        if k is not None:
            self.model.continue_member(t, k, self.trails.member(k, len(t.train_accuracy)))
            self.continued.emit()

    def _on_inspect(self) -> None:
        k = self.selected()
        if k is not None:
            self.inspect_requested.emit(self.model.member_parameters(self.latest, k))

    def _on_state(self, state: str) -> None:
        running = state == "running"
        self.stop.setEnabled(running)
        self.train.setEnabled(not running)
        ready = not running and self.latest is not None
        self.continue_button.setEnabled(ready)
        self.inspect_button.setEnabled(ready)
        if state in ("finished", "idle") and self.latest is not None:
            self._fill_table(self.latest)

    def _on_error(self, message: str) -> None:
        self.show_problem(f"The many-starts run stopped: {message}")

    def _on_snapshot(self, snapshot: object) -> None:
        t = snapshot.training
        self.latest = t
        self.trails.add(t)
        loss, solved = t.train_loss, t.solved & ~t.diverged
        n = len(loss)
        self.summary.setStyleSheet(f"color: {BLUE};")
        self.summary.setText(
            f"Epoch {t.epoch:,}: {int(solved.sum())} of {n} networks solve the task "
            f"({solved.mean():.0%}); median loss {number(float(np.nanmedian(loss)))}"
            + (f"; {int(t.diverged.sum())} diverged" if t.diverged.any() else ""))
        self._draw_histogram(loss, solved)

    def _draw_histogram(self, loss: np.ndarray, solved: np.ndarray) -> None:
        finite = np.isfinite(loss) & (loss > 0)
        if not finite.any():
            return
        logs = np.log10(loss[finite])
        low, high = float(logs.min()), float(logs.max())
        edges = np.linspace(low - 0.05, high + 0.05, BINS + 1)
        good, _ = np.histogram(logs[solved[finite]], edges)
        bad, _ = np.histogram(logs[~solved[finite]], edges)
        centres, width = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
        self.bars_solved.setOpts(x=centres, height=good, width=width * 0.9)
        self.bars_unsolved.setOpts(x=centres, y0=good, height=bad, width=width * 0.9)

    def _fill_table(self, t: TrainingSnapshot) -> None:
        order = np.argsort(np.nan_to_num(t.train_loss, nan=np.inf))[:TABLE_LIMIT]
        self.table.setRowCount(len(order))
        for row, k in enumerate(order.tolist()):
            solved = bool(t.solved[k] and not t.diverged[k])
            cells = (str(self.seed + k), f"{float(t.train_loss[k]):.3g}",
                     f"{t.train_accuracy[k]:.0%}", "yes" if solved else "no")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, k)  # which network of the K
                self.table.setItem(row, c, item)
        self.table.selectRow(0)
