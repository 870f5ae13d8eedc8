"""The Gradient descent tab's one source of truth, Qt-free.

``DescentModel`` owns the settings the engine is using (formula, parameters,
optimizers with α, μ, β₁, β₂ and the α of those that have their own, ε, step
limit, mode, basin grid and optimizer, arrows), the surface and its domain,
the starts, the analysis, the run and the basin sweep with their newest
snapshots, what was refused and why, and the session state.  Widgets send
intents and render from the events; the workers (``gui.worker.Worker``, or any
object with the same methods) are driven from here, so whether a run plays
lives in one place: the worker's ``state``.

The intents are grouped by subject in small modules the model is made of:
``surface_intents`` (f, domain, parameters, analysis), ``settings_intents``
(optimizers and their values, ε, step limit, mode), ``race`` (the run from
the starts, the transport keys, rewind) and ``sweep`` (the basin map).

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
- ``"view" (view)`` — the contour plot or the 3-D surface is shown.
- ``"start placed" ()`` — a typed start was taken (a refused one is a "refusal").
- ``"turned" (azimuth, elevation)`` — the 3-D surface was turned.
- ``"first_picture" (first, field)`` — the opening surface drawn before SymPy loads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.descent.multistart import MultiStartSnapshot
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Domain, Surface, surface_formulas
from engine.descent.surfaces import surface as named_surface
from engine.symbolic.expression_tokens import PARAMETER_DEFAULT
from gui.evented import Evented
from gui.tabs.descent import choices
from gui.tabs.descent.optimizers import build_optimizers
from gui.tabs.descent.race import RaceIntents
from gui.tabs.descent.settings import DEFAULT_DOMAIN, DescentSettings, Driver
from gui.tabs.descent.settings_intents import SettingsIntents
from gui.tabs.descent.state import DescentState
from gui.tabs.descent.surface_intents import SurfaceIntents
from gui.tabs.descent.sweep import SweepIntents

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression


class DescentModel(SurfaceIntents, SettingsIntents, RaceIntents, SweepIntents, Evented):
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
        # (FirstSurface, Field): the opening surface drawn from the NumPy route before
        # SymPy is loaded; the analysis's field replaces its picture when it arrives
        self.first_picture: tuple[Any, Any] | None = None

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

    def show_first_picture(self, first: Any, field: Any) -> None:
        """The opening surface's picture (``engine.descent.first_surface``, drawn by
        ``gui.tabs.descent.field``) before there is a Surface: only to be looked at."""
        self.first_picture = (first, field)
        self.emit("first_picture", first, field)

    def optimizers(self, keys: list[str] | None = None) -> list:
        s = self.settings
        return build_optimizers(s.optimizers if keys is None else keys, s.hyperparameters,
                                s.alphas)  # fmt: skip

    def state(self) -> dict[str, Any]:
        s = self.settings
        formula, starts = s.formula, self.starts
        if self.expression is None:  # the opening surface, drawn before SymPy read it
            formula = surface_formulas()[choices.DEFAULT_SURFACE]
            starts = list(choices.DEFAULT_STARTS.get(choices.DEFAULT_SURFACE, ()))
        return DescentState(
            formula, list(self.domain), [list(p) for p in starts], list(s.optimizers),
            dict(s.hyperparameters), s.tolerance, s.max_steps, s.mode, s.grid, s.arrows,
            dict(s.parameters), dict(s.alphas), s.view, s.azimuth, s.elevation,
        ).to_dict()  # fmt: skip

    # ---- sessions and messages ----------------------------------------------------
    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a saved state; ValueError (and nothing changed) if it does not fit."""
        from engine.symbolic.expressions import parse

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
        self.show_view(checked.view)
        self.turn_surface(checked.azimuth, checked.elevation)
        self.emit("settings", s)

    # ---- what is shown ------------------------------------------------------------
    def show_view(self, view: str) -> None:
        """Show the contour plot ("contours") or the 3-D surface ("surface")."""
        if view in choices.VIEWS and view != self.settings.view:
            self.settings.view = view
            self.emit("view", view)

    def turn_surface(self, azimuth: float, elevation: float) -> None:
        """Look at the 3-D surface from ``azimuth``, ``elevation`` degrees (rounded, and
        kept within AZIMUTH_RANGE and ELEVATION_RANGE)."""
        s = self.settings
        azimuth = int(min(max(round(azimuth), choices.AZIMUTH_RANGE[0]), choices.AZIMUTH_RANGE[1]))
        elevation = int(min(max(round(elevation), choices.ELEVATION_RANGE[0]),
                            choices.ELEVATION_RANGE[1]))
        if (azimuth, elevation) != (s.azimuth, s.elevation):
            s.azimuth, s.elevation = azimuth, elevation
            self.emit("turned", azimuth, elevation)

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

