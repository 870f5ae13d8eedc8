"""The Gradient descent tab's one source of truth, Qt-free.

``DescentModel`` owns the settings the engine is using (formula, parameters,
optimizers with α, μ, β₁, β₂ and the α of those that have their own, ε, step
limit, mode, basin grid and optimizer, arrows), the surface and its domain,
the starts, the analysis, the run and the basin sweep with their newest
snapshots, what was refused and why, and the session state.  Widgets send
intents and render from the events; the workers (``gui.worker.Worker``, or any
object with the same methods) are driven from here, so whether a run plays
lives in one place: the worker's ``state``.

Events (``Evented.connect``):

- ``"settings" (settings)`` — the settings in use changed, or a refusal put
  them back: every control must show these.
- ``"refusal" (field, text)`` — ``field`` is "formula", "domain", "parameters",
  "optimizers", "start" or "session"; the text says why.
- ``"surface" (surface)`` — a new surface: everything drawn so far is stale.
- ``"analysis" (analysis, parts)`` — parts ⊆ {"field", "critical", "error",
  "failed"} ("failed": ``analysis_error`` says why).
- ``"snapshot" (snapshot or None)`` — the race to draw (None: nothing yet).
- ``"basins" (snapshot, label)`` — a newer basin-map snapshot.
- ``"mode" (mode)`` — trajectories or basins was chosen.
- ``"run" (state)`` — a worker's state changed (for the transport keys).
- ``"status" (text)`` — a line for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from engine.descent.multistart import MultiStart, MultiStartSnapshot
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Domain, Surface
from engine.descent.surfaces import surface as named_surface
from engine.symbolic.expressions import PARAMETER_DEFAULT, Expression, parse
from gui.evented import Evented
from gui.tabs.descent import choices, commands
from gui.tabs.descent.optimizers import build_optimizers, describe, own_values
from gui.tabs.descent.settings import ALIVE, DEFAULT_DOMAIN, DescentSettings, Driver
from gui.tabs.descent.state import DescentState


class DescentModel(Evented):
    """Settings in use, surface, starts, analysis, race and basin map of the tab."""

    def __init__(self, analysis_worker: Driver, run_worker: Driver, basin_worker: Driver,
                 analysis_job: Callable[[Surface], Any],
                 parameter_start: Callable[[str], float] = lambda _name: PARAMETER_DEFAULT,
                 ) -> None:  # fmt: skip
        super().__init__()
        self.analysis_worker, self.run_worker, self.basin_worker = (
            analysis_worker, run_worker, basin_worker)
        self._analysis_job = analysis_job
        self._parameter_start = parameter_start
        self.settings = DescentSettings()
        self.expression: Expression | None = None
        self.surface: Surface | None = None
        self.analysis: Any = None  # gui.tabs.descent.analysis.Analysis (drawn in Qt)
        self.analysis_failed = False
        self.analysis_error = ""  # why the analysis failed, if it did
        self.starts: list[tuple[float, float]] = []
        self.run: DescentRun | None = None
        self.run_snapshot: DescentSnapshot | None = None
        self.basin_snapshot: MultiStartSnapshot | None = None
        self.basin_label = ""
        self.refusals: dict[str, str] = {}
        self.status_text = ""
        self._remembered: dict[str, float] = {}  # parameter values, across formulas
        self._pending_surface: Surface | None = None
        self._play_when_ready = False

    # ---- reading ---------------------------------------------------------------
    @property
    def domain(self) -> Domain:
        return self.surface.domain if self.surface is not None else DEFAULT_DOMAIN

    @property
    def worker(self) -> Driver:
        """The worker the transport keys drive in the current mode."""
        return self.basin_worker if self.settings.mode == "basins" else self.run_worker

    @property
    def ready(self) -> bool:
        """True once the current surface's picture (and compiled f, ∇f) has arrived."""
        return self.analysis is not None and self.analysis.field is not None

    def optimizers(self, keys: list[str] | None = None) -> list:
        s = self.settings
        return build_optimizers(s.optimizers if keys is None else keys, s.hyperparameters,
                                s.alphas)  # fmt: skip

    def state(self) -> dict[str, Any]:
        s = self.settings
        return DescentState(
            s.formula, list(self.domain), [list(p) for p in self.starts], list(s.optimizers),
            dict(s.hyperparameters), s.tolerance, s.max_steps, s.mode, s.grid, s.arrows,
            dict(s.parameters), dict(s.alphas),
        ).to_dict()  # fmt: skip

    # ---- surface -------------------------------------------------------------
    def set_expression(self, expression: Expression, domain: Domain | None = None,
                       starts: list[tuple[float, float]] | None = None) -> bool:
        """Use f(x, y) = ``expression``; a named surface brings its domain and starts,
        a typed formula keeps the domain in view.  False (and a refusal) if unusable."""
        key = choices.named_surface_for(expression)
        if domain is None and key is None and self.surface is not None:
            domain = self.surface.domain
        parameters = {n: self._remembered.get(n, self._parameter_start(n))
                      for n in expression.parameters}  # fmt: skip
        try:
            surface = choices.build_surface(expression, domain)
            surface = surface.with_params(**parameters) if parameters else surface
        except ValueError as exc:
            return self._refuse("formula", f"Cannot use this formula: {exc}")
        if starts is None:
            starts = (self._starts_inside(surface) if key is None else None) or list(
                choices.default_starts(key) if key else (surface.start,))
        self.expression = expression
        self.settings.formula = expression.text
        self.settings.parameters = parameters
        self._set_surface(surface, starts)
        return True

    def set_domain(self, domain: Domain) -> None:
        if self.expression is None or self.surface is None:
            return
        try:
            surface = replace(choices.build_surface(self.expression, domain),
                              params=self.surface.params)
        except ValueError as exc:
            self._refuse("domain", f"Cannot use this domain: {exc}")
            return
        self._set_surface(surface, self._starts_inside(surface) or [surface.start])

    def set_parameters(self, values: dict[str, float]) -> None:
        """New values of a, β, … of f (after a dragged slider rests)."""
        if self.surface is None:
            return
        try:
            surface = self.surface.with_params(**values)
        except ValueError as exc:
            self._refuse("parameters", f"Cannot use these parameters: {exc}")
            return
        self._remembered.update(values)
        self.settings.parameters = {**self.settings.parameters, **values}
        self._set_surface(surface, self.starts or [surface.start])
        self.say("Parameters: " + ", ".join(f"{name} = {value:g}" for name, value
                                            in self.settings.parameters.items()))  # fmt: skip

    def _starts_inside(self, surface: Surface) -> list[tuple[float, float]]:
        x0, x1, y0, y1 = surface.domain
        return [(x, y) for x, y in self.starts if x0 <= x <= x1 and y0 <= y <= y1]

    def _set_surface(self, surface: Surface, starts: list[tuple[float, float]]) -> None:
        """A new surface resets everything: picture, critical points, runs."""
        self.surface, self.starts = surface, list(starts)
        self.analysis, self.analysis_failed, self.analysis_error = None, False, ""
        self.refusals.clear()
        # the run waits for the analysis, which compiles f and ∇f off the GUI thread
        self._play_when_ready = (self.run_worker.state == "running"
                                 or self.settings.mode == "basins")  # fmt: skip
        self.run_worker.cancel()
        self.basin_worker.cancel()
        self.run, self.run_snapshot = None, None
        self.emit("settings", self.settings)
        self.emit("surface", surface)
        self.emit("snapshot", None)
        if self.analysis_worker.state in ALIVE:
            self._pending_surface = surface  # cancelling SymPy would block: it waits
        else:
            self.analysis_worker.start(self._analysis_job(surface))

    def on_analysis_done(self) -> None:
        pending, self._pending_surface = self._pending_surface, None
        if pending is not None:
            self.analysis_worker.start(self._analysis_job(pending))

    def on_analysis(self, analysis: Any) -> None:
        if analysis.surface is not self.surface:
            return  # an older surface's picture
        known, self.analysis = self.analysis, analysis
        parts = set()
        if analysis.field is not None and (known is None or known.field is None):
            parts.add("field")
        if analysis.critical is not None and (known is None or known.critical is None):
            parts.add("critical")
        elif analysis.critical_error:
            parts.add("error")
        self.emit("analysis", analysis, parts)
        if "field" in parts:
            self._restart(play=self._play_when_ready)

    def on_analysis_error(self, message: str) -> None:
        self.analysis_failed, self.analysis_error = True, message
        self.emit("analysis", self.analysis, {"failed"})
        self.on_analysis_done()

    # ---- settings ------------------------------------------------------------
    def choose_optimizers(self, keys: list[str]) -> None:
        s = self.settings
        s.optimizers = [key for key in choices.optimizer_names() if key in keys]
        if s.optimizers and s.basin_optimizer not in s.optimizers:
            s.basin_optimizer = s.optimizers[0]  # it follows the ticks
        self.emit("settings", s)
        self._restart()

    def choose_basin_optimizer(self, key: str) -> None:
        if key not in choices.optimizer_names():
            self._refuse("optimizers", f"unknown optimizer {key!r}")
            return
        self.settings.basin_optimizer = key
        self.emit("settings", self.settings)
        if self.settings.mode == "basins":
            self.start_basins()

    def set_values(self, values: dict[str, float], alphas: dict[str, float]) -> None:
        """α, μ, β₁, β₂ and the α of optimizers with their own; live while a race runs."""
        merged = {**self.settings.hyperparameters, **values}
        try:
            build_optimizers(list(choices.optimizer_names()), merged, alphas)
        except ValueError as exc:
            self._refuse("optimizers", f"Cannot use these values: {exc}")
            return
        s = self.settings
        s.hyperparameters, s.alphas = merged, dict(alphas)
        self.emit("settings", s)
        if s.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
            return
        groups = {g: own_values(key, s.hyperparameters, s.alphas)
                  for g, key in enumerate(s.optimizers)}  # fmt: skip
        self.run_worker.submit(partial(commands.set_hyperparameters, groups))

    def set_tolerance(self, eps: float) -> None:
        self.settings.tolerance = float(eps)
        self._apply_limit(partial(commands.set_tolerance, float(eps)))

    def set_max_steps(self, max_steps: int) -> None:
        self.settings.max_steps = int(max_steps)
        self._apply_limit(partial(commands.set_max_steps, int(max_steps)))

    def _apply_limit(self, command: Callable[[Any], Any]) -> None:
        self.emit("settings", self.settings)
        if self.settings.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
        else:
            self.run_worker.submit(command)

    def set_arrows(self, shown: bool) -> None:
        self.settings.arrows = bool(shown)
        self.emit("settings", self.settings)

    def set_grid(self, n: int) -> None:
        self.settings.grid = int(n)
        self.emit("settings", self.settings)
        if self.settings.mode == "basins":
            self.start_basins()

    def set_mode(self, mode: str) -> None:
        if mode not in choices.MODES or mode == self.settings.mode:
            return
        self.settings.mode = mode
        self.emit("settings", self.settings)
        self.emit("mode", mode)
        if mode == "basins":
            self.run_worker.pause()
            self.start_basins()
        else:
            self.basin_worker.cancel()
        self.emit("run", self.worker.state)

    # ---- runs ---------------------------------------------------------------------
    def _restart(self, play: bool | None = None) -> None:
        """A fresh sweep or race; by default it plays unless the user had paused."""
        if self.settings.mode == "basins":
            self.start_basins()
        else:
            self.new_run(play=self.run_worker.state != "paused" if play is None else play)

    def new_run(self, play: bool) -> None:
        """A fresh race from the starts with the settings in use."""
        if not self.ready:
            self._play_when_ready = self._play_when_ready or play
            return
        if not self.settings.optimizers:
            self.run_worker.cancel()
            self.run, self.run_snapshot = None, None
            self.emit("snapshot", None)
            self.say("Choose at least one optimizer.")
            return
        s = self.settings
        try:
            self.run = DescentRun(self.surface, self.optimizers(), self.starts, s.tolerance,
                                  s.max_steps)  # fmt: skip
        except ValueError as exc:
            self.say(f"Cannot start: {exc}")
            return
        self.run_worker.start(self.run, paused=not play)

    def add_start(self, x: float, y: float) -> None:
        """Every chosen optimizer sets off from (x, y) (a click on the plot)."""
        if self.settings.mode != "trajectories" or self.run is None:
            return
        if self.run_worker.state in ALIVE:
            self.starts.append((x, y))
            self.run_worker.submit(partial(commands.add_start, x, y))
            self.run_worker.resume()
            return
        try:
            self.run.add_start(x, y)
        except ValueError as exc:
            self._refuse("start", f"Cannot start there: {exc}")
            return
        self.starts.append((x, y))
        self.run_worker.start(self.run)

    def clear_starts(self) -> None:
        self.starts = []
        self.new_run(play=False)

    def play_pause(self) -> None:
        worker = self.worker
        if worker.state in ALIVE:
            worker.toggle()
        elif self.settings.mode == "basins":
            self.start_basins()
        elif self.run is not None and not self.run.finished:
            worker.start(self.run)
        else:
            self.new_run(play=True)

    def step(self) -> None:
        worker = self.worker
        if worker.state not in ALIVE:
            if self.settings.mode == "basins" or self.run is None or self.run.finished:
                self.say("Every run has stopped: press R to start again from the starts.")
                return
            worker.start(self.run, paused=True)
        worker.step_once(1)

    def reset(self) -> None:
        if self.settings.mode == "basins":
            self.start_basins(play=False)
        else:
            self.new_run(play=False)

    def on_run_snapshot(self, snapshot: DescentSnapshot) -> None:
        self.run_snapshot = snapshot
        self.emit("snapshot", snapshot)

    def on_run_error(self, message: str) -> None:
        self.say(f"The run stopped: {message}")

    def start_basins(self, play: bool = True) -> None:
        """A sweep from an n × n grid with the basin map's optimizer."""
        if not self.ready:
            return  # started when the analysis arrives
        s = self.settings
        optimizer = self.optimizers([s.basin_optimizer])[0]
        self.basin_label = describe(optimizer)
        try:
            sweep = MultiStart(self.surface, optimizer, grid=s.grid, eps=s.tolerance,
                               max_steps=s.max_steps)  # fmt: skip
        except ValueError as exc:
            self.say(f"Cannot sweep: {exc}")
            return
        self.basin_worker.start(sweep, paused=not play)

    def on_basin_snapshot(self, snapshot: MultiStartSnapshot) -> None:
        self.basin_snapshot = snapshot
        if self.settings.mode != "basins" or self.surface is None:
            return
        self.emit("basins", snapshot, self.basin_label)
        share = snapshot.global_share
        self.say(f"Basin map, step {snapshot.step}: "
                 + (f"{share:.1%} of the starts reach a global minimum"
                    if share is not None else "no minimum reached yet"))  # fmt: skip

    # ---- sessions and messages ----------------------------------------------------
    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a saved state; ValueError (and nothing changed) if it does not fit."""
        try:
            checked = DescentState.from_dict(state)
            expression = parse(checked.formula, ("x", "y"))
            choices.build_surface(expression, tuple(checked.domain))
        except ValueError as exc:
            self._refuse("session", f"Cannot open this session: {exc}")
            raise
        s = self.settings
        s.optimizers = [key for key in choices.optimizer_names() if key in checked.optimizers]
        if s.optimizers and s.basin_optimizer not in s.optimizers:
            s.basin_optimizer = s.optimizers[0]
        s.hyperparameters, s.alphas = dict(checked.hyperparameters), dict(checked.alphas)
        s.tolerance, s.max_steps = checked.tolerance, checked.max_steps
        s.grid, s.arrows = checked.grid, checked.arrows
        self._remembered.update(checked.parameters)
        self.set_expression(expression, tuple(checked.domain),
                            [tuple(p) for p in checked.starts])  # fmt: skip
        self.set_mode(checked.mode)
        self.emit("settings", s)

    def _refuse(self, field_name: str, text: str) -> bool:
        """Keep the settings in use, say why, and put every control back on them."""
        self.refusals[field_name] = text
        self.emit("settings", self.settings)
        self.emit("refusal", field_name, text)
        self.say(text)
        return False

    def say(self, text: str) -> None:
        self.status_text = text
        self.emit("status", text)


def default_expression() -> Expression:
    """f of the surface the tab opens with."""
    return named_surface(choices.DEFAULT_SURFACE).expression

