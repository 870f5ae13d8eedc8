"""What the Neural network tab records: a fresh training run and its decision boundary.

The job is a new ``LiveRun`` from the settings' seed, not the live one (which
runs in the trainer process), so the window's run goes on untouched while a
recording renders.
"""

from __future__ import annotations

from typing import Any

from engine.network.live_run import LiveRun, LiveSnapshot
from gui.record.dialog import RecordDialog, open_dialog
from gui.record.recorder import RecordView
from gui.tabs.network.boundary import BoundaryView
from gui.tabs.network.build import build_network, build_run, view_domain

NETWORK_EPOCHS = 300


def network_job(tab: Any) -> LiveRun:
    """A new training run from the settings' seed (the live run is not touched)."""
    model = tab.model
    return LiveRun(build_run(model.settings, model.dataset,
                             build_network(model.settings, model.dataset)))


def network_view(tab: Any) -> RecordView:
    """An unshown decision-boundary view of the tab's data; each frame paints a^L and the epoch."""
    dataset = tab.model.dataset
    domain = view_domain(dataset)
    if domain is None:
        raise ValueError(f"the decision boundary needs 2 inputs; this data has "
                         f"{dataset.n_features}")
    view = BoundaryView()
    view.set_data(dataset, domain)
    item = view.plot.getPlotItem()

    def paint(snapshot: LiveSnapshot) -> None:
        t = snapshot.training
        view.set_grid(t.grid)
        item.setTitle(f"Decision boundary a<sup>L</sup>(x₁, x₂), epoch {t.epoch:,}", size="10pt")

    return RecordView(view, paint)


def open_network_recorder(tab: Any) -> RecordDialog:
    """The Record dialog of the Neural network tab."""
    size = tab.ui.boundary.size()
    dialog = RecordDialog("epoch", NETWORK_EPOCHS, lambda: network_job(tab),
                          lambda: network_view(tab), (size.width(), size.height()), tab)
    return open_dialog(tab, dialog)
