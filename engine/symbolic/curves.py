"""Samples of f, f′ and f″ for a plot that breaks at poles, jumps and domain gaps.

A line through the samples of tan x or floor x draws a vertical stroke across
every pole and jump. :func:`curve_values` puts NaN at one end of each sample
interval that holds a discontinuity, so a plot that connects finite points only
leaves a gap there; f′ and f″ are NaN wherever f itself is undefined (ln x has
no f′ = 1/x for x < 0).

An interval [a, b] holds a discontinuity when bisecting it towards the larger
change does not shrink the change: for a continuous u, |u(b) − u(a)| → 0 as the
interval shrinks (like its width, or like a power of it at a vertical tangent,
x^(1/3): 12 more halvings divide it by 16), while across a jump it stays the size
of the jump and across a pole it grows.

A pole whose two sides take equal values at the samples (−1/x² at ±0.0015) shows no
change to bisect: the intervals where a *singular argument* of the curve (a
denominator, a logarithm's argument, cos u under tan u) changes sign or vanishes
are broken too where the curve has no limit (a removable singularity, sin(x)/x at 0,
stays drawn).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import sympy

from engine.numeric.breaks import broken_intervals
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.symbolic_derivative import derivative

MAX_SINGULAR = 12
MAX_CROSSINGS = 500  # more zeros than this in the window (tan 1000x): the samples decide
ZERO_STEPS = 60
NEAR_SHARES = (1.0, 0.1, 0.01)  # of a sample step, either side of a singular point
LIMIT_TOLERANCE = 1e-3
SIDE_STEPS = 10.0 ** -np.arange(2, 9)  # relative: beside a point where a curve is undefined


def curve_values(
    expr: Expression, xs: object, params: Mapping[str, float] | None = None, order: int = 0,
    undefined: Sequence[float] = (),
) -> np.ndarray:
    """f (order 0), f′ (1) or f″ (2) at the increasing samples ``xs``, NaN where f is
    undefined, at one end of every interval holding a pole, jump or corner of
    that curve (see the module doc), and at the sample nearest each point of
    ``undefined`` (where the derivative is known not to exist: |x|″ at 0 is not 0)."""
    if len(expr.variables) != 1:
        raise ValueError("this needs a formula in one variable")
    values = dict(params or {})
    xs = np.asarray(xs, dtype=float)
    g = expr if order == 0 else derivative(expr, expr.variables[0], order)

    def at(points: np.ndarray) -> np.ndarray:
        return g(points, **values)

    ys = at(xs)
    if order:
        ys[~np.isfinite(expr(xs, **values))] = np.nan
    for i, blank_right, _ in broken_intervals(at, xs, ys):
        ys[i + 1 if blank_right else i] = np.nan
    for i, where in _singular_breaks(g, xs, values):
        if np.isfinite(ys[i]) and np.isfinite(ys[i + 1]):  # else there is a gap already
            ys[i + 1 if where - xs[i] > xs[i + 1] - where else i] = np.nan
    for c in undefined:
        if len(xs) and xs[0] <= c <= xs[-1]:
            ys[int(np.argmin(np.abs(xs - c)))] = np.nan
    return ys


def one_sided_ends(
    expr: Expression, points: Sequence[float], x_range: tuple[float, float],
    params: Mapping[str, float] | None = None, order: int = 1,
) -> tuple[tuple[float, float], ...]:
    """(c, y) where the ``order``-th derivative ends on either side of each point c in
    ``x_range`` at which it does not exist: the one-sided limits (:func:`side_value`).
    One (c, y) for a hole the two sides close (|x|″ at 0, sin(x)/x at 0), two at a jump
    (|x|′ at 0); none where a side has no finite limit."""
    g = expr if order == 0 else derivative(expr, expr.variables[0], order)
    values = dict(params or {})
    ends: list[tuple[float, float]] = []
    for c in sorted(set(points)):
        if not x_range[0] <= c <= x_range[1]:
            continue
        left, right = side_value(g, c, -1, values), side_value(g, c, 1, values)
        if not (np.isfinite(left) and np.isfinite(right)):
            continue
        if abs(left - right) <= LIMIT_TOLERANCE * (1.0 + abs(left)):
            ends.append((c, 0.5 * (left + right)))
        else:
            ends += [(c, left), (c, right)]
    return tuple(ends)


def side_value(g: Expression, c: float, side: int, values: Mapping[str, float]) -> float:
    """lim g(x) as x → c from ``side`` (−1 left, +1 right), read off g beside c: the line
    through g(c ± h) and g(c ± 2h), read at c, for h = 10⁻² … 10⁻⁸ (relative to |c|
    past 1), taking the h where two neighbouring readings agree best.  The line is
    exact for a linear branch (max(x, x²)′ ends at 0 and 1); a smooth branch is off by
    O(h²), and a small h loses digits to cancellation (sin(x)/x's f″ at h = 10⁻⁷ read
    −0.359 for −1/3), hence the search.  NaN where g has no finite limit there."""
    h = side * np.max([1.0, abs(c)]) * SIDE_STEPS
    with np.errstate(all="ignore"):
        near = np.asarray(g(np.concatenate([c + h, c + 2 * h]), **values), dtype=float)
        near = np.broadcast_to(near, (2 * len(h),))
        readings = 2 * near[:len(h)] - near[len(h):]
        gaps = np.abs(np.diff(readings))
    usable = np.flatnonzero(np.isfinite(gaps))
    if not usable.size:
        return float("nan")
    best = usable[np.argmin(gaps[usable])]
    return float(readings[best + 1])


@lru_cache(maxsize=64)
def _singular_parts(g: Expression) -> tuple[Expression, ...]:
    """g's singular arguments (see the module doc), compiled over g's variables and
    parameters: worked out once per formula, evaluated on every redraw."""
    x = symbol(g.variables[0])
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(g.sympy):
        if not node.has(x):
            continue
        if node.is_Pow and node.exp.is_negative:
            found.append(_signed(node.base))
        elif isinstance(node, sympy.log):
            found.append(_signed(node.args[0]))
        elif isinstance(node, sympy.tan | sympy.sec):
            found.append(sympy.cos(node.args[0]))
        elif isinstance(node, sympy.cot | sympy.csc):
            found.append(sympy.sin(node.args[0]))
    # δ(u) and H(u) mark switches, not poles (their points are the jumps' business)
    unique = [u for u in dict.fromkeys(found)
              if not u.has(sympy.DiracDelta, sympy.Heaviside)][:MAX_SINGULAR]
    return tuple(g.derived(u, "singular argument") for u in unique)


def _signed(u: sympy.Expr) -> sympy.Expr:
    """v for u = |v| or v²ᵏ: it changes sign where u touches 0 (ln|x|, 1/x²)."""
    while isinstance(u, sympy.Abs) or (u.is_Pow and u.exp.is_Integer and u.exp.is_even
                                       and u.exp > 0):
        u = u.args[0] if isinstance(u, sympy.Abs) else u.base
    return u


def _singular_breaks(
    g: Expression, xs: np.ndarray, values: Mapping[str, float]
) -> list[tuple[int, float]]:
    """(i, p) for each p in [xs[i], xs[i + 1]] where a singular argument u of g changes
    sign and g has no limit (|g(p ± h)| keeps changing as h shrinks: a pole, ln 0,
    an oscillation); a removable singularity (sin(x)/x at 0) has one and stays drawn."""
    return [(i, p) for i, p, singular in _singular_zeros(g, xs, values) if singular]


def holes(
    expr: Expression, xs: object, params: Mapping[str, float] | None = None, order: int = 0,
) -> tuple[float, ...]:
    """The points in the range of ``xs`` where the ``order``-th derivative is undefined
    (a singular argument — a denominator, a logarithm's argument, cos u under tan u —
    is 0 there) but tends to a limit from each side: sin(x)/x, x·ln|x| and x/|x| at 0.
    The plot marks them with hollow circles (:func:`one_sided_ends`)."""
    xs = np.asarray(xs, dtype=float)
    g = expr if order == 0 else derivative(expr, expr.variables[0], order)
    found = sorted({p for _, p, singular in _singular_zeros(g, xs, dict(params or {}))
                    if not singular})
    return tuple(p for k, p in enumerate(found) if k == 0 or p - found[k - 1] > 1e-12 * (
        1.0 + abs(p)))  # a zero on a sample is found by the intervals either side


def _singular_zeros(
    g: Expression, xs: np.ndarray, values: Mapping[str, float]
) -> list[tuple[int, float, bool]]:
    """(i, p, pole) for each p in [xs[i], xs[i + 1]] where a singular argument u of g
    changes sign (bisected to u's zero); ``pole`` when g has no limit there."""
    found: list[tuple[int, float, bool]] = []
    for u in _singular_parts(g):
        us = u(xs, **values)
        if us.shape != xs.shape:
            continue  # a constant argument (a parameter's value): no zero in x
        sign = np.sign(us)
        i = np.flatnonzero((sign[:-1] * sign[1:] <= 0) & np.isfinite(us[:-1])
                           & np.isfinite(us[1:]))  # fmt: skip
        if i.size == 0 or i.size > MAX_CROSSINGS:
            continue
        a, b, ua = xs[i], xs[i + 1], us[i]
        for _ in range(ZERO_STEPS):  # bisect to u's zero
            m = 0.5 * (a + b)
            same = np.sign(u(m, **values)) == np.sign(ua)
            a, b = np.where(same, m, a), np.where(same, b, m)
        p = np.where(us[i] == 0, xs[i], np.where(us[i + 1] == 0, xs[i + 1], 0.5 * (a + b)))
        singular = np.zeros(i.size, dtype=bool)
        for side in (-1.0, 1.0):
            # g at p ± h for h = one sample step, a tenth and a hundredth of it: toward a
            # limit the changes shrink tenfold; toward a pole they grow, toward ln 0 they stay
            g1, g2, g3 = (g(p + side * share * (xs[i + 1] - xs[i]), **values)
                          for share in NEAR_SHARES)  # fmt: skip
            d1, d2 = np.abs(g1 - g2), np.abs(g2 - g3)
            singular |= np.isinf(g1) | np.isinf(g2) | np.isinf(g3) | (
                (d2 > 0.3 * d1) & (d2 > LIMIT_TOLERANCE * (1.0 + np.abs(g2))))
        found += [(int(k), float(q), bool(s)) for k, q, s in zip(i, p, singular, strict=True)]
    return found
