"""Everything the tab shows at x₀, gathered from the engine in one immutable result."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from engine.symbolic.calculus import (
    Line,
    Secant,
    SidedQuotient,
    SlopeAt,
    one_sided_quotients,
    secant,
    slope_at,
    tangent,
)
from engine.symbolic.expressions import Expression

#: Δx values of the limit table; the slider's Δx joins them in order.
TABLE_DXS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6)


@dataclass(frozen=True)
class PointAnalysis:
    """f(x₀), the secant over the slider's Δx, f′(x₀) or why it does not exist, and the
    limit table at x₀ (Δy/Δx from both sides, largest Δx first).

    ``slope``, ``tangent`` are None (and ``rows`` empty) until f′ is known.
    """

    x0: float
    y0: float
    dx: float
    secant: Secant
    slope: SlopeAt | None
    tangent: Line | None
    rows: tuple[SidedQuotient, ...]

    @property
    def has_tangent_line(self) -> bool:
        """A tangent line can be drawn: f′(x₀) exists and is finite, f(x₀) too."""
        return (self.slope is not None and self.slope.exists and self.tangent is not None
                and math.isfinite(self.tangent.slope) and math.isfinite(self.tangent.y0))


def analyse_point(expr: Expression, x0: float, dx: float, params: Mapping[str, float],
                  with_tangent: bool) -> PointAnalysis:
    """Secant slope Δy/Δx = (f(x₀+Δx) − f(x₀))/Δx, f′(x₀) from its one-sided limits, and
    Δy/Δx for Δx → 0⁺ and 0⁻ (engine); the last two only ``with_tangent`` (f′ known)."""
    cut = secant(expr, x0, dx, params)
    if not with_tangent:
        return PointAnalysis(x0, cut.y0, dx, cut, None, None, ())
    at = slope_at(expr, x0, params)
    dxs = sorted({dx, *TABLE_DXS}, reverse=True)
    rows = tuple(one_sided_quotients(expr, x0, dxs, params, slope=at))
    return PointAnalysis(x0, cut.y0, dx, cut, at, tangent(expr, x0, params), rows)
