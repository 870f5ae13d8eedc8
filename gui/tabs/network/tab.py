"""The Neural network tab: pick data and a network, press play, watch it learn.

The tab wires three things together and keeps no state of its own:
``model`` (gui.tabs.network.model.NetworkModel, Qt-free) holds the settings
in use, the run, its history and what was refused; the widgets send it
intents and render its events; ``worker`` (a trainer process) runs the job
and reports snapshots, state changes and failures to the model.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtWidgets import QWidget

from engine.network.live_run import LiveSnapshot
from gui.process_worker import training_worker
from gui.tabs.base import LabTab
from gui.tabs.network.inspecting import Inspection
from gui.tabs.network.layout import build_layout
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.settings import NetworkSettings
from gui.tabs.network.status import RateMeter, describe
from gui.tabs.network.views import RunViews
from gui.theme import BLUE, GREY, VERMILLION

STEADY_AFTER_S = 1.5
FRAME_INTERVAL_MS = 33
DEFAULT_SPEED = 100.0  # epochs per second: slow enough to watch the boundary bend
COLORS = {"note": BLUE, "problem": VERMILLION}


class NetworkTab(LabTab):
    """Train a multi-layer perceptron live; see its boundary, weights, curves and backprop."""

    title = "Neural network"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_tab")
        self.ui = build_layout(self)
        # Training runs in its own process (a thread where processes cannot run), so
        # painting never waits for the trainer.
        self.worker = training_worker(self, display_interval_ms=FRAME_INTERVAL_MS)
        self.model = NetworkModel(self.worker)
        self.views = RunViews(self.ui, self.model)
        self.inspection = Inspection(self, self.model)
        self.rate = RateMeter()
        self._played_since: float | None = None
        self._played_for = 0.0
        transport = self.ui.transport
        transport.speed.setCurrentIndex(transport.speed.findData(DEFAULT_SPEED))
        self._connect()
        self.model.rebuild(self.model.settings, "Ready: press Play (Space) to train")

    def _connect(self) -> None:
        ui, model = self.ui, self.model
        ui.controls.edited.connect(self._on_edited)
        ui.controls.layers_refused.connect(model.refuse_layers)
        ui.controls.preset_chosen.connect(model.apply_preset)
        ui.transport.play_requested.connect(self.play_pause)
        ui.transport.step_requested.connect(self.step)
        ui.transport.reset_requested.connect(self.reset)
        ui.transport.speed_changed.connect(self.worker.set_speed_limit)
        ui.gradient_check.toggled.connect(self._on_gradient_toggled)
        ui.inspector_button.clicked.connect(self._on_inspector_button)
        ui.many_starts.train_requested.connect(self.train_many)
        ui.many_starts.continue_requested.connect(self.continue_member)
        ui.many_starts.inspect_requested.connect(self.inspect_member)
        self.worker.snapshot.connect(model.on_snapshot)
        self.worker.error.connect(model.on_error)
        self.worker.state_changed.connect(self._on_state)
        model.connect("settings", self._show_settings)
        model.connect("refusal", self._show_refusal)
        model.connect("run", self._on_run)
        model.connect("snapshot", self._on_snapshot)
        model.connect("status", self._on_status)

    # ---- read-only views of the model (tests, the benchmark, sessions) -----
    @property
    def settings(self) -> NetworkSettings:
        return self.model.settings

    @property
    def latest(self) -> LiveSnapshot | None:
        return self.model.latest

    @property
    def dataset(self) -> Any:
        return self.model.dataset

    # ---- LabTab ------------------------------------------------------------
    def start_demo(self) -> None:
        self.model.apply_preset("recommended")
        self.play()

    def is_steady(self) -> bool:
        t = self.latest.training if self.latest is not None else None
        if t is None:
            return False
        return (bool(t.solved[0]) and t.epoch > 100) or self._training_time() >= STEADY_AFTER_S

    def play_pause(self) -> None:
        self.model.play_pause()

    def play(self) -> None:
        self.model.play()

    def pause(self) -> None:
        self.model.pause()

    def step(self) -> None:
        self.model.step()

    def reset(self) -> None:
        self.model.reset()

    def shutdown(self) -> None:
        self.worker.shutdown()
        self.inspection.shutdown()
        self.ui.many_starts.shutdown()

    def export_target(self) -> Any:
        return self.ui.boundary.plot.getPlotItem()

    def export_arrays(self) -> dict[str, dict[str, Any]]:
        """W^m and b^m of the shown network (W1, b1, …) with its layer sizes and epoch."""
        if self.latest is None:
            return {}
        arrays: dict[str, Any] = {"layer_sizes": np.array(self.settings.layers),
                                  "epoch": np.array(self.model.epoch())}
        for m, (W, b) in enumerate(zip(*self.model.parameters(), strict=True), start=1):
            arrays[f"W{m}"], arrays[f"b{m}"] = W, b
        return {"Network parameters W, b": arrays}

    def state(self) -> dict[str, Any]:
        return self.model.state()

    def set_state(self, state: dict[str, Any]) -> None:
        self.model.set_state(state)

    # ---- model → views -----------------------------------------------------
    def _on_edited(self, settings: NetworkSettings) -> None:
        self.model.edit(settings)

    def _show_settings(self, settings: NetworkSettings) -> None:
        self.ui.controls.show_settings(settings, self.model.output_activation())

    def _show_refusal(self, field: str, text: str) -> None:
        controls = self.ui.controls
        show = controls.show_data_problem if field == "data" else controls.show_layers_problem
        show(text)

    def _on_run(self, message: str) -> None:
        self.rate.reset()
        self._played_for, self._played_since = 0.0, None
        self.views.new_run()
        self.inspection.follow_run()
        self.worker.set_speed_limit(self.ui.transport.speed_limit())
        self.ui.boundary.show_message("\n".join(filter(None, (message, self._plane_note()))),
                                      BLUE)

    def _plane_note(self) -> str:
        n = self.model.dataset.n_features
        return "" if n == 2 else f"{n} inputs: the decision boundary needs exactly 2"

    def _on_snapshot(self, snapshot: LiveSnapshot) -> None:
        running = self.worker.is_running
        self.views.frame(snapshot, running)
        t = snapshot.training
        epoch = self.model.epoch()
        self.rate.add(epoch, running)
        if t.status == "diverged":
            self.ui.boundary.show_message(f"Diverged: {t.message}", VERMILLION)
        self._on_status(describe(t, epoch, self.rate.value), "")

    def paint(self, snapshot: LiveSnapshot) -> None:
        """Every view from ``snapshot`` (the redraw the benchmark times)."""
        self.views.paint(snapshot)

    def _on_status(self, text: str, kind: str) -> None:
        """Status bar text; a problem or a note also goes above the boundary plot."""
        self.status_text = text
        self.status.emit(text)
        if kind:
            self.ui.boundary.show_message(text, COLORS[kind])

    def _on_gradient_toggled(self, _on: bool) -> None:
        self.views.redraw_diagram()

    def _on_state(self, state: str) -> None:
        has_run = self.latest is not None
        self.ui.transport.show_state("paused" if state == "idle" and has_run else state)
        now = time.monotonic()
        if state == "running":
            self._played_since = now
            self.ui.boundary.show_message(self._plane_note(), GREY)
        elif self._played_since is not None:
            self._played_for += now - self._played_since
            self._played_since = None
        if state != "running" and has_run:
            self.views.paint(self.latest)  # a still picture is a whole one
        self.model.on_trainer_state(state)

    def _training_time(self) -> float:
        running = time.monotonic() - self._played_since if self._played_since else 0.0
        return self._played_for + running

    # ---- inspector and many starts -------------------------------------------
    def _on_inspector_button(self) -> None:
        self.open_inspector(0)

    def open_inspector(self, sample_index: int = 0,
                       parameters: tuple[tuple, tuple] | None = None) -> Any:
        """Show the backprop inspector on one training sample of the current network."""
        return self.inspection.open(sample_index, parameters)

    @property
    def inspector(self) -> Any:
        return self.inspection.dialog

    def train_many(self, n: int) -> None:
        """Train ``n`` fresh networks (seeds s … s+n−1) with the settings in use."""
        panel = self.ui.many_starts
        try:
            job = self.model.many_starts_job(n)
        except ValueError as exc:
            panel.show_problem(str(exc))
            return
        panel.start(job, self.settings.seed)

    def continue_member(self, k: int) -> None:
        """Make network k of the many-starts run the main one (settings, weights, curves)."""
        panel = self.ui.many_starts
        t = panel.latest
        self.model.continue_member(t, k, panel.trails.member(k, len(t.train_accuracy)))
        self.ui.side_tabs.setCurrentIndex(0)

    def inspect_member(self, k: int) -> None:
        self.open_inspector(0, self.model.member_parameters(self.ui.many_starts.latest, k))
