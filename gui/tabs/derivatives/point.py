"""Everything the tab shows at x₀, gathered from the engine in one immutable result."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from engine.symbolic.calculus import (
    Line,
    QuotientRow,
    Secant,
    difference_quotients,
    secant,
    tangent,
)
from engine.symbolic.expressions import Expression

#: Δx values of the limit table; the slider's Δx joins them in order.
TABLE_DXS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6)


@dataclass(frozen=True)
class PointAnalysis:
    """f(x₀), the secant over the slider's Δx, the tangent and the limit table at x₀.

    ``tangent`` is None until f′ is known; ``rows`` run from the largest Δx down.
    """

    x0: float
    y0: float
    dx: float
    secant: Secant
    tangent: Line | None
    rows: tuple[QuotientRow, ...]

    @property
    def has_tangent_line(self) -> bool:
        """A tangent line can be drawn: f′(x₀) and f(x₀) are finite."""
        return (self.tangent is not None and math.isfinite(self.tangent.slope)
                and math.isfinite(self.tangent.y0))


def analyse_point(expr: Expression, x0: float, dx: float, params: Mapping[str, float],
                  with_tangent: bool) -> PointAnalysis:
    """Secant slope Δy/Δx = (f(x₀+Δx) − f(x₀))/Δx, tangent slope f′(x₀), and Δy/Δx for
    the table's Δx (engine); the tangent and table only ``with_tangent`` (f′ known)."""
    cut = secant(expr, x0, dx, params)
    if not with_tangent:
        return PointAnalysis(x0, cut.y0, dx, cut, None, ())
    dxs = sorted({dx, *TABLE_DXS}, reverse=True)
    rows = tuple(difference_quotients(expr, x0, dxs, params))
    return PointAnalysis(x0, cut.y0, dx, cut, tangent(expr, x0, params), rows)
