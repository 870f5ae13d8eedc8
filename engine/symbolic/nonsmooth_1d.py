"""Critical points where f′ = 0 cannot be solved for: corners, cusps, kinks, holes.

The standard definition: c is a critical point when f is defined at c and f′(c) = 0
or f′(c) does not exist. At the special points of f (engine.symbolic.special_points)
the one-sided analysis decides which, and the kind comes from comparing f(c) with
f(c ± h) for two shrinking h that must agree: f(c ± h) ≥ f(c) on both sides is a
minimum (|x| at 0), ≤ a maximum, otherwise neither. This needs no f″, which is
undefined at a corner and 0·δ(0) for |x|³ in SymPy's reading.

A removable singularity (sin(x)/x at 0) is the critical point of f's continuous
extension, f(c) := lim f, when the one-sided limits of f′ there are 0; f″ is then
taken as its limit (−1/3 for sin(x)/x).
"""

from __future__ import annotations

import math

import numpy as np
import sympy

from engine.symbolic.budget import TooComplexError
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.kinks import smooth_at
from engine.symbolic.limits import number_text, readable, side_limit
from engine.symbolic.one_sided import CORNER, CUSP, DIFFERENTIABLE, ONE_SIDED, VERTICAL
from engine.symbolic.special_points import SpecialPoint
from engine.symbolic.stationary import (
    INCONCLUSIVE,
    INFLECTION,
    MAXIMUM,
    MINIMUM,
    CriticalPoint,
)
from engine.symbolic.symbolic_derivative import derivative

COMPARE_STEPS = (1e-4, 1e-7)  # h, times max(1, |c|)
_WORDS = {MINIMUM: "a minimum", MAXIMUM: "a maximum", INFLECTION: "neither minimum nor maximum"}


def compare_kind(f: Expression, c: float, value: float) -> str:
    """MINIMUM when f(c ± h) ≥ f(c) on every side where f is defined, MAXIMUM when ≤,
    INFLECTION when one side is above and the other below; INCONCLUSIVE when the two
    h disagree or f is flat on both sides."""
    kinds = set()
    for step in COMPARE_STEPS:
        h = step * max(1.0, abs(c))
        near = f(np.array([c - h, c + h]))
        # rounding of f near c, not of 1: |x|⁵ rises by only 10⁻³⁵ at h = 10⁻⁷
        tol = 1e-14 * float(np.nanmax(np.abs([value, *near])))
        diffs = [d for d in near - value if math.isfinite(d)]
        if not diffs:
            return INCONCLUSIVE
        above = all(d >= -tol for d in diffs)
        below = all(d <= tol for d in diffs)
        kinds.add(INCONCLUSIVE if above and below else MINIMUM if above
                  else MAXIMUM if below else INFLECTION)  # fmt: skip
    return kinds.pop() if len(kinds) == 1 else INCONCLUSIVE


def _where(p: SpecialPoint) -> str:
    return readable(p.exact) if p.exact is not None else number_text(p.x)


def _second_limit(f: Expression, p: SpecialPoint) -> float:
    """lim f″ at p when both one-sided limits agree, else NaN."""
    try:
        f2 = derivative(f, f.variables[0], 2)
    except TooComplexError:
        return math.nan
    c = p.exact if p.exact is not None else sympy.Rational(repr(p.x))
    x = symbol(f.variables[0])
    sides = [side_limit(f2.sympy, x, c, s, f2) for s in (-1, 1)]
    if all(s.exists for s in sides) and abs(sides[0].value - sides[1].value) <= 1e-9 * max(
            1.0, abs(sides[0].value)):
        return sides[1].value
    return math.nan


def _critical(f: Expression, p: SpecialPoint) -> CriticalPoint | None:
    slope = p.slope
    if slope is None:
        return None
    exact = None if p.exact is None else (p.exact,)
    at = _where(p)
    if slope.kind == DIFFERENTIABLE:
        c = p.exact if p.exact is not None else sympy.Rational(repr(p.x))
        if slope.slope != 0 or smooth_at(f.sympy, symbol(f.variables[0]), c):
            return None  # an ordinary point: f′ = 0 there is the root finder's business
        kind = compare_kind(f, p.x, p.value)
        f2 = _second_limit(f, p)
        note = f"f′({at}) = 0 from both sides; f(x) − f({at}) near {at}: {_WORDS.get(kind, 'the comparison cannot decide')}"  # noqa: E501
        return CriticalPoint((p.x,), p.value, kind, {"f''": f2}, note, exact)
    if slope.kind not in (CORNER, CUSP, VERTICAL, ONE_SIDED):
        return None
    kind = compare_kind(f, p.x, p.value)
    verdict = _WORDS.get(kind, "the comparison cannot decide")
    note = f"{slope.message}; comparing f(x) with f({at}) either side: {verdict}"
    return CriticalPoint((p.x,), p.value, kind, {}, note, exact, differentiable=False,
                         smoothness=slope.kind)


def _removable(f: Expression, p: SpecialPoint) -> CriticalPoint | None:
    """The critical point of the continuous extension at a hole where lim f′ = 0."""
    sides = p.limits
    if p.slope is not None or len(sides) != 2 or not all(lim.exists for lim, _ in sides):
        return None
    (left, _), (right, _) = sides
    if abs(left.value - right.value) > 1e-9 * max(1.0, abs(left.value)):
        return None
    try:
        fp = derivative(f, f.variables[0])
    except TooComplexError:
        return None
    c = p.exact if p.exact is not None else sympy.Rational(repr(p.x))
    x = symbol(f.variables[0])
    slopes = [side_limit(fp.sympy, x, c, s, fp) for s in (-1, 1)]
    if not all(s.exists and abs(s.value) <= 1e-12 for s in slopes):
        return None
    f2 = _second_limit(f, p)
    kind = INCONCLUSIVE if not math.isfinite(f2) or f2 == 0 else MINIMUM if f2 > 0 else MAXIMUM
    at = _where(p)
    f2_text = number_text(f2) if math.isfinite(f2) else "undefined"
    note = (f"f is undefined at {at} but tends to {right.text} there (a removable singularity); "
            f"with f({at}) = {right.text}, f′({at}) = 0 and f''({at}) = {f2_text} (limits)"
            + (f": {kind}" if kind != INCONCLUSIVE else ": the test cannot decide"))
    exact = None if p.exact is None else (p.exact,)
    return CriticalPoint((p.x,), right.value, kind, {"f''": f2}, note, exact)


def merge_special(
    f: Expression, points: list[CriticalPoint], specials: list[SpecialPoint], width: float
) -> list[CriticalPoint]:
    """``points`` (from f′ = 0) with the critical points at special points added; a
    numerical root within rounding of a special point is that point, not another."""
    found = [_critical(f, p) or _removable(f, p) for p in specials]
    extra = [c for c in found if c is not None]
    kept = [q for q in points
            if not any(abs(q.x - c.x) <= 1e-6 * width for c in extra)]  # fmt: skip
    return sorted(kept + extra, key=lambda q: q.x)
