"""Paint the Neural network tab's views from its model: boundary, diagram, curves, table.

Nothing here keeps state of the run: every picture comes from the model's
newest snapshot and its one history.  While training runs, each frame paints
a share of the views so no frame blocks the GUI long: the picture (boundary,
diagram) every other frame, the loss and the trails panels in turn between.  The
frames between come without the grids, which cost a big network's trainer most
of its snapshot (``picture_due`` is what the worker asks the trainer for next).
The diagnosis (words that change slowly) is worked out at most every
``DIAGNOSIS_EVERY_S``; a still picture always has the diagnosis of its own snapshot.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from threadpoolctl import ThreadpoolController

from engine.network.diagnostics import Diagnosis
from engine.network.live_run import LiveSnapshot
from gui.tabs.network.build import view_domain
from gui.tabs.network.diagram import DiagramData
from gui.tabs.network.layout import Layout
from gui.tabs.network.model import NetworkModel

PARTS = ("picture", "losses", "trails")
CURVE_PARTS = ("losses", "trails")  # in turn, between the picture's frames
OUTPUT_MAP_STRIDE = 5  # the 150 × 150 output grid, every 5th point, for the small node map
DIAGNOSIS_EVERY_S = 0.5  # while running; its findings change over many epochs, not frames
_blas: list[ThreadpoolController] = []  # made on first use (reading the libraries costs 1 ms)


def _one_blas_thread() -> object:
    """A context in which NumPy's BLAS uses one thread.

    The diagnosis's products are small (64 × 64 by 64 × 256): split over two BLAS
    threads beside a busy trainer, one waited ~16 ms for the other to be scheduled,
    on the GUI thread, against 0.03 ms on one thread (bench.csv_live's machine).
    """
    if not _blas:
        _blas.append(ThreadpoolController())
    return _blas[0].limit(limits=1, user_api="blas")


class RunViews:
    """Draws ``model`` into the views of ``ui``."""

    def __init__(self, ui: Layout, model: NetworkModel,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ui = ui
        self.model = model
        self._curve_turn = 0
        self.picture_due = True  # the next running frame paints the picture
        self.diagnosis: Diagnosis | None = None  # of the last "trails" paint, for the status
        self._clock = clock
        self._diagnosed_at: float | None = None  # when, while running; None: due now

    def new_run(self) -> None:
        """A new data set or run: the points, empty curves, then everything from the model."""
        model, ui = self.model, self.ui
        ui.boundary.set_data(model.dataset, view_domain(model.dataset))
        if ui.curves_built:
            ui.curves.clear_run(len(model.settings.layers) - 1)
        self.paint(model.latest)

    def curves_built(self) -> None:
        """The curves exist now (after the first picture): the run so far, drawn."""
        if self.model.latest is not None:
            self.ui.curves.clear_run(len(self.model.settings.layers) - 1)
            self.paint(self.model.latest, ("losses", "trails"))

    def frame(self, snapshot: LiveSnapshot, running: bool) -> None:
        """A newer snapshot: all the views when still, a share of them per frame when running."""
        parts = PARTS
        if not running:
            self.picture_due = True
        elif self.picture_due and snapshot.picture:
            parts, self.picture_due = ("picture",), False
        else:
            self._curve_turn = 1 - self._curve_turn
            parts, self.picture_due = (CURVE_PARTS[self._curve_turn],), True
        self.paint(snapshot, parts, running)

    def paint(self, snapshot: LiveSnapshot, parts: tuple[str, ...] = PARTS,
              running: bool = False) -> None:
        """The views from one snapshot: "picture" (boundary, diagram), "losses" (loss
        curve, output table), "trails" (accuracy and gradient-norm curves, diagnosis).

        All of them by default (the redraw the benchmark times), but the picture of a
        snapshot made without it (it stays as the last one drew it).  While ``running``
        the diagnosis is kept until ``DIAGNOSIS_EVERY_S`` has passed.
        """
        t = snapshot.training
        ui, history = self.ui, self.model.history
        if "picture" in parts and snapshot.picture:
            ui.boundary.set_grid(t.grid)
            ui.diagram.set_data(self.diagram_data(snapshot))
        if "losses" in parts:
            if ui.curves_built:
                ui.curves.show_losses(*history.losses(t))
            if snapshot.table:
                ui.table.show_rows(snapshot.table, self.model.dataset.y_train)
        if "trails" in parts:
            self._diagnose(running)
            if not ui.curves_built:
                return
            ui.curves.show_trails(*history.trails())
            if self.diagnosis is not None:
                ui.curves.show_diagnosis(self.diagnosis.text(), self.diagnosis.summary())

    def _diagnose(self, running: bool) -> None:
        now = self._clock()
        if running and self._diagnosed_at is not None and \
                now - self._diagnosed_at < DIAGNOSIS_EVERY_S:
            return
        with _one_blas_thread():
            self.diagnosis = self.model.diagnosis()
        self._diagnosed_at = now if running else None

    def diagram_data(self, snapshot: LiveSnapshot) -> DiagramData:
        activations, _ = self.model.engine_layers()
        return diagram_data(snapshot, self.model.settings.layers, tuple(activations),
                            self.ui.gradient_check.isChecked())

    def redraw_diagram(self) -> None:
        """The diagram again (∂C/∂θ or θ), unless the newest frame came without its
        picture: the next one, a frame or two away, draws it."""
        if self.model.latest is not None and self.model.latest.picture:
            self.ui.diagram.set_data(self.diagram_data(self.model.latest))


def diagram_data(snapshot: LiveSnapshot, layer_sizes: tuple[int, ...],
                 activations: tuple[str, ...], gradient: bool) -> DiagramData:
    """What the diagram draws of ``snapshot``: W^m and b^m (or ∂C/∂W^m, ∂C/∂b^m when
    ``gradient``) and each unit's map a^m(x₁, x₂) when the snapshot has them."""
    t = snapshot.training
    links = snapshot.dC_dW if gradient else t.weights
    nodes = snapshot.dC_db if gradient else t.biases
    maps: list[np.ndarray | None] = [None] * len(t.weights)
    if t.hidden_grids is not None:
        maps[:-1] = [grid.values[0] for grid in t.hidden_grids]
    if t.grid is not None:
        maps[-1] = t.grid.values[0][:, ::OUTPUT_MAP_STRIDE, ::OUTPUT_MAP_STRIDE]
    return DiagramData(
        layer_sizes=tuple(layer_sizes), activations=tuple(activations),
        links=tuple(v[0] for v in links), nodes=tuple(np.ravel(v[0]) for v in nodes),
        maps=tuple(maps), gradient=gradient)
