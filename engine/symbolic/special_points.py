"""Points of [lo, hi] where f is not smooth: corners, cusps, jumps, poles, holes, domain edges.

Candidates come from two routes. Symbolically, f can only misbehave where a kink
argument vanishes (engine.symbolic.kinks: |u|, relu(u), u^(p/q) at u = 0, …) or
where a denominator, a logarithm's argument, cos u under tan u (…) vanishes; the
zeros of polynomial ones are exact. Numerically, the sampled f and f′ break
(engine.symbolic.curves) or f turns undefined between two samples. Each candidate
then gets f's value and one-sided limits, and where f is defined its one-sided
slopes (engine.symbolic.one_sided), which decide what it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy

from engine.numeric.breaks import broken_intervals
from engine.symbolic.budget import Deadline, degree_bound, tree_size
from engine.symbolic.exact_roots import short_form
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.kinks import kink_arguments
from engine.symbolic.limits import Limit, side_limit
from engine.symbolic.one_sided import SlopeAt, slope_at

MAX_SPECIAL = 40
MAX_POLY_DEGREE = 20
EDGE_STEPS = 60


@dataclass(frozen=True)
class SpecialPoint:
    """A point where f may fail to be smooth, with what f does there.

    ``left``/``right``: lim f from that side (None outside [lo, hi]; NaN value when f is
    undefined on that side). ``slope``: the one-sided analysis where f is defined."""

    x: float
    exact: sympy.Expr | None
    value: float
    left: Limit | None
    right: Limit | None
    slope: SlopeAt | None

    @property
    def limits(self) -> list[tuple[Limit, str]]:
        """The one-sided limits that exist as numbers or ±∞, with "⁻" or "⁺"."""
        return [(lim, mark) for lim, mark in ((self.left, "⁻"), (self.right, "⁺"))
                if lim is not None and not math.isnan(lim.value)]  # fmt: skip


def _singular_arguments(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Expressions whose zeros are poles, holes or domain edges of f."""
    found = []
    for node in sympy.preorder_traversal(f):
        if not node.has(x):
            continue
        if node.is_Pow and node.exp.is_negative:
            found.append(node.base)
        elif isinstance(node, sympy.log):
            found.append(node.args[0])
        elif isinstance(node, sympy.tan | sympy.sec):
            found.append(sympy.cos(node.args[0]))
        elif isinstance(node, sympy.cot | sympy.csc):
            found.append(sympy.sin(node.args[0]))
    return found


def _exact_zeros(u: sympy.Expr, x: sympy.Symbol, lo: float, hi: float) -> list[sympy.Expr] | None:
    """Real zeros in [lo, hi] of u's numerator when it is a small polynomial over ℚ."""
    numerator = sympy.numer(sympy.together(u)) if tree_size(u, 200) <= 200 else u
    if degree_bound(numerator) > MAX_POLY_DEGREE or not numerator.is_polynomial(x):
        return None
    poly = sympy.Poly(numerator, x)
    if not (poly.domain.is_ZZ or poly.domain.is_QQ) or poly.degree() < 1:
        return None if poly.degree() >= 1 else []
    return [r for r in poly.real_roots() if lo <= float(r.evalf(30)) <= hi]


def _numeric_zeros(u: sympy.Expr, var: str, xs: np.ndarray) -> list[float]:
    """Zeros of u among the samples and at its sign changes (bisected to rounding)."""
    g = Expression("u", u, (var,))
    values = g(xs)
    found = list(xs[values == 0])
    change = np.flatnonzero(np.isfinite(values[:-1]) & np.isfinite(values[1:])
                            & (np.sign(values[:-1]) * np.sign(values[1:]) < 0))  # fmt: skip
    for i in change[: MAX_SPECIAL + 1]:
        a, b, ga = xs[i], xs[i + 1], values[i]
        for _ in range(EDGE_STEPS):
            m = 0.5 * (a + b)
            gm = float(g(np.asarray(m)))
            if not math.isfinite(gm):
                break
            if np.sign(gm) == np.sign(ga):
                a, ga = m, gm
            else:
                b = m
        found.append(0.5 * (a + b))
    return found


def _edges(f: Expression, xs: np.ndarray, ys: np.ndarray) -> list[float]:
    """Where f turns undefined between two samples, bisected (ln x near 0, √x at 0)."""
    finite = np.isfinite(ys)
    found = []
    for i in np.flatnonzero(finite[:-1] != finite[1:])[: MAX_SPECIAL + 1]:
        a, b = xs[i], xs[i + 1]
        a_ok = bool(finite[i])
        for _ in range(EDGE_STEPS):
            m = 0.5 * (a + b)
            if bool(np.isfinite(f(np.asarray(m)))) == a_ok:
                a = m
            else:
                b = m
        found.append(a if a_ok else b)  # the last defined point
    return found


def _snap(x0: float, width: float) -> sympy.Expr | None:
    """A short exact number equal to x0 up to rounding (1, 1/2, π/2), or None."""
    return short_form(x0, 1e-9 * max(1.0, width))


def candidates(
    f: Expression, lo: float, hi: float, xs: np.ndarray
) -> list[tuple[float, sympy.Expr | None]]:
    """Candidate points (float, exact or None) in [lo, hi], sorted, without repeats."""
    var = f.variables[0]
    x = symbol(var)
    found: list[tuple[float, sympy.Expr | None]] = []
    arguments = [*(kink_arguments(f.sympy, x) or []), *_singular_arguments(f.sympy, x)]
    for u in arguments:
        exact = _exact_zeros(u, x, lo, hi)
        if exact is not None:
            found += [(float(r.evalf(30)), r) for r in exact]
        else:
            found += [(z, None) for z in _numeric_zeros(u, var, xs)]
    ys = f(xs)
    found += [(z, None) for z in _edges(f, xs, ys)]
    at = f.__call__
    found += [(where, None) for _, _, where in broken_intervals(at, xs, ys)]
    width = hi - lo
    unique: list[tuple[float, sympy.Expr | None]] = []
    # exact candidates first: a numerical one within rounding of them is the same point
    for z, exact in sorted(found, key=lambda item: (item[1] is None, item[0])):
        if len(unique) > MAX_SPECIAL:
            break  # the caller reports the list as partial
        if exact is None:
            exact = _snap(z, width)
            z = float(exact) if exact is not None else z
        if any(abs(z - u) <= 1e-7 * width for u, _ in unique):
            continue
        unique.append((float(z), exact))
    return sorted(unique, key=lambda item: item[0])


def special_points(
    f: Expression, lo: float, hi: float, xs: np.ndarray, deadline: Deadline
) -> tuple[list[SpecialPoint], bool]:
    """The special points of f in [lo, hi] (see the module doc); False when there were
    more than :data:`MAX_SPECIAL` (the list is then partial, as it is when the
    deadline passes: the caller says so)."""
    x = symbol(f.variables[0])
    found = candidates(f, lo, hi, xs)
    complete = len(found) <= MAX_SPECIAL
    points = []
    for z, exact in found[:MAX_SPECIAL]:
        if deadline.expired:
            break
        c = exact if exact is not None else sympy.Rational(repr(float(z)))
        value = float(f(np.asarray(z)))
        left = side_limit(f.sympy, x, c, -1, f) if z > lo else None
        right = side_limit(f.sympy, x, c, 1, f) if z < hi else None
        slope = slope_at(f, c if exact is not None else z) if math.isfinite(value) else None
        points.append(SpecialPoint(z, exact, value, left, right, slope))
    return points, complete
