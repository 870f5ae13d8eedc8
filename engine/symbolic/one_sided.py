"""Whether f′(x₀) exists, from the one-sided limits of the difference quotient.

f′(x₀) = lim_{Δx→0} (f(x₀ + Δx) − f(x₀))/Δx exists when f is continuous at x₀ and
the limits from Δx > 0 and Δx < 0 are equal and finite. Where f is continuous at
x₀ and differentiable on either side, the mean value theorem makes the one-sided
limit of the quotient equal to the one-sided limit of f′, which SymPy finds
exactly; where f′ has no limit (x²·sin(1/x) at 0), the quotient's own limit is taken.

|x| at 0: the limits are −1 and 1, a corner. x^(2/3) at 0: −∞ and ∞, a cusp.
x^(1/3): ∞ on both sides, a vertical tangent. sign(x), floor(x) at 0: f jumps, so
there is no derivative at all. SymPy's Heaviside(0) = ½ is never reported as a slope.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.kinks import smooth_at
from engine.symbolic.limits import Limit, exact_point, number_text, readable, side_limit
from engine.symbolic.symbolic_derivative import derivative

DIFFERENTIABLE = "differentiable"
CORNER = "corner"
VERTICAL = "vertical tangent"
CUSP = "cusp"
DISCONTINUOUS = "discontinuous"
UNDEFINED = "undefined"
ONE_SIDED = "one-sided"

@dataclass(frozen=True)
class SlopeAt:
    """f′(x₀) if it exists, the one-sided limits of Δy/Δx, and a sentence for the reader.

    ``left``/``right``: lim Δy/Δx for Δx → 0⁻ / 0⁺ (±inf for a vertical tangent, NaN
    when f is undefined on that side or there is no limit). ``kind`` is one of
    differentiable, corner, vertical tangent, cusp, discontinuous, undefined, one-sided.
    """

    x0: float
    value: float
    left: float
    right: float
    slope: float
    exists: bool
    kind: str
    message: str
    left_text: str = ""
    right_text: str = ""


@dataclass(frozen=True)
class SidedQuotient:
    """One row of the limit table with both columns: Δx > 0 and Δx < 0.

    right = (f(x₀ + Δx) − f(x₀))/Δx, left = (f(x₀ − Δx) − f(x₀))/(−Δx), and their
    distances to f′(x₀) (NaN when f′(x₀) does not exist)."""

    dx: float
    right: float
    left: float
    right_error: float
    left_error: float


def _where(x0: sympy.Expr) -> str:
    """x0 as the reader wrote it: π/2 stays exact, a typed 0.1 or 3.14159 a decimal."""
    if x0.is_Rational and x0.q != 1:
        return number_text(float(x0))
    text = readable(x0)
    return text if len(text) <= 12 else number_text(float(x0))


def slope_at(
    expr: Expression, x0: float | sympy.Expr, params: Mapping[str, float] | None = None
) -> SlopeAt:
    """f′(x0), or why it does not exist, from one-sided limits (see the module doc)."""
    if len(expr.variables) != 1:
        raise ValueError("this needs a formula in one variable")
    var = expr.variables[0]
    f = Expression(expr.text, expr.substitute(params), expr.variables)
    x, c = symbol(var), exact_point(x0)
    x0 = float(x0)
    with np.errstate(all="ignore"):
        value = float(f(np.asarray(x0)))
        fp = derivative(f, var)
        if math.isfinite(value) and smooth_at(f.sympy, x, c):
            slope = float(fp(np.asarray(x0)))
            if math.isfinite(slope):
                return SlopeAt(x0, value, slope, slope, slope, True, DIFFERENTIABLE,
                               f"f′({_where(c)}) = {number_text(slope)}",
                               number_text(slope), number_text(slope))  # fmt: skip
        return _from_limits(f, fp, x, c, value)


def _from_limits(
    f: Expression, fp: Expression, x: sympy.Symbol, c: sympy.Expr, value: float
) -> SlopeAt:
    x0, at = float(c), _where(c)
    f_left, f_right = (side_limit(f.sympy, x, c, s, f) for s in (-1, 1))
    sides = [lim for lim in (f_left, f_right) if not math.isnan(lim.value)]
    if not math.isfinite(value):
        known = {lim.text for lim in sides if lim.exists}
        hole = f" (its limit there is {known.pop()})" if len(known) == 1 and len(sides) == 2 else ""
        return SlopeAt(x0, value, math.nan, math.nan, math.nan, False, UNDEFINED,
                       f"f′({at}) does not exist: f is not defined at {at}{hole}")  # fmt: skip
    tol = 1e-9 * max(1.0, abs(value))
    broken = [lim for lim in sides if not (lim.exists and abs(lim.value - value) <= tol)]
    if broken:
        if len(sides) == 2:
            jump = f" (it jumps from {f_left.text or '?'} to {f_right.text or '?'})"
        else:
            jump = ""
        return SlopeAt(x0, value, math.nan, math.nan, math.nan, False, DISCONTINUOUS,
                       f"f′({at}) does not exist: f is not continuous at {at}{jump}")  # fmt: skip
    left, right = (_slope_limit(f, fp, x, c, s) for s in (-1, 1))
    return _verdict(x0, value, at, left, right)


def _slope_limit(
    f: Expression, fp: Expression, x: sympy.Symbol, c: sympy.Expr, side: int
) -> Limit:
    """lim f′ from one side (equal to the one-sided derivative when it exists, by the
    mean value theorem); where f′ has no limit, lim of the quotient itself."""
    limit = side_limit(fp.sympy, x, c, side, fp)
    if not math.isnan(limit.value):
        return limit
    # f(x0) as the float it is: substituting a huge x0 into x^x exactly never ends
    quotient = (f.sympy - sympy.Float(float(f(np.asarray(float(c)))), 30)) / (x - c)
    x0 = float(c)

    def values(xs: np.ndarray) -> np.ndarray:
        return (f(xs) - f(np.asarray(x0))) / (np.asarray(xs, dtype=float) - x0)

    return side_limit(quotient, x, c, side, values)


def _verdict(x0: float, value: float, at: str, left: Limit, right: Limit) -> SlopeAt:
    def result(slope: float, exists: bool, kind: str, message: str) -> SlopeAt:
        return SlopeAt(x0, value, left.value, right.value, slope, exists, kind, message,
                       left.text, right.text)  # fmt: skip

    if math.isnan(left.value) and math.isnan(right.value):
        return result(math.nan, False, UNDEFINED,
                      f"f′({at}) does not exist: Δy/Δx has no limit as Δx → 0")
    if math.isnan(left.value) or math.isnan(right.value):
        side, lim = ("right", right) if math.isnan(left.value) else ("left", left)
        return result(math.nan, False, ONE_SIDED,
                      f"f′({at}) does not exist: f is defined on one side only; the "
                      f"{side}-hand derivative is {lim.text}")
    if left.exists and right.exists and abs(left.value - right.value) <= 1e-9 * max(
            1.0, abs(left.value)):
        slope = right.value
        return result(slope, True, DIFFERENTIABLE, f"f′({at}) = {right.text}")
    if math.isinf(left.value) and left.value == right.value:
        kind, what = VERTICAL, f"both {right.text} (vertical tangent)"
    elif math.isinf(left.value) and math.isinf(right.value):
        kind, what = CUSP, f"{left.text} and {right.text} (a cusp)"
    else:
        kind, what = CORNER, f"{left.text} and {right.text}"
    return result(math.nan, False, kind,
                  f"f′({at}) does not exist: the one-sided limits are {what}")


def one_sided_quotients(
    expr: Expression,
    x0: float,
    dxs: Sequence[float],
    params: Mapping[str, float] | None = None,
    slope: SlopeAt | None = None,
) -> list[SidedQuotient]:
    """Rows (Δx, right Δy/Δx, left Δy/Δx, errors) for Δx = +dx and −dx; ``slope`` is the
    :func:`slope_at` result if the caller has it already."""
    slope = slope or slope_at(expr, x0, params)
    values = dict(params or {})
    x0 = float(x0)
    rows = []
    with np.errstate(all="ignore"):
        y0 = float(expr(np.asarray(x0), **values))
        for dx in dxs:
            dx = abs(float(dx))
            if dx == 0:
                raise ValueError("Δx must not be 0")
            right = (float(expr(np.asarray(x0 + dx), **values)) - y0) / dx
            left = (float(expr(np.asarray(x0 - dx), **values)) - y0) / -dx
            exact = slope.slope if slope.exists else math.nan
            rows.append(SidedQuotient(dx, right, left, abs(right - exact), abs(left - exact)))
    return rows
