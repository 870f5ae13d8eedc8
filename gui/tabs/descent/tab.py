"""The Gradient descent tab: f(x, y) as contours, its critical points, optimizers racing.

Three workers keep the GUI thread free: ``analysis_worker`` computes the
contour picture and then the critical points of each new surface,
``run_worker`` drives the :class:`engine.descent.run.DescentRun` of the clicked
starts, ``basin_worker`` the :class:`engine.descent.multistart.MultiStart` sweep of the
basin map.  A new surface while the analysis is still busy waits for it rather
than cancelling (cancelling SymPy would block the GUI until it returns).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.descent.multistart import MultiStart, MultiStartSnapshot
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Surface
from engine.descent.surfaces import surface as named_surface
from engine.symbolic.expressions import Expression
from gui.record.descent import open_descent_recorder
from gui.tabs.base import LabTab
from gui.tabs.descent import choices, commands
from gui.tabs.descent.analysis import Analysis, AnalysisJob
from gui.tabs.descent.basins import basin_image
from gui.tabs.descent.layout import build_layout
from gui.tabs.descent.messages import problems, run_status
from gui.tabs.descent.optimizers import build_optimizers, describe, own_values
from gui.tabs.descent.script import descent_script_source
from gui.tabs.descent.state import DescentState
from gui.worker import Worker

#: The demo counts as steady after this many steps even if a run is still crawling.
STEADY_STEPS = 50_000
ALIVE = ("running", "paused")


PARAMETER_DEBOUNCE_MS = 150


class DescentTab(LabTab):
    """Contours, ∇f, critical points, and optimizers racing from clicked starts."""

    title = "Gradient descent"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("descent_tab")
        self.status_text = ""
        self.surface: Surface | None = None
        self.analysis: Analysis | None = None
        self.analysis_failed = False
        self.starts: list[tuple[float, float]] = []
        self.run: DescentRun | None = None
        self.run_snapshot: DescentSnapshot | None = None
        self.basin_snapshot: MultiStartSnapshot | None = None
        self._basin_label = ""
        self._pending_surface: Surface | None = None
        self._play_when_ready = False
        self._remembered: dict[str, float] = {}  # parameter values, across formulas
        self.ui = build_layout(self)
        self._parameter_timer = QTimer(self)
        self._parameter_timer.setSingleShot(True)
        self._parameter_timer.setInterval(PARAMETER_DEBOUNCE_MS)
        self._parameter_timer.timeout.connect(self._apply_parameters)
        self.analysis_worker = Worker(self)
        self.run_worker = Worker(self)
        self.basin_worker = Worker(self)
        self._connect()
        self.ui.optimizers.set_chosen(list(choices.DEFAULT_OPTIMIZERS))
        self.ui.formulas.show_rules(self.ui.optimizers.chosen())
        self.ui.formula.set_text(named_surface(choices.DEFAULT_SURFACE).expression.text)

    def _connect(self) -> None:
        ui = self.ui
        ui.formula.expression_changed.connect(self._on_expression)
        ui.domain.domain_changed.connect(self._on_domain)
        ui.parameters.values_changed.connect(self._on_parameters)
        ui.optimizers.selection_changed.connect(self._on_selection)
        ui.optimizers.values_changed.connect(self._on_values)
        ui.optimizers.tolerance_changed.connect(self._on_tolerance)
        ui.optimizers.max_steps_changed.connect(self._on_max_steps)
        ui.mode.mode_changed.connect(self._on_mode)
        ui.mode.arrows_toggled.connect(ui.contour.show_arrows)
        ui.mode.clear_requested.connect(self.clear_starts)
        ui.mode.grid_changed.connect(self._on_grid)
        ui.basins.optimizer.currentIndexChanged.connect(self._on_grid)
        ui.contour.clicked.connect(self.add_start)
        ui.transport.play_requested.connect(self.play_pause)
        ui.transport.step_requested.connect(self.step)
        ui.transport.reset_requested.connect(self.reset)
        ui.transport.speed_changed.connect(self._on_speed)
        ui.transport.enable_record()
        ui.transport.record_requested.connect(partial(open_descent_recorder, self))
        self.analysis_worker.snapshot.connect(self._on_analysis)
        self.analysis_worker.error.connect(self._on_analysis_error)
        self.analysis_worker.finished.connect(self._on_analysis_done)
        self.run_worker.snapshot.connect(self._on_run_snapshot)
        self.run_worker.error.connect(self._on_run_error)
        self.basin_worker.snapshot.connect(self._on_basin_snapshot)
        self.basin_worker.error.connect(self._on_run_error)
        for worker in (self.run_worker, self.basin_worker):
            worker.state_changed.connect(self._on_worker_state)

    # ---- LabTab ---------------------------------------------------------
    def start_demo(self) -> None:
        """Himmelblau, gradient descent, momentum and Adam from two starts: play."""
        self.ui.mode.set_mode("trajectories")
        self.ui.optimizers.set_chosen(list(choices.DEFAULT_OPTIMIZERS))
        self.ui.formula.set_text(named_surface(choices.DEFAULT_SURFACE).expression.text)
        self.play_pause()

    def is_steady(self) -> bool:
        analysed = self.analysis is not None and self.analysis.surface is self.surface and (
            self.analysis.critical is not None or bool(self.analysis.critical_error)
        )
        if not (analysed or self.analysis_failed) or self.ui.formulas.queue.busy:
            return False
        if self.mode == "basins":
            return self.basin_snapshot is not None and self.basin_snapshot.finished
        snap = self.run_snapshot
        return snap is not None and (snap.finished or snap.step >= STEADY_STEPS)

    @property
    def mode(self) -> str:
        return self.ui.mode.current()

    @property
    def worker(self) -> Worker:
        """The worker the transport keys drive in the current mode."""
        return self.basin_worker if self.mode == "basins" else self.run_worker

    def play_pause(self) -> None:
        worker = self.worker
        if worker.state in ALIVE:
            worker.toggle()
        elif self.mode == "basins":
            self._start_basins()
        elif self.run is not None and not self.run.finished:
            worker.start(self.run)
        else:
            self._new_run(play=True)

    def progress(self) -> tuple[int, bool] | None:
        snap = self.run_snapshot
        return None if snap is None else (snap.step, snap.finished)

    def step(self) -> None:
        worker = self.worker
        if worker.state not in ALIVE:
            if self.mode == "basins" or self.run is None or self.run.finished:
                self._say("Every run has stopped: press R to start again from the starts.")
                return
            worker.start(self.run, paused=True)
        worker.step_once(1)

    def reset(self) -> None:
        if self.mode == "basins":
            self._start_basins(play=False)
        else:
            self._new_run(play=False)

    def shutdown(self) -> None:
        for worker in (self.analysis_worker, self.run_worker, self.basin_worker):
            worker.shutdown()
        self.ui.formulas.queue.shutdown()
        self.ui.formula.shutdown()

    def export_target(self) -> Any:
        return self.ui.contour.plot

    def export_scripts(self) -> dict[str, Callable[[], str]]:
        return {"Descent run as a Python script (NumPy only)":
                partial(descent_script_source, self)}

    def state(self) -> dict[str, Any]:
        ui = self.ui
        domain = self.surface.domain if self.surface else (-5.0, 5.0, -5.0, 5.0)
        return DescentState(
            ui.formula.text(), list(domain), [list(p) for p in self.starts],
            ui.optimizers.chosen(), ui.optimizers.values(), ui.optimizers.tolerance.value(),
            ui.optimizers.max_steps.value(), self.mode, ui.mode.grid.value(),
            ui.mode.arrows.isChecked(), ui.parameters.values(), ui.optimizers.alphas(),
        ).to_dict()  # fmt: skip

    def set_state(self, state: dict[str, Any]) -> None:
        checked = DescentState.from_dict(state)  # raises before anything changes
        ui = self.ui
        ui.optimizers.set_chosen(checked.optimizers)
        ui.optimizers.set_values(checked.hyperparameters, checked.tolerance, checked.max_steps,
                                 checked.alphas)
        ui.mode.arrows.setChecked(checked.arrows)
        ui.mode.grid.blockSignals(True)
        ui.mode.grid.setValue(checked.grid)
        ui.mode.grid.blockSignals(False)
        ui.formulas.show_rules(checked.optimizers)
        ui.basins.follow(checked.optimizers)
        ui.formula.line.setText(checked.formula)
        ui.formula.blockSignals(True)  # the surface is set below, with the saved domain
        expression = ui.formula.expression if ui.formula.apply() else None
        ui.formula.blockSignals(False)
        if expression is not None:
            self._remembered.update(checked.parameters)
            ui.parameters.set_parameters(expression.parameters, self._remembered)
            ui.parameters.set_values(checked.parameters)  # the sliders may be there already
            surface = self._parametrised(choices.build_surface(expression, tuple(checked.domain)))
            self._set_surface(surface, [tuple(p) for p in checked.starts])
        ui.mode.set_mode(checked.mode)

    # ---- surface ----------------------------------------------------------
    def _on_expression(self, expression: Expression) -> None:
        key = choices.named_surface_for(expression)
        # a typed formula keeps the domain in view; a named surface brings its own
        domain = self.surface.domain if key is None and self.surface is not None else None
        try:
            surface = choices.build_surface(expression, domain)
        except ValueError as exc:
            self._say(f"Cannot use this formula: {exc}")
            return
        self.ui.parameters.set_parameters(expression.parameters, self._remembered)
        surface = self._parametrised(surface)
        starts = self._starts_inside(surface) if key is None else None
        self._set_surface(surface, starts or list(choices.default_starts(key) if key
                                                  else (surface.start,)))  # fmt: skip

    def _starts_inside(self, surface: Surface) -> list[tuple[float, float]]:
        x0, x1, y0, y1 = surface.domain
        return [(x, y) for x, y in self.starts if x0 <= x <= x1 and y0 <= y <= y1]

    def _on_domain(self, domain: tuple[float, float, float, float]) -> None:
        if self.ui.formula.expression is None:
            return
        try:
            surface = self._parametrised(choices.build_surface(self.ui.formula.expression, domain))
        except ValueError as exc:
            self._say(f"Cannot use this domain: {exc}")
            return
        self._set_surface(surface, self._starts_inside(surface) or [surface.start])

    def _parametrised(self, surface: Surface) -> Surface:
        """``surface`` with the parameter sliders' values (a, β, … of f(x, y))."""
        values = self.ui.parameters.values()
        return surface.with_params(**values) if values else surface

    def _on_parameters(self, values: dict[str, float]) -> None:
        self._remembered.update(values)
        self._parameter_timer.start()  # a dragged slider re-analyses once it rests

    def _apply_parameters(self) -> None:
        if self.surface is None:
            return
        surface = self._parametrised(self.surface)
        self._set_surface(surface, self.starts or [surface.start])
        self._say("Parameters: " + ", ".join(f"{name} = {value:g}" for name, value
                                             in self.ui.parameters.values().items()))

    def _set_surface(self, surface: Surface, starts: list[tuple[float, float]]) -> None:
        """A new surface resets everything: picture, critical points, runs."""
        self.surface = surface
        self.starts = starts
        self.analysis = None
        self.analysis_failed = False
        ui = self.ui
        ui.domain.set_domain(surface.domain)
        ui.surface_note.setText(f"<b>{surface.name}</b>" + (f": {surface.note}"
                                                            if surface.note else ""))
        ui.formulas.show_function(surface.expression.latex, surface.expression.plain)
        ui.critical.set_points([])
        ui.critical_note.setText("Finding the critical points (∇f = 0)…")
        ui.contour.set_critical_points(())
        ui.surface.set_critical_points(())
        ui.contour.set_message("")
        # the run waits for the analysis, which compiles f and ∇f off the GUI thread
        self._play_when_ready = self.run_worker.state == "running" or self.mode == "basins"
        self.run_worker.cancel()
        self.basin_worker.cancel()
        self.run, self.run_snapshot = None, None
        self._paint_run(None)
        self._request_analysis(surface)

    def _request_analysis(self, surface: Surface) -> None:
        if self.analysis_worker.state in ALIVE:
            self._pending_surface = surface
        else:
            self.analysis_worker.start(AnalysisJob(surface))

    def _on_analysis_done(self) -> None:
        pending, self._pending_surface = self._pending_surface, None
        if pending is not None:
            self.analysis_worker.start(AnalysisJob(pending))

    def _on_analysis(self, analysis: Analysis) -> None:
        if analysis.surface is not self.surface:
            return  # an older surface's picture
        known = self.analysis
        self.analysis = analysis
        ui = self.ui
        if analysis.field is not None and (known is None or known.field is None):
            ui.contour.set_field(analysis.field)
            ui.surface.set_field(analysis.field)
            ui.formulas.show_partials(analysis.partials)
            self._show_problems()
            self._restart(play=self._play_when_ready)
        if analysis.critical is not None and (known is None or known.critical is None):
            points = analysis.critical.points
            ui.critical.set_points(points)
            ui.contour.set_critical_points(points)
            ui.surface.set_critical_points(points)
            note = analysis.critical.note or f"{len(points)} critical point(s) in the domain."
            ui.critical_note.setText(note)
        elif analysis.critical_error:
            ui.critical_note.setText(analysis.critical_error)

    def _on_analysis_error(self, message: str) -> None:
        self.analysis_failed = True
        self.ui.critical_note.setText(f"The surface could not be analysed: {message}")
        if self.analysis is None or self.analysis.field is None:
            self.ui.contour.set_message(f"f cannot be drawn: {message}")
        self._on_analysis_done()

    # ---- runs --------------------------------------------------------------
    def _optimizers(self) -> list:
        opts = self.ui.optimizers
        return build_optimizers(opts.chosen(), opts.values(), opts.alphas())

    @property
    def ready(self) -> bool:
        """True once the current surface's picture (and compiled f, ∇f) has arrived."""
        return self.analysis is not None and self.analysis.field is not None

    def _new_run(self, play: bool) -> None:
        """A fresh run from the starts with the current settings."""
        if not self.ready:
            self._play_when_ready = self._play_when_ready or play
            return
        opts = self.ui.optimizers
        if not opts.chosen():
            self.run_worker.cancel()
            self.run, self.run_snapshot = None, None
            self._paint_run(None)
            self._say("Choose at least one optimizer.")
            return
        try:
            self.run = DescentRun(self.surface, self._optimizers(), self.starts,
                                  opts.tolerance.value(), opts.max_steps.value())  # fmt: skip
        except ValueError as exc:
            self._say(f"Cannot start: {exc}")
            return
        self.run_worker.start(self.run, paused=not play)

    def add_start(self, x: float, y: float) -> None:
        """Every chosen optimizer sets off from (x, y) (a click on the plot)."""
        if self.mode != "trajectories" or self.run is None:
            return
        self.starts.append((x, y))
        if self.run_worker.state in ALIVE:
            self.run_worker.submit(partial(commands.add_start, x, y))
            self.run_worker.resume()
        else:
            try:
                self.run.add_start(x, y)
            except ValueError as exc:
                self.starts.pop()
                self._say(f"Cannot start there: {exc}")
                return
            self.run_worker.start(self.run)

    def clear_starts(self) -> None:
        self.starts = []
        self._new_run(play=False)

    def _on_selection(self) -> None:
        self.ui.formulas.show_rules(self.ui.optimizers.chosen())
        self.ui.basins.follow(self.ui.optimizers.chosen())
        self._restart()

    def _restart(self, play: bool | None = None) -> None:
        """A fresh sweep or race; by default it plays unless the user had paused."""
        if self.mode == "basins":
            self._start_basins()
        else:
            self._new_run(play=self.run_worker.state != "paused" if play is None else play)

    def _on_values(self, values: dict[str, float]) -> None:
        if self.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
            return
        chosen, alphas = self.ui.optimizers.chosen(), self.ui.optimizers.alphas()
        groups = {g: own_values(key, values, alphas) for g, key in enumerate(chosen)}
        self.run_worker.submit(partial(commands.set_hyperparameters, groups))

    def _on_tolerance(self, eps: float) -> None:
        self._apply_limit(partial(commands.set_tolerance, eps))

    def _on_max_steps(self, max_steps: int) -> None:
        self._apply_limit(partial(commands.set_max_steps, max_steps))

    def _apply_limit(self, command) -> None:
        if self.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
        else:
            self.run_worker.submit(command)

    def _on_speed(self, rate: float | None) -> None:
        for worker in (self.run_worker, self.basin_worker):
            worker.set_speed_limit(rate)

    def _on_run_snapshot(self, snapshot: DescentSnapshot) -> None:
        self.run_snapshot = snapshot
        self._paint_run(snapshot)

    def _paint_run(self, snapshot: DescentSnapshot | None) -> None:
        ui = self.ui
        ui.contour.paths.set_optimizers(tuple(
            (key, choices.optimizer_names()[key]) for key in ui.optimizers.chosen()))
        ui.contour.paths.set_snapshot(snapshot, tuple(self.starts))
        ui.side.set_snapshot(snapshot)
        ui.runs.set_snapshot(snapshot)
        ui.surface.set_snapshot(snapshot)
        self._show_problems()
        if snapshot is not None:
            self._say(run_status(snapshot))

    def _on_run_error(self, message: str) -> None:
        self.ui.contour.set_message(f"The run stopped: {message}")
        self._say(f"The run stopped: {message}")

    def _on_worker_state(self, _state: str) -> None:
        self.ui.transport.show_state(self.worker.state)

    def _show_problems(self) -> None:
        field = self.analysis.field if self.analysis else None
        snapshot = self.run_snapshot if self.mode == "trajectories" else None
        self.ui.contour.set_message(problems(snapshot, field))

    # ---- basins --------------------------------------------------------------
    def _on_mode(self, mode: str) -> None:
        basins = mode == "basins"
        ui = self.ui
        ui.contour.paths.set_visible(not basins)
        if basins:
            self.run_worker.pause()
            ui.tables.setCurrentWidget(ui.basins)
            self._start_basins()
        else:
            self.basin_worker.cancel()
            ui.contour.set_basins(None, (0, 1, 0, 1))
            ui.tables.setCurrentWidget(ui.runs)
        self._show_problems()
        self.ui.transport.show_state(self.worker.state)

    def _on_grid(self, _n: int) -> None:
        if self.mode == "basins":
            self._start_basins()

    def _start_basins(self, play: bool = True) -> None:
        """A sweep from an n × n grid with the first chosen optimizer."""
        if not self.ready:
            return  # started when the analysis arrives
        opts = self.ui.optimizers
        optimizer = build_optimizers([self.ui.basins.chosen()], opts.values(), opts.alphas())[0]
        self._basin_label = describe(optimizer)
        try:
            sweep = MultiStart(self.surface, optimizer, grid=self.ui.mode.grid.value(),
                               eps=opts.tolerance.value(), max_steps=opts.max_steps.value())
        except ValueError as exc:
            self._say(f"Cannot sweep: {exc}")
            return
        self.basin_worker.start(sweep, paused=not play)

    def _on_basin_snapshot(self, snapshot: MultiStartSnapshot) -> None:
        self.basin_snapshot = snapshot
        if self.mode != "basins" or self.surface is None:
            return
        self.ui.contour.set_basins(basin_image(snapshot), self.surface.domain)
        self.ui.basins.set_snapshot(snapshot, self._basin_label)
        share = snapshot.global_share
        self._say(f"Basin map, step {snapshot.step}: "
                  + (f"{share:.1%} of the starts reach a global minimum"
                     if share is not None else "no minimum reached yet"))  # fmt: skip

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text)
