"""The Neural network tab: pick data and a network, press play, watch it learn.

The tab wires three things together and keeps no state of its own:
``model`` (gui.tabs.network.model.NetworkModel, Qt-free) holds the settings
in use, the run, its history and what was refused; the widgets send it
intents and render its events; ``worker`` (a trainer process) runs the job
and reports snapshots, state changes and failures to the model.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from engine.network import activations
from engine.network.live_run import LiveSnapshot
from gui import themed
from gui.accessibility import describe_controls, keyboard_path
from gui.export_tabs import network_plots
from gui.first_paint import after_first_paint
from gui.process_worker import training_worker
from gui.tabs.base import LabTab
from gui.tabs.network.build import build_network, dataset_ready, preload_dataset
from gui.tabs.network.history import theta_of
from gui.tabs.network.inspecting import Inspection
from gui.tabs.network.layout import build_layout
from gui.tabs.network.map_demand import HiddenMapDemand
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.settings import NetworkSettings
from gui.tabs.network.status import RateMeter, describe
from gui.tabs.network.views import RunViews
from gui.theme import BLUE, GREY, VERMILLION
from gui.worker import Worker

STEADY_AFTER_S = 1.5
FRAME_INTERVAL_MS = 33
DEFAULT_SPEED = 100.0  # epochs per second: slow enough to watch the boundary bend
COLORS = {"note": BLUE, "problem": VERMILLION}
#: what the side panels import, on a thread after the first picture
LATER_MODULES = ("gui.tabs.network.many_starts", "gui.tabs.network.landscape_panel")


class NetworkTab(LabTab):
    """Train a multi-layer perceptron live; see its boundary, weights, curves and backprop."""

    title = "Neural network"
    _panels_importable = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_tab")
        # the window's own sigmoids (each start's first snapshot, the inspector …) need
        # no scipy.special: the same bits come from the C library's exp.  Importing it
        # takes 0.2 s and, even on a thread, holds the GIL the window paints with for
        # 0.15–0.3 s (bench.gui_blocks); the trainer processes import it for training.
        activations.defer_scipy()
        self.ui = build_layout(self)
        self._path_before_panels: list[np.ndarray] = []  # θ on the way, for the landscape
        # Training runs in its own process (a thread where processes cannot run), so
        # painting never waits for the trainer.
        self.worker = training_worker(self, display_interval_ms=FRAME_INTERVAL_MS)
        self.map_demand = HiddenMapDemand(self.ui.diagram, self.worker)
        self.model = NetworkModel(self.worker)
        # Starting a run evaluates the network on the boundary grid and the data: a
        # thread does it when costly (the first, small default run starts here).  Its
        # trainer process starts after the first picture's paint (the process's start
        # would compete with it for the cores), or when Play, Step … need it before.
        self.model.hold_trainer = True
        self.preparer = Worker(self)
        self.data_loader = Worker(self)  # reads a CSV file off the GUI thread
        self._loading: NetworkSettings | None = None
        self._closed = False
        self.views = RunViews(self.ui, self.model)
        # the trainer leaves the grids out of the frames that will not paint the picture
        self.worker.frame_request = lambda: {"picture": self.views.picture_due}
        self.inspection = Inspection(self, self.model)
        self.rate = RateMeter()
        transport = self.ui.transport
        transport.speed.setCurrentIndex(transport.speed.findData(DEFAULT_SPEED))
        self._connect()
        self.model.rebuild(self.model.settings, "Ready: press Play (Space) to train")
        self.model.preparer = self.preparer

    def _connect(self) -> None:
        ui, model = self.ui, self.model
        ui.controls.edited.connect(self._on_edited)
        ui.controls.layers_refused.connect(model.refuse_layers)
        ui.controls.preset_chosen.connect(model.apply_preset)
        ui.transport.play_requested.connect(self.play_pause)
        ui.transport.step_requested.connect(self.step)
        ui.transport.reset_requested.connect(self.reset)
        ui.transport.new_start_requested.connect(model.new_start)
        ui.rewind.rewind_requested.connect(model.rewind)
        ui.transport.speed_changed.connect(self._set_speed_limit)
        ui.transport.enable_record()
        ui.transport.record_requested.connect(self.open_recorder)
        ui.gradient_check.toggled.connect(self._on_gradient_toggled)
        ui.inspector_button.clicked.connect(self._on_inspector_button)
        ui.on_many_starts, ui.on_landscape = self._wire_many_starts, self._wire_landscape
        ui.on_curves = self._wire_curves
        # after the first picture's paint, each in a turn of the event loop of its own:
        # the curves; once they have painted, the trainer; once a thread has imported
        # their modules, the hidden side panels (they cost more to build than the picture)
        after_first_paint(ui.boundary.plot, self._after_first_picture)
        self._panels_importable.connect(self._build_side_panels,
                                        Qt.ConnectionType.QueuedConnection)
        self.data_loader.finished.connect(self._on_data_read)
        self.preparer.snapshot.connect(model.on_prepared)
        self.preparer.error.connect(model.on_prepare_failed)
        self.worker.snapshot.connect(model.on_snapshot)
        self.worker.error.connect(model.on_error)
        self.worker.state_changed.connect(self._on_state)
        model.connect("settings", self._show_settings)
        model.connect("refusal", self._show_refusal)
        model.connect("starting", self._on_starting)
        model.connect("run", self._on_run)
        model.connect("snapshot", self._on_snapshot)
        model.connect("status", self._on_status)

    def _after_first_picture(self) -> None:
        if self._closed:  # shut down before its first paint: no trainer for it
            return
        self.ui.build_curves()
        after_first_paint(self.ui.curves, self._after_curves)

    def _after_curves(self) -> None:
        if self._closed:
            return
        self.model.release_trainer()
        threading.Thread(target=self._import_the_rest, name="gradient-lab-preload",
                         daemon=True).start()

    def _import_the_rest(self) -> None:
        """(On a thread) the side panels' modules, then have the GUI thread build the
        panels."""
        for name in LATER_MODULES:
            importlib.import_module(name)
        try:
            self._panels_importable.emit()  # queued: built on the GUI thread
        except RuntimeError:  # the tab is gone
            pass

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

    @property
    def has_first_picture(self) -> bool:
        """The run's first snapshot (the boundary of the starting weights) is drawn
        (bench/startup.py waits for it)."""
        return self.model.latest is not None

    # ---- LabTab ------------------------------------------------------------
    def start_demo(self) -> None:
        self.model.apply_preset("recommended")
        self.play()

    def is_steady(self) -> bool:
        t = self.latest.training if self.latest is not None else None
        if t is None:
            return False
        return (bool(t.solved[0]) and t.epoch > 100) or \
            self.model.played_seconds() >= STEADY_AFTER_S

    def play_pause(self) -> None:
        self.model.play_pause()

    def progress(self) -> tuple[int, bool] | None:
        if self.latest is None:
            return None
        return self.model.epoch(), self.latest.training.status != "running"

    def train_many(self, n: int) -> None:
        """Train ``n`` networks from seeds s … s+n−1 in the Many starts panel, shown
        (what a lesson's many-starts run-until presses)."""
        self.ui.side_tabs.setCurrentWidget(self.ui.many_starts)
        self.ui.many_starts.train_networks(n)

    def many_progress(self) -> tuple[int, bool, str] | None:
        """(epoch, stopped, the panel's summary) of the many-starts run; None before its
        first snapshot."""
        panel = self.ui.many_starts
        if panel.latest is None:
            return None if panel.worker.state == "running" else (0, True, panel.summary.text())
        return panel.latest.epoch, panel.worker.state != "running", panel.summary.text()

    def play(self) -> None:
        self.model.play()

    def pause(self) -> None:
        self.model.pause()

    def step(self) -> None:
        self.model.step()

    def reset(self) -> None:
        self.model.reset()

    def set_projector(self, on: bool) -> None:
        """Projector: the per-sample output table hides; boundary, diagram and curves stay."""
        self.ui.table.setVisible(not on)

    def shutdown(self) -> None:
        self._closed = True
        self.data_loader.shutdown()
        self.preparer.shutdown()
        self.worker.shutdown()
        self.inspection.shutdown()
        for panel in self.ui.built_side_panels():  # each one's trainer, as far as built
            panel.shutdown()

    def export_target(self) -> Any:
        return self.ui.boundary.plot.getPlotItem()

    def open_recorder(self, units: int | None = None) -> Any:
        from gui.record.network import open_network_recorder  # not needed to start

        dialog = open_network_recorder(self)
        if units:
            dialog.units.setValue(units)
        return dialog

    def export_plots(self) -> list[Any]:
        return network_plots(self)

    def export_arrays(self) -> dict[str, dict[str, Any]]:
        """W^m and b^m of the shown network (W1, b1, …) with its layer sizes and epoch."""
        if self.latest is None:
            return {}
        arrays: dict[str, Any] = {"layer_sizes": np.array(self.settings.layers),
                                  "epoch": np.array(self.model.epoch())}
        for m, (W, b) in enumerate(zip(*self.model.parameters(), strict=True), start=1):
            arrays[f"W{m}"], arrays[f"b{m}"] = W, b
        return {"Network parameters W, b": arrays}

    def export_scripts(self) -> dict[str, Callable[[], str]]:
        from gui.tabs.network.script import training_script_source  # only when asked for

        return {"Training run as a Python script (NumPy only)":
                lambda: training_script_source(self.model)}

    def state(self) -> dict[str, Any]:
        return {**self.model.state(), "landscape": self.ui.landscape.state()}

    def set_state(self, state: dict[str, Any]) -> None:
        """The model's state and the Landscape panel's settings; ValueError (nothing
        changed) if either does not fit.  Sessions from before the panel have none."""
        from gui.tabs.network.landscape_model import LandscapeSettings  # the panel's module

        landscape = (LandscapeSettings.from_dict(state["landscape"])
                     if isinstance(state, dict) and "landscape" in state
                     else LandscapeSettings())
        self.model.set_state(state)
        self.ui.landscape.set_state(landscape)

    # ---- model → views -----------------------------------------------------
    def _on_edited(self, settings: NetworkSettings) -> None:
        if dataset_ready(settings):
            self._loading = None  # a file still being read is no longer wanted
            self.model.edit(settings)
            return
        # A CSV file not read yet: a worker reads it, then the model takes the settings.
        self._loading = settings
        self.data_loader.start(OneShot(partial(preload_dataset, settings)))
        self._on_status(f"Reading {os.path.basename(settings.csv_path)}…", "")

    def _on_data_read(self) -> None:
        settings = self._loading
        if settings is not None and dataset_ready(settings):  # else a newer read is under way
            self._loading = None
            self.model.edit(settings)

    @staticmethod
    def prepare_state(state: dict[str, Any]) -> None:
        """Slow work ``set_state`` will need, done ahead in any thread: read the CSV file."""
        try:
            settings = NetworkSettings.from_dict(state["settings"])
        except (KeyError, TypeError, ValueError):
            return  # set_state will say what is wrong
        preload_dataset(settings)

    def _show_settings(self, settings: NetworkSettings) -> None:
        model = self.model
        self.ui.controls.show_settings(settings, model.output_activation(), model.preset_in_use())

    def _show_refusal(self, field: str, text: str) -> None:
        controls = self.ui.controls
        show = controls.show_data_problem if field == "data" else controls.show_layers_problem
        show(text)

    def _wire_curves(self) -> None:
        """The curves exist now: styled and described as the rest of the tab, with the
        run so far."""
        page = self.ui.curves_page
        describe_controls(page)
        keyboard_path(page)
        themed.restyle_tab(page)
        self.views.curves_built()

    def _build_side_panels(self) -> None:
        """The Many starts panel now, the Landscape panel in the next turn."""
        if not self._closed:
            self.ui.build_many_starts()
            QTimer.singleShot(0, self, self.ui.build_side_panels)

    @staticmethod
    def _fit_in(page: QWidget) -> None:
        """As the main window does for a tab it builds."""
        describe_controls(page)
        keyboard_path(page)
        themed.restyle_tab(page)

    def _wire_many_starts(self) -> None:
        """The Many starts panel exists now: connect it."""
        ui = self.ui
        self._fit_in(ui.side_pages[0])
        ui.many_starts.attach(self.model)
        ui.many_starts.continued.connect(lambda: ui.side_tabs.setCurrentIndex(0))
        ui.many_starts.inspect_requested.connect(partial(self.open_inspector, 0))

    def _wire_landscape(self) -> None:
        """The Landscape panel exists now: give it the run and the path so far (kept
        meanwhile)."""
        ui, model = self.ui, self.model
        self._fit_in(ui.side_pages[1])
        if model.latest is not None:
            ui.landscape.set_network(build_network(self.settings, model.dataset),
                                     model.dataset)
        for theta in self._path_before_panels:
            ui.landscape.record(theta)
        self._path_before_panels.clear()

    def _record_path(self, theta: np.ndarray) -> None:
        if self.ui.side_panels_built:
            self.ui.landscape.record(theta)
        else:
            self._path_before_panels.append(theta)

    def _on_starting(self, message: str) -> None:
        self.ui.boundary.show_message(f"{message}: preparing the network…", GREY)

    def _on_run(self, message: str) -> None:
        self.rate.reset()
        self.views.new_run()
        self.inspection.follow_run()
        self.ui.rewind.show_recorded(self.model.recorded_epochs())
        self._path_before_panels.clear()
        if self.ui.side_panels_built:
            self.ui.landscape.set_network(build_network(self.settings, self.model.dataset),
                                          self.model.dataset)
        t = self.model.latest.training
        if len(t.diverged) == 1:  # the path starts where the run does (a race may start there)
            self._record_path(theta_of(t.weights, t.biases))
        self._set_speed_limit(self.ui.transport.speed_limit())
        self.ui.boundary.show_message("\n".join(filter(None, (message, self._plane_note()))),
                                      BLUE)

    def _set_speed_limit(self, epochs_per_second: float | None) -> None:
        """The speed box's epochs per second in the trainer's units: a run driven by
        updates (engine.network.live_run) counts ``units_per_epoch`` of them an epoch."""
        latest = self.model.latest
        units = latest.units_per_epoch if latest is not None else 1
        self.worker.set_speed_limit(epochs_per_second * units if epochs_per_second else None)

    def _plane_note(self) -> str:
        n = self.model.dataset.n_features
        return "" if n == 2 else f"{n} inputs: the decision boundary needs exactly 2"

    def _on_snapshot(self, snapshot: LiveSnapshot) -> None:
        running = self.worker.is_running
        t = snapshot.training
        if len(t.diverged) == 1:
            self._record_path(theta_of(t.weights, t.biases))
        self.views.frame(snapshot, running)
        self.ui.rewind.show_recorded(self.model.recorded_epochs())
        epoch = self.model.epoch()
        self.rate.add(epoch + t.batch / t.batches_per_epoch, running)
        if t.status == "diverged":
            self.ui.boundary.show_message(f"Diverged: {t.message}", VERMILLION)
        self._on_status(describe(t, epoch, self.rate.value, self.views.diagnosis), "")

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
        if state == "running":
            self.ui.boundary.show_message(self._plane_note(), GREY)
        elif has_run:
            self.views.paint(self.latest)  # a still picture is a whole one
            if state == "paused" and self.rate.counting:  # paused mid-run, maybe with no
                # snapshot to come: the status says the still picture's own diagnosis
                self._on_status(describe(self.latest.training, self.model.epoch(), 0.0,
                                         self.views.diagnosis), "")
        self.model.on_trainer_state(state)

    # ---- inspector ---------------------------------------------------------
    def _on_inspector_button(self) -> None:
        self.open_inspector(0)

    def open_inspector(self, sample_index: int = 0,
                       parameters: tuple[tuple, tuple] | None = None) -> Any:
        """Show the backprop inspector on one training sample of the current network."""
        return self.inspection.open(sample_index, parameters)

    @property
    def inspector(self) -> Any:
        return self.inspection.dialog
