"""What the Neural network tab records: a fresh training run, its decision boundary or
the whole tab (boundary, network diagram, loss / accuracy / gradient curves).

The job is a new ``LiveRun`` from the settings' seed, not the live one (which
runs in the trainer process), so the window's run goes on untouched while a
recording renders.
"""

from __future__ import annotations

from typing import Any

from engine.network.live_run import LiveRun
from gui.record.dialog import RecordDialog, open_dialog
from gui.record.network_views import network_plot, network_tab
from gui.record.views import ViewSpec
from gui.tabs.network.build import build_network, build_run, view_domain

NETWORK_EPOCHS = 300


def network_job(tab: Any) -> LiveRun:
    """A new training run from the settings' seed (the live run is not touched)."""
    model = tab.model
    return LiveRun(build_run(model.settings, model.dataset,
                             build_network(model.settings, model.dataset)))


def network_views(tab: Any) -> dict[str, tuple[str, ViewSpec]]:
    """scope → (label, view): the decision boundary, or the whole tab's plots."""
    model = tab.model
    dataset = model.dataset
    domain = view_domain(dataset)
    if domain is None:
        raise ValueError(f"the decision boundary needs 2 inputs; this data has "
                         f"{dataset.n_features}")
    activations, _ = model.engine_layers()
    return {"plot": ("The decision boundary", ViewSpec(network_plot, (dataset, domain))),
            "tab": ("The whole tab: boundary, network, loss, accuracy and ‖∂C/∂θ‖",
                    ViewSpec(network_tab, (dataset, domain, tuple(model.settings.layers),
                                           tuple(activations))))}


def open_network_recorder(tab: Any) -> RecordDialog:
    """The Record dialog of the Neural network tab."""
    size = tab.ui.boundary.size()
    dialog = RecordDialog("epoch", NETWORK_EPOCHS, lambda: network_job(tab),
                          lambda: network_views(tab), (size.width(), size.height()), tab)
    return open_dialog(tab, dialog)
