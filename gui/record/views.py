"""What a recording draws: one plot of a tab, or the whole tab's plots side by side.

A :class:`ViewSpec` names a module-level builder and its (picklable) inputs,
so the recorder process can build the same offscreen view the window would:
``spec.build()`` gives a :class:`gui.record.recorder.RecordView` whose
``paint(snapshot)`` draws one frame.  The builders reuse the tabs' own views
(the decision boundary, the network diagram, the curves; the contour plot and
the f / ‖∇f‖ side plots), painted exactly as the tabs paint them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gui.record.recorder import RecordView


@dataclass(frozen=True)
class ViewSpec:
    """``builder(*args)`` makes the offscreen view (both must pickle)."""

    builder: Callable[..., RecordView]
    args: tuple

    def build(self) -> RecordView:
        return self.builder(*self.args)


def _grid(*cells: tuple[Any, int, int, int, int], stretch: dict[int, int]) -> Any:
    """An unshown widget holding ``(widget, row, column, rows, columns)`` cells."""
    from PySide6.QtWidgets import QGridLayout, QWidget

    frame = QWidget()
    layout = QGridLayout(frame)
    layout.setContentsMargins(4, 4, 4, 4)
    for widget, row, column, rows, columns in cells:
        layout.addWidget(widget, row, column, rows, columns)
    for column, factor in stretch.items():
        layout.setColumnStretch(column, factor)
    return frame


# ---- Neural network --------------------------------------------------------------
def _boundary(dataset: Any, domain: Any) -> tuple[Any, Callable[[Any], None]]:
    from gui.tabs.network.boundary import BoundaryView

    view = BoundaryView()
    view.set_data(dataset, domain)
    item = view.plot.getPlotItem()

    def paint(snapshot: Any) -> None:
        t = snapshot.training
        view.set_grid(t.grid)
        item.setTitle(f"Decision boundary a<sup>L</sup>(x₁, x₂), epoch {t.epoch:,}", size="10pt")

    return view, paint


def network_plot(dataset: Any, domain: Any) -> RecordView:
    """The decision boundary a^L(x₁, x₂) with the data, titled with the epoch."""
    return RecordView(*_boundary(dataset, domain))


def network_tab(dataset: Any, domain: Any, layers: tuple[int, ...],
                activations: tuple[str, ...]) -> RecordView:
    """The tab's plots: the boundary over the network diagram, the loss, accuracy and
    gradient-norm curves beside them, all from one snapshot and the history so far."""
    from gui.tabs.network.curves import CurvesView
    from gui.tabs.network.diagram import NetworkDiagram
    from gui.tabs.network.history import RunHistory
    from gui.tabs.network.views import diagram_data

    boundary, paint_boundary = _boundary(dataset, domain)
    diagram = NetworkDiagram()
    curves = CurvesView()
    curves.clear_run(len(layers) - 1)
    history = RunHistory()
    frame = _grid((boundary, 0, 0, 3, 1), (diagram, 3, 0, 2, 1), (curves, 0, 1, 5, 1),
                  stretch={0: 3, 1: 2})

    def paint(snapshot: Any) -> None:
        t = snapshot.training
        history.record(t)
        paint_boundary(snapshot)
        diagram.set_data(diagram_data(snapshot, layers, activations, gradient=False))
        curves.show_losses(*history.losses(t))
        curves.show_trails(*history.trails())

    return RecordView(frame, paint)


# ---- Gradient descent ------------------------------------------------------------
def _contour(field: Any, critical: Any, optimizers: tuple[tuple[str, str], ...],
             name: str) -> tuple[Any, Callable[[Any], None]]:
    from gui.tabs.descent.contour_view import ContourView

    view = ContourView()
    view.set_field(field)
    if critical is not None:
        view.set_critical_points(critical)
    view.paths.set_optimizers(optimizers)

    def paint(snapshot: Any) -> None:
        view.paths.set_snapshot(snapshot)
        view.plot.setTitle(f"{name}: step {snapshot.step:,}")

    return view, paint


def descent_plot(field: Any, critical: Any, optimizers: tuple[tuple[str, str], ...],
                 name: str) -> RecordView:
    """The contour plot with every trajectory so far, titled with the step."""
    return RecordView(*_contour(field, critical, optimizers, name))


def descent_tab(field: Any, critical: Any, optimizers: tuple[tuple[str, str], ...],
                name: str) -> RecordView:
    """The tab's plots: the contours beside f and ‖∇f‖ against step."""
    from gui.tabs.descent.side_plots import SidePlots

    contour, paint_contour = _contour(field, critical, optimizers, name)
    side = SidePlots()
    frame = _grid((contour, 0, 0, 1, 1), (side, 0, 1, 1, 1), stretch={0: 3, 1: 2})

    def paint(snapshot: Any) -> None:
        paint_contour(snapshot)
        side.set_snapshot(snapshot)

    return RecordView(frame, paint)
