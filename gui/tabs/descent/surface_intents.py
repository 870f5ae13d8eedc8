"""The surface part of :class:`gui.tabs.descent.model.DescentModel`: f, its domain and
parameters, and the analysis (contour picture, compiled f and ∇f, critical points)
that each new surface sends a worker for."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from engine.descent.surfaces import Domain, Surface
from gui.tabs.descent import choices
from gui.tabs.descent.settings import ALIVE

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression


class SurfaceIntents:
    """f(x, y) = a formula, a domain, parameter values; a new surface resets the runs."""

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
        if self.expression is None or self.surface is None or tuple(domain) == self.domain:
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
