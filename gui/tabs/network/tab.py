"""The Neural network tab: pick data and a network, press play, watch it learn.

The tab owns one training worker (``worker``), the many-starts panel's
worker and the inspector's.  Settings changes either apply live (η, μ, the
stop) through the worker's ``submit`` or rebuild the run from fresh weights with a
message saying so.  Every picture is painted from the newest snapshot only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from engine.network import live_run
from engine.network.datasets import Dataset, DatasetError
from engine.network.inspection import inspect_sample
from engine.network.live_run import LiveRun, LiveSnapshot
from engine.network.network import Network
from gui.process_worker import training_worker
from gui.tabs.base import LabTab
from gui.tabs.network.build import (
    build_network,
    build_run,
    engine_layers,
    load_dataset,
    load_parameters,
    output_units,
    view_domain,
)
from gui.tabs.network.diagram import DiagramData
from gui.tabs.network.inspector import InspectorDialog
from gui.tabs.network.layout import build_layout
from gui.tabs.network.session import History, restore, save
from gui.tabs.network.settings import default_settings, preset_settings
from gui.tabs.network.status import RateMeter, describe
from gui.theme import BLUE, GREY, VERMILLION
from gui.worker import Worker

STEADY_AFTER_S = 1.5
FRAME_INTERVAL_MS = 33
STEADY_EPOCHS = 100
DEFAULT_SPEED = 100.0  # epochs per second: slow enough to watch the boundary bend
PARTS = ("picture", "losses", "trails")
ROTATION = ("picture", "losses", "picture", "trails")
OUTPUT_MAP_STRIDE = 5  # the 150 × 150 output grid, every 5th point, for the small node map


class NetworkTab(LabTab):
    """Train a multi-layer perceptron live; see its boundary, weights, curves and backprop."""

    title = "Neural network"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_tab")
        self.status_text = ""
        self.ui = build_layout(self)
        # Training runs in its own process (a thread where processes cannot run), so
        # painting never waits for the trainer.
        self.worker = training_worker(self, display_interval_ms=FRAME_INTERVAL_MS)
        self.inspector_worker = Worker(self)
        self.settings = default_settings()
        self._run_settings = self.settings  # what the run on screen was built from
        self.dataset: Dataset | None = None
        self.job: LiveRun | None = None  # the run as started; the trainer process owns its progress
        self.latest: LiveSnapshot | None = None
        self.history = History()
        self.rate = RateMeter()
        self.inspector: InspectorDialog | None = None
        self._inspect_target: tuple[tuple, tuple] | None = None
        self._played_since: float | None = None
        self._played_for = 0.0
        self._plane_note = ""
        self._frame = 0
        self.ui.controls.set_settings(self.settings)
        transport = self.ui.transport
        transport.speed.setCurrentIndex(transport.speed.findData(DEFAULT_SPEED))
        self._connect()
        self.rebuild("Ready: press Play (Space) to train")

    def _connect(self) -> None:
        ui = self.ui
        ui.controls.edited.connect(self._on_edited)
        ui.controls.preset_chosen.connect(self.apply_preset)
        ui.transport.play_requested.connect(self.play_pause)
        ui.transport.step_requested.connect(self.step)
        ui.transport.reset_requested.connect(self.reset)
        ui.transport.speed_changed.connect(self.worker.set_speed_limit)
        ui.gradient_check.toggled.connect(self._on_gradient_toggled)
        ui.inspector_button.clicked.connect(self._on_inspector_button)
        ui.many_starts.train_requested.connect(self.train_many)
        ui.many_starts.continue_requested.connect(self.continue_member)
        ui.many_starts.inspect_requested.connect(self.inspect_member)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.error.connect(self._on_error)
        self.worker.state_changed.connect(self._on_state)
        self.inspector_worker.snapshot.connect(self._on_inspection)
        self.inspector_worker.error.connect(self._on_inspection_error)

    # ---- LabTab ------------------------------------------------------------
    def start_demo(self) -> None:
        self.apply_preset("recommended")
        self.play()

    def is_steady(self) -> bool:
        t = self.latest.training if self.latest is not None else None
        if t is None:
            return False
        return (bool(t.solved[0]) and t.epoch > 100) or self._training_time() >= STEADY_AFTER_S

    def play_pause(self) -> None:
        if self.worker.is_running:
            self.pause()
        else:
            self.play()

    def pause(self) -> None:
        self.worker.pause()
        self.worker.submit(live_run.refresh)

    def play(self) -> None:
        """Train on (raising ``Stop after`` has already revived a run that reached it)."""
        if self.job is None:
            return
        if self.worker.state == "finished" or not self.worker.has_job:
            self._say(self._finished_advice(), VERMILLION)
            return
        self.worker.resume()

    def step(self) -> None:
        if self.worker.state in ("running", "paused"):
            self.worker.step_once(1)

    def reset(self) -> None:
        self.rebuild("Reset: fresh starting weights from the seed")

    def shutdown(self) -> None:
        self.worker.shutdown()
        self.inspector_worker.shutdown()
        self.ui.many_starts.shutdown()
        if self.inspector is not None:
            self.inspector.close()

    def export_target(self) -> Any:
        return self.ui.boundary.plot.getPlotItem()

    def export_arrays(self) -> dict[str, dict[str, Any]]:
        """W^m and b^m of the shown network (W1, b1, …) with its layer sizes and epoch."""
        if self.latest is None:
            return {}
        t = self.latest.training
        arrays: dict[str, Any] = {"layer_sizes": np.array(self.settings.layers),
                                  "epoch": np.array(self.history.total_epochs(t.epoch))}
        for m, (W, b) in enumerate(zip(t.weights, t.biases, strict=True), start=1):
            arrays[f"W{m}"], arrays[f"b{m}"] = W[0], b[0]
        return {"Network parameters W, b": arrays}

    def state(self) -> dict[str, Any]:
        return save(self.settings, self.latest, self.history)

    def set_state(self, state: dict[str, Any]) -> None:
        settings, weights, biases, history = restore(state)
        dataset = load_dataset(settings)
        network = build_network(settings, dataset)
        if weights is not None:  # saved before the first snapshot: the seed's fresh weights
            load_parameters(network, weights, biases)
        self.settings = settings
        self.ui.controls.set_settings(settings)
        self.dataset = dataset
        self._start(network, history, "Session restored: press Play to train on")

    # ---- building runs -----------------------------------------------------
    def apply_preset(self, name: str) -> None:
        settings = preset_settings(name, self.ui.controls.settings())
        settings = replace(settings, dataset=self.settings.dataset)
        self.ui.controls.set_settings(settings)
        self.settings = settings
        self.rebuild(f"Preset: {name} — fresh starting weights")

    def rebuild(self, message: str) -> bool:
        """Load the data and start fresh networks from the settings; False (and why) if not.

        Refused settings leave the run on screen as it was, with the settings it was
        built from back in the controls.
        """
        try:
            dataset = load_dataset(self.settings)
        except DatasetError as exc:
            return self._refuse(self.ui.controls.show_data_problem, "Data", str(exc))
        self.ui.controls.show_data_problem("")
        self._fit_layers(dataset)
        try:
            network = build_network(self.settings, dataset)
        except ValueError as exc:
            return self._refuse(self.ui.controls.show_layers_problem, "Network", str(exc))
        self.ui.controls.show_layers_problem("")
        self.dataset = dataset
        self._start(network, History(), message)
        return True

    def _refuse(self, show: Callable[[str], None], what: str, problem: str) -> bool:
        if self.job is not None:
            self.settings = self._run_settings
            self.ui.controls.set_settings(self._run_settings)
            problem += " — keeping the current network"
        show(problem)
        self._say(f"{what}: {problem}", VERMILLION)
        return False

    def _fit_layers(self, dataset: Dataset) -> None:
        """Keep the hidden layers; make the ends match the data's inputs and classes."""
        sizes = (dataset.n_features, *self.settings.layers[1:-1], output_units(dataset))
        if sizes != self.settings.layers:
            self.settings = self.ui.controls.with_layers(self.settings, sizes)

    def _start(self, network: Network, history: History, message: str) -> None:
        self.worker.cancel()
        self._run_settings = self.settings
        dataset = self.dataset
        run = build_run(self.settings, dataset, network)
        run.max_epochs = self._run_stop(history)
        self.job = LiveRun(run, dataset.X_train)
        # Taken before the job goes to the trainer, so state() never misses the
        # starting (or restored) weights while the first frame is on its way.
        self.latest = self.job.snapshot()
        self.history = history
        self.rate.reset()
        self._played_for, self._played_since = 0.0, None
        self.ui.boundary.set_data(dataset, view_domain(dataset))
        self.ui.curves.clear_run(len(self.settings.layers) - 1)
        self.worker.start(self.job, paused=True)
        self.worker.set_speed_limit(self.ui.transport.speed_limit())
        self._plane_note = "" if dataset.n_features == 2 else \
            f"{dataset.n_features} inputs: the decision boundary needs exactly 2"
        self._say(message)
        self.ui.boundary.show_message("\n".join(filter(None, (message, self._plane_note))), BLUE)
        if self.inspector is not None and self.inspector.isVisible():
            self._inspect_target = None  # an open inspector follows the new network
            self._inspect(self.inspector.current_sample())

    def _run_stop(self, history: History) -> int:
        """``Stop after`` counts every epoch shown; the run's own count starts after ``history``."""
        return max(0, self.settings.max_epochs - history.offset)

    def _current_parameters(self) -> tuple[tuple, tuple]:
        t = self.latest.training
        return tuple(W[0] for W in t.weights), tuple(b[0] for b in t.biases)

    def _finished_advice(self) -> str:
        t = self.latest.training if self.latest is not None else None
        if t is not None and t.status == "diverged":
            return f"{t.message}. Lower the learning rate and press Reset (R)."
        return ("The run reached “Stop after”: raise it to train on, or press Reset (R).")

    # ---- settings ----------------------------------------------------------
    def _on_edited(self) -> None:
        new = self.ui.controls.settings()
        old, self.settings = self.settings, new
        if new.architecture() != old.architecture():
            self.rebuild("Settings changed: fresh starting weights (the old run is gone)")
            return
        if self.job is None:
            return
        for changed, value, command in (
            (new.learning_rate != old.learning_rate, new.learning_rate,
             live_run.set_learning_rate),
            (new.momentum != old.momentum, new.momentum, live_run.set_momentum),
            (new.max_epochs != old.max_epochs, self._run_stop(self.history),
             live_run.set_max_epochs),
        ):
            if changed:
                self.worker.submit(partial(command, value))
        self._say(f"Applied live: η = {new.learning_rate:.3g}, μ = {new.momentum:.2f}, "
                  f"stop after {new.max_epochs:,} epochs")

    # ---- snapshots ---------------------------------------------------------
    def _on_snapshot(self, snapshot: LiveSnapshot) -> None:
        if snapshot is self.latest:
            return
        self.latest = snapshot
        if self.job is None:
            self.paint(snapshot)
            return
        parts = PARTS
        if self.worker.is_running:
            # while running, a share of the views per frame, so no frame blocks the GUI long;
            # the picture (boundary, diagram) every other frame, each curve panel every 4th
            self._frame += 1
            parts = (ROTATION[self._frame % len(ROTATION)],)
        self.paint(snapshot, parts)

    def paint(self, snapshot: LiveSnapshot, parts: tuple[str, ...] = PARTS) -> None:
        """The views from one snapshot: "picture" (boundary, diagram), "losses" (loss
        curve, output table), "trails" (accuracy and gradient-norm curves).

        All of them by default (the redraw the benchmark times).
        """
        t = snapshot.training
        ui = self.ui
        epoch = self.history.total_epochs(t.epoch)
        if "picture" in parts:
            ui.boundary.set_grid(t.grid)
            ui.diagram.set_data(self._diagram_data(snapshot))
        if "losses" in parts:
            epochs, train, test = self.history.joined(t)
            ui.curves.show_losses(epochs, train, test)
            if snapshot.table:
                ui.table.show_rows(snapshot.table, self.dataset.y_train)
        test_accuracy = None if t.test_accuracy is None else float(t.test_accuracy[0])
        # every snapshot's point is kept; the curves are drawn in "trails" frames
        ui.curves.add_point(epoch, (float(t.train_accuracy[0]), test_accuracy),
                            t.grad_norms[0], draw="trails" in parts)
        self.rate.add(epoch, self.worker.is_running)
        if t.status == "diverged":
            ui.boundary.show_message(f"Diverged: {t.message}", VERMILLION)
        self._say(describe(t, epoch, self.rate.value), announce_only=True)

    def _diagram_data(self, snapshot: LiveSnapshot) -> DiagramData:
        t = snapshot.training
        gradient = self.ui.gradient_check.isChecked()
        links = snapshot.dC_dW if gradient else t.weights
        nodes = snapshot.dC_db if gradient else t.biases
        maps: list[np.ndarray | None] = [None] * len(t.weights)
        if t.hidden_grids is not None:
            maps[:-1] = [grid.values[0] for grid in t.hidden_grids]
        if t.grid is not None:
            maps[-1] = t.grid.values[0][:, ::OUTPUT_MAP_STRIDE, ::OUTPUT_MAP_STRIDE]
        activations, _ = engine_layers(self.settings, self.dataset)
        return DiagramData(
            layer_sizes=self.settings.layers, activations=tuple(activations),
            links=tuple(v[0] for v in links), nodes=tuple(np.ravel(v[0]) for v in nodes),
            maps=tuple(maps), gradient=gradient)

    def _on_gradient_toggled(self, _on: bool) -> None:
        if self.latest is not None:
            self.ui.diagram.set_data(self._diagram_data(self.latest))

    def _on_state(self, state: str) -> None:
        self.ui.transport.show_state("paused" if state == "idle" and self.job else state)
        now = time.monotonic()
        if state == "running":
            self._played_since = now
            self.ui.boundary.show_message(self._plane_note, GREY)
        elif self._played_since is not None:
            self._played_for += now - self._played_since
            self._played_since = None
        if state != "running" and self.latest is not None:
            self.paint(self.latest)  # a still picture is a whole one
        if state == "finished" and self.latest is not None:
            t = self.latest.training
            text = describe(t, self.history.total_epochs(t.epoch), 0.0)
            if t.status == "diverged":
                self._say(f"Diverged: {text}", VERMILLION)
            else:
                self._say(text)

    def _on_error(self, message: str) -> None:
        self.ui.boundary.show_message(f"Training stopped: {message}", VERMILLION)
        self._say(f"Training stopped: {message}", VERMILLION)

    def _training_time(self) -> float:
        running = time.monotonic() - self._played_since if self._played_since else 0.0
        return self._played_for + running

    def _say(self, text: str, color: str | None = None, announce_only: bool = False) -> None:
        """Status bar text; a colour also puts it above the boundary plot."""
        self.status_text = text
        self.status.emit(text)
        if color is not None and not announce_only:
            self.ui.boundary.show_message(text, color)

    # ---- inspector ---------------------------------------------------------
    def _on_inspector_button(self) -> None:
        self.open_inspector(0)

    def open_inspector(self, sample_index: int = 0,
                       parameters: tuple[tuple, tuple] | None = None) -> InspectorDialog:
        """Show the backprop inspector on one training sample of the current network."""
        if self.inspector is None:
            self.inspector = InspectorDialog(self)
            self.inspector.sample_chosen.connect(self._inspect)
        if parameters is None and self.latest is not None:
            parameters = self._current_parameters()
        self._inspect_target = parameters
        X, y = self.dataset.X_train, self.dataset.y_train
        index = int(np.clip(sample_index, 0, len(y) - 1))
        self.inspector.set_samples(X, y, index)
        self.inspector.show()
        self.inspector.raise_()
        self._inspect(index)
        return self.inspector

    def _inspect(self, index: int) -> None:
        """Sample ``index`` of the current data through the chosen parameters, or through the
        current network's once the layers changed under them."""
        index = self.inspector.follow(self.dataset.X_train, self.dataset.y_train, index)
        network = build_network(self.settings, self.dataset)
        try:
            load_parameters(network, *(self._inspect_target or self._current_parameters()))
        except ValueError:
            self._inspect_target = None
            try:
                load_parameters(network, *self._current_parameters())
            except ValueError as exc:  # a snapshot of the old network is still on its way
                self.inspector.show_failure(f"{exc}; pick the sample again in a moment")
                return
        x, label = self.dataset.X_train[index], int(self.dataset.y_train[index])
        self.inspector.show_waiting(network.n_parameters)
        self.inspector_worker.start(OneShot(partial(inspect_sample, network, x, label)))

    def _on_inspection(self, inspection: object) -> None:
        if inspection is None or self.inspector is None:
            return
        activations, loss = engine_layers(self.settings, self.dataset)
        self.inspector.show_inspection(inspection, tuple(activations), loss)

    def _on_inspection_error(self, message: str) -> None:
        if self.inspector is not None:
            self.inspector.show_failure(message)

    # ---- many starts -------------------------------------------------------
    def train_many(self, n: int) -> None:
        """Train ``n`` fresh networks (seeds s … s+n−1) with the current settings."""
        panel = self.ui.many_starts
        try:
            network = build_network(self.settings, self.dataset, n_networks=n)
        except ValueError as exc:
            panel.show_problem(str(exc))
            return
        run = build_run(self.settings, self.dataset, network, with_grids=False)
        panel.start(LiveRun(run), self.settings.seed)

    def _member_parameters(self, k: int) -> tuple[tuple, tuple]:
        t = self.ui.many_starts.latest
        return tuple(W[k] for W in t.weights), tuple(b[k] for b in t.biases)

    def continue_member(self, k: int) -> None:
        """Make network k of the many-starts run the main one (its seed, weights and curve)."""
        t = self.ui.many_starts.latest
        parameters = self._member_parameters(k)
        seed = self.ui.many_starts.seed + k
        self.settings = replace(self.settings, seed=seed)
        self.ui.controls.set_settings(self.settings)
        self.worker.cancel()
        self.latest = None
        self.history = History.of_member(t, k)
        network = build_network(self.settings, self.dataset)
        load_parameters(network, *parameters)
        self._start(network, self.history, f"Network with seed {seed} loaded at epoch "
                    f"{t.epoch:,}: press Play to train on")
        self.ui.side_tabs.setCurrentIndex(0)

    def inspect_member(self, k: int) -> None:
        self.open_inspector(0, self._member_parameters(k))
