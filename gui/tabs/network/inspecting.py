"""The backprop inspector's driver: one sample through the shown (or a chosen) network.

The inspection itself (a^m, z^m, δ^m, ∂C/∂W^m checked by finite differences)
is engine work run off the GUI thread; this object only opens the dialog,
starts the job and hands the result to the dialog.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from engine.network.inspection import inspect_sample
from engine.network.network import Network
from gui.pool_worker import PoolWorker
from gui.tabs.network.build import build_network, load_parameters
from gui.tabs.network.diagram import DiagramData
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.settings import rule_text

if TYPE_CHECKING:  # the dialogs' modules are imported when one first opens
    from gui.tabs.network.inspector import InspectorDialog
    from gui.tabs.network.walkthrough_dialog import WalkthroughDialog


class Inspection:
    """Opens the inspector on ``model``'s network (or given W^m, b^m) for one sample."""

    def __init__(self, parent: QWidget, model: NetworkModel) -> None:
        self.parent = parent
        self.model = model
        # in a helper process: the finite-difference check runs four forward passes per
        # parameter, thousands of small NumPy calls whose GIL the window would wait on
        self.worker = PoolWorker(parent)
        self.worker.snapshot.connect(self._on_inspection)
        self.worker.error.connect(self._on_error)
        self.dialog: InspectorDialog | None = None
        self.walkthrough: WalkthroughDialog | None = None
        self._running: tuple[Network, int] | None = None  # the network and sample in the job
        self.inspected: tuple[Network, int] | None = None  # those of the inspection shown
        self._target: tuple[tuple, tuple] | None = None

    def open(self, sample_index: int = 0,
             parameters: tuple[tuple, tuple] | None = None) -> InspectorDialog:
        if self.dialog is None:
            from gui.tabs.network.inspector import InspectorDialog

            self.dialog = InspectorDialog(self.parent)
            self.dialog.sample_chosen.connect(self._inspect)
            self.dialog.walkthrough_requested.connect(self.open_walkthrough)
        if parameters is None and self.model.latest is not None:
            parameters = self.model.parameters()
        self._target = parameters
        X, y = self.model.dataset.X_train, self.model.dataset.y_train
        index = int(np.clip(sample_index, 0, len(y) - 1))
        self.dialog.set_samples(X, y, index)
        self.dialog.show()
        self.dialog.raise_()
        self._inspect(index)
        return self.dialog

    def follow_run(self) -> None:
        """A new run (layers, data, session, "Continue this one"): an open dialog shows it."""
        if self.dialog is not None and self.dialog.isVisible() and self.model.latest is not None:
            self._target = self.model.parameters()
            self._inspect(self.dialog.current_sample())

    def _inspect(self, index: int) -> None:
        model = self.model
        # the data may have changed since the list was filled: list the samples of now
        index = self.dialog.follow(model.dataset.X_train, model.dataset.y_train, index)
        network = build_network(model.settings, model.dataset)
        if self._target is not None:
            try:
                load_parameters(network, *self._target)
            except ValueError:  # the network changed since: inspect the one shown now
                self._target = model.parameters() if model.latest is not None else None
                if self._target is not None:  # else the new run's first weights, still coming
                    load_parameters(network, *self._target)
        X, y = model.dataset.X_train, model.dataset.y_train
        self.dialog.show_waiting(network.n_parameters)
        self._running = (network, index)
        self.worker.start(OneShot(partial(inspect_sample, network, X[index], int(y[index]))))

    def _on_inspection(self, inspection: object) -> None:
        if inspection is None or self.dialog is None:
            return
        activations, loss = self.model.engine_layers()
        self.inspected = self._running
        self.dialog.show_inspection(inspection, tuple(activations), loss)

    def open_walkthrough(self) -> WalkthroughDialog | None:
        """Step through the inspection shown: the same numbers, on the network diagram."""
        if self.dialog is None or self.dialog.inspection is None or self.inspected is None:
            return None
        network, index = self.inspected
        inspection = self.dialog.inspection
        settings = self.model.settings
        from engine.network.walkthrough import build_steps
        from gui.tabs.network.walkthrough_dialog import WalkthroughDialog

        steps = build_steps(inspection, network, settings.rule())
        data = DiagramData(network.layer_sizes, tuple(a.name for a in network.activations),
                           tuple(W[0] for W in network.W), tuple(b[0][:, 0] for b in network.b),
                           (None,) * len(network.W), gradient=False)
        x = ", ".join(f"{v:.3g}" for v in inspection.a0[:, 0])
        y = ", ".join(f"{v:g}" for v in inspection.y[:, 0])
        if self.walkthrough is None:
            self.walkthrough = WalkthroughDialog(self.parent)
        self.walkthrough.show_steps(steps, data, f"Training sample #{index + 1}: a⁰ = ({x}), "
                                    f"y = ({y}); trained by {rule_text(settings)}")
        self.walkthrough.show()
        self.walkthrough.raise_()
        return self.walkthrough

    def _on_error(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_failure(message)

    def shutdown(self) -> None:
        self.worker.shutdown()
        if self.walkthrough is not None:
            self.walkthrough.shutdown()
        if self.dialog is not None:
            self.dialog.close()
