"""Everything the tab draws about a surface itself, computed off the GUI thread.

:class:`AnalysisJob` is a job for ``gui.pool_worker.PoolWorker`` in two units of work:
first the *field* (f on a grid, its display scale, contour lines, ∇f arrows and
the partial derivatives ∂f/∂x, ∂f/∂y, all fast), then the critical points
(SymPy and Newton's method in the engine, up to about a second).  Its snapshot
grows as the units finish, so the contour appears before the critical points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from engine.descent.surfaces import Surface
from gui.tabs.descent.field import Field, compute_field

if TYPE_CHECKING:  # SymPy's: imported on the worker when the job runs
    from engine.symbolic.calculus import CriticalPoints
    from engine.symbolic.expressions import Expression

#: Seconds the critical-point search may take (None: the engine's own TIME_LIMIT);
#: past them it lists what it found and says so
CRITICAL_TIME_LIMIT: float | None = None


@dataclass(frozen=True)
class Partials:
    """∂f/∂x and ∂f/∂y as LaTeX and plain text (from the engine's symbolic derivative)."""

    fx_latex: str
    fy_latex: str
    fx_plain: str
    fy_plain: str
    in_pieces: bool = False  # either is written piece by piece (f has |u|, max, relu, …)


@dataclass(frozen=True)
class Analysis:
    """What is known so far about ``surface``: None until computed."""

    surface: Surface
    field: Field | None = None
    partials: Partials | None = None
    critical: CriticalPoints | None = None
    critical_error: str = ""


def partials_of(surface: Surface) -> Partials:
    """f_x = ∂f/∂x and f_y = ∂f/∂y of the surface's formula."""
    fx_latex, fx_plain, x_pieces = _partial_text(surface.expression, "x")
    fy_latex, fy_plain, y_pieces = _partial_text(surface.expression, "y")
    return Partials(fx_latex, fy_latex, fx_plain, fy_plain, x_pieces or y_pieces)


def _partial_text(f: Expression, var: str) -> tuple[str, str, bool]:
    """(LaTeX, plain text, whether piece by piece) of ∂f/∂var as a reader writes it:
    where f has |u|, max, relu, … the pieces and where it does not exist, never δ, sgn, H."""
    from engine.symbolic.calculus import derivative, piecewise_derivative
    from engine.symbolic.expressions import symbol

    d = derivative(f, var)
    pieces = piecewise_derivative(f.sympy, symbol(var), 1, d.sympy)
    if pieces is None:
        return d.latex, d.plain, False
    return pieces.latex, pieces.plain, True


class AnalysisJob:
    """Unit 1: field and partials; unit 2: critical points (``critical_points(f, box)``)."""

    def __init__(self, surface: Surface) -> None:
        self._result = Analysis(surface)
        self._done = 0

    @property
    def finished(self) -> bool:
        return self._done >= 2

    def step(self, n: int) -> Analysis:
        for _ in range(max(1, int(n))):
            if self.finished:
                break
            self._advance()
        return self._result

    def snapshot(self) -> Analysis:
        return self._result

    def received(self, analysis: Analysis) -> Analysis:
        """A snapshot made in a helper process, about this job's own surface object (the
        model tells an older surface's answer from the current one by identity)."""
        return replace(analysis, surface=self._result.surface)

    def _advance(self) -> None:
        surface = self._result.surface
        if self._done == 0:
            # compiles f here, off the GUI thread (the field compiles ∇f), for the runs to come
            surface.value(np.zeros((1, 2)))
            self._result = replace(self._result, field=compute_field(surface),
                                   partials=partials_of(surface))
        else:
            self._result = replace(self._result, **_critical(surface))
        self._done += 1


def _critical(surface: Surface) -> dict[str, object]:
    from engine.symbolic.budget import TIME_LIMIT
    from engine.symbolic.calculus import critical_points

    limit = TIME_LIMIT if CRITICAL_TIME_LIMIT is None else CRITICAL_TIME_LIMIT
    try:
        found = critical_points(surface.expression, surface.box, dict(surface.params),
                                time_limit=limit)
    except (ValueError, ArithmeticError, NotImplementedError) as exc:
        return {"critical_error": f"The critical points could not be found: {exc}"}
    finite = tuple(p for p in found.points
                   if np.isfinite(p.value) and all(np.isfinite(v) for v in p.test.values()))
    return {"critical": replace(found, points=finite)}
