"""Recorded views of the Neural network tab: the decision boundary, or the whole tab
(boundary over the network diagram, loss / accuracy / gradient curves beside them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gui.record.recorder import RecordView
from gui.record.views import grid


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
    frame = grid((boundary, 0, 0, 3, 1), (diagram, 3, 0, 2, 1), (curves, 0, 1, 5, 1),
                  stretch={0: 3, 1: 2})

    def paint(snapshot: Any) -> None:
        t = snapshot.training
        # the curves hold the points of the frames up to this one: drawn again, a frame
        # looks the same
        history.cut(t.epoch)
        history.record(t)
        paint_boundary(snapshot)
        diagram.set_data(diagram_data(snapshot, layers, activations, gradient=False))
        curves.show_losses(*history.losses(t))
        curves.show_trails(*history.trails())

    return RecordView(frame, paint)
