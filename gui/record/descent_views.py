"""Recorded views of the Gradient descent tab: the contour plot, or the whole tab
(the contours beside f and ‖∇f‖ against step)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gui.record.recorder import RecordView
from gui.record.views import grid


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
    frame = grid((contour, 0, 0, 1, 1), (side, 0, 1, 1, 1), stretch={0: 3, 1: 2})

    def paint(snapshot: Any) -> None:
        paint_contour(snapshot)
        side.set_snapshot(snapshot)

    return RecordView(frame, paint)
