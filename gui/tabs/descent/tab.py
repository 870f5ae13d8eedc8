"""The Gradient descent tab: f(x, y) as contours, its critical points, optimizers racing.

The state lives in :class:`gui.tabs.descent.model.DescentModel`; this class
wires the widgets' intents to it and draws what its events announce.  Three
workers keep the GUI thread free: ``analysis_worker`` computes the contour
picture and then the critical points of each new surface, ``run_worker``
drives the :class:`engine.descent.run.DescentRun` of the clicked starts,
``basin_worker`` the :class:`engine.descent.multistart.MultiStart` sweep of the
basin map.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.descent.multistart import MultiStartSnapshot
from engine.descent.run import DescentSnapshot
from engine.descent.surfaces import Surface
from gui.record.descent import open_descent_recorder
from gui.tabs.base import LabTab
from gui.tabs.descent import choices
from gui.tabs.descent.analysis import Analysis, AnalysisJob
from gui.tabs.descent.basins import basin_image
from gui.tabs.descent.layout import build_layout
from gui.tabs.descent.messages import problems, run_status
from gui.tabs.descent.model import DescentModel, DescentSettings, default_expression
from gui.widgets.parameter_sliders import parameter_range
from gui.worker import Worker

#: The demo counts as steady after this many steps even if a run is still crawling.
STEADY_STEPS = 50_000
PARAMETER_DEBOUNCE_MS = 150


class DescentTab(LabTab):
    """Contours, ∇f, critical points, and optimizers racing from clicked starts."""

    title = "Gradient descent"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("descent_tab")
        self.status_text = ""
        self.ui = build_layout(self)
        self._parameter_timer = QTimer(self)
        self._parameter_timer.setSingleShot(True)
        self._parameter_timer.setInterval(PARAMETER_DEBOUNCE_MS)
        self.analysis_worker = Worker(self)
        self.run_worker = Worker(self)
        self.basin_worker = Worker(self)
        self.model = DescentModel(self.analysis_worker, self.run_worker, self.basin_worker,
                                  AnalysisJob, lambda name: parameter_range(name).start)
        self._rules: tuple[str, ...] | None = None  # the optimizers whose rules are shown
        self._connect()
        self._show_settings(self.model.settings)
        self.ui.formula.set_text(default_expression().text)

    def _connect(self) -> None:
        ui, model = self.ui, self.model
        ui.formula.expression_changed.connect(model.set_expression)
        ui.domain.domain_changed.connect(model.set_domain)
        ui.parameters.values_changed.connect(lambda _values: self._parameter_timer.start())
        self._parameter_timer.timeout.connect(lambda: model.set_parameters(ui.parameters.values()))
        ui.optimizers.selection_changed.connect(lambda: model.choose_optimizers(
            ui.optimizers.chosen()))
        ui.optimizers.values_changed.connect(lambda values: model.set_values(
            values, ui.optimizers.alphas()))
        ui.optimizers.tolerance_changed.connect(model.set_tolerance)
        ui.optimizers.max_steps_changed.connect(model.set_max_steps)
        ui.mode.mode_changed.connect(model.set_mode)
        ui.mode.arrows_toggled.connect(model.set_arrows)
        ui.mode.clear_requested.connect(model.clear_starts)
        ui.mode.grid_changed.connect(model.set_grid)
        ui.basins.optimizer.currentIndexChanged.connect(lambda _i: model.choose_basin_optimizer(
            ui.basins.chosen()))
        ui.contour.clicked.connect(model.add_start)
        ui.transport.play_requested.connect(model.play_pause)
        ui.transport.step_requested.connect(model.step)
        ui.transport.reset_requested.connect(model.reset)
        ui.transport.speed_changed.connect(self._on_speed)
        ui.transport.enable_record()
        ui.transport.record_requested.connect(partial(open_descent_recorder, self))
        self.analysis_worker.snapshot.connect(model.on_analysis)
        self.analysis_worker.error.connect(model.on_analysis_error)
        self.analysis_worker.finished.connect(model.on_analysis_done)
        self.run_worker.snapshot.connect(model.on_run_snapshot)
        self.basin_worker.snapshot.connect(model.on_basin_snapshot)
        for worker in (self.run_worker, self.basin_worker):
            worker.error.connect(self._on_run_error)
            worker.state_changed.connect(lambda _s: ui.transport.show_state(model.worker.state))
        for event, view in (("settings", self._show_settings), ("surface", self._show_surface),
                            ("analysis", self._show_analysis), ("snapshot", self._paint_run),
                            ("basins", self._show_basins), ("mode", self._show_mode),
                            ("refusal", self._show_refusal), ("status", self._say),
                            ("run", ui.transport.show_state)):  # fmt: skip
            model.connect(event, view)

    # ---- LabTab ---------------------------------------------------------
    def start_demo(self) -> None:
        """Himmelblau, gradient descent, momentum and Adam from two starts: play."""
        self.model.set_mode("trajectories")
        self.model.choose_optimizers(list(choices.DEFAULT_OPTIMIZERS))
        self.ui.formula.set_text(default_expression().text)
        self.model.play_pause()

    def is_steady(self) -> bool:
        model = self.model
        analysis = model.analysis
        analysed = analysis is not None and analysis.surface is model.surface and (
            analysis.critical is not None or bool(analysis.critical_error))
        if not (analysed or model.analysis_failed) or self.ui.formulas.queue.busy:
            return False
        if self.mode == "basins":
            return model.basin_snapshot is not None and model.basin_snapshot.finished
        snap = model.run_snapshot
        return snap is not None and (snap.finished or snap.step >= STEADY_STEPS)

    @property
    def mode(self) -> str:
        return self.model.settings.mode

    @property
    def worker(self) -> Worker:
        """The worker the transport keys drive in the current mode."""
        return self.model.worker

    @property
    def ready(self) -> bool:
        return self.model.ready

    def play_pause(self) -> None:
        self.model.play_pause()

    def step(self) -> None:
        self.model.step()

    def reset(self) -> None:
        self.model.reset()

    def add_start(self, x: float, y: float) -> None:
        self.model.add_start(x, y)

    def clear_starts(self) -> None:
        self.model.clear_starts()

    def progress(self) -> tuple[int, bool] | None:
        snap = self.model.run_snapshot
        return None if snap is None else (snap.step, snap.finished)

    def shutdown(self) -> None:
        for worker in (self.analysis_worker, self.run_worker, self.basin_worker):
            worker.shutdown()
        self.ui.formulas.queue.shutdown()

    def export_target(self) -> Any:
        return self.ui.contour.plot

    def state(self) -> dict[str, Any]:
        return self.model.state()

    def set_state(self, state: dict[str, Any]) -> None:
        self.model.set_state(state)

    # ---- drawing what the model announces ----------------------------------
    def _show_settings(self, s: DescentSettings) -> None:
        """Every control shows the value in use (no control emits while it is set)."""
        ui, model = self.ui, self.model
        ui.optimizers.set_chosen(s.optimizers)
        ui.optimizers.set_values(s.hyperparameters, s.tolerance, s.max_steps, s.alphas)
        if tuple(s.optimizers) != self._rules:
            self._rules = tuple(s.optimizers)
            ui.formulas.show_rules(list(s.optimizers))
        ui.mode.show(s.mode, s.arrows, s.grid)
        ui.contour.show_arrows(s.arrows)
        ui.basins.show_chosen(s.basin_optimizer)
        if model.expression is not None and ui.formula.expression is not model.expression:
            ui.formula.show_expression(model.expression)  # a refused or restored formula
        if model.expression is not None:
            ui.parameters.set_parameters(model.expression.parameters, s.parameters)
        ui.parameters.set_values(s.parameters)
        if ui.domain.domain != model.domain:  # a refused domain goes back; typing stays
            ui.domain.set_domain(model.domain)

    def _show_refusal(self, field: str, text: str) -> None:
        if field == "formula":
            self.ui.formula.error.setText(text)
            self.ui.formula.error.show()

    def _show_surface(self, surface: Surface) -> None:
        ui = self.ui
        ui.surface_note.setText(f"<b>{surface.name}</b>" + (f": {surface.note}"
                                                            if surface.note else ""))
        ui.formulas.show_function(surface.expression.latex, surface.expression.plain)
        ui.critical.set_points([])
        ui.critical_note.setText("Finding the critical points (∇f = 0)…")
        ui.contour.set_critical_points(())
        ui.surface.set_critical_points(())
        ui.contour.set_message("")

    def _show_analysis(self, analysis: Analysis | None, parts: set[str]) -> None:
        ui = self.ui
        if "failed" in parts:
            message = self.model.analysis_error
            ui.critical_note.setText(f"The surface could not be analysed: {message}")
            if analysis is None or analysis.field is None:
                ui.contour.set_message(f"f cannot be drawn: {message}")
            return
        if "field" in parts:
            ui.contour.set_field(analysis.field)
            ui.surface.set_field(analysis.field)
            ui.formulas.show_partials(analysis.partials)
            self._show_problems()
        if "critical" in parts:
            points = analysis.critical.points
            ui.critical.set_points(points)
            ui.contour.set_critical_points(points)
            ui.surface.set_critical_points(points)
            ui.critical_note.setText(analysis.critical.note
                                     or f"{len(points)} critical point(s) in the domain.")
        elif "error" in parts:
            ui.critical_note.setText(analysis.critical_error)

    def _paint_run(self, snapshot: DescentSnapshot | None) -> None:
        ui = self.ui
        ui.contour.paths.set_optimizers(tuple(
            (key, choices.optimizer_names()[key]) for key in self.model.settings.optimizers))
        ui.contour.paths.set_snapshot(snapshot, tuple(self.model.starts))
        ui.side.set_snapshot(snapshot)
        ui.runs.set_snapshot(snapshot)
        ui.surface.set_snapshot(snapshot)
        self._show_problems()
        if snapshot is not None:
            self.model.say(run_status(snapshot))

    def _show_problems(self) -> None:
        model = self.model
        field = model.analysis.field if model.analysis else None
        snapshot = model.run_snapshot if self.mode == "trajectories" else None
        self.ui.contour.set_message(problems(snapshot, field))

    def _show_mode(self, mode: str) -> None:
        basins = mode == "basins"
        ui = self.ui
        ui.contour.paths.set_visible(not basins)
        ui.tables.setCurrentWidget(ui.basins if basins else ui.runs)
        if not basins:
            ui.contour.set_basins(None, (0, 1, 0, 1))
        self._show_problems()

    def _show_basins(self, snapshot: MultiStartSnapshot, label: str) -> None:
        self.ui.contour.set_basins(basin_image(snapshot), self.model.domain)
        self.ui.basins.set_snapshot(snapshot, label)

    def _on_run_error(self, message: str) -> None:
        self.ui.contour.set_message(f"The run stopped: {message}")
        self.model.on_run_error(message)

    def _on_speed(self, rate: float | None) -> None:
        for worker in (self.run_worker, self.basin_worker):
            worker.set_speed_limit(rate)

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text)
