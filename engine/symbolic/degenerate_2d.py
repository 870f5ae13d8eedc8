"""Deciding a critical point of a polynomial f(x, y) where rt − s² = 0.

The second-derivative test says nothing there; these sound arguments often do,
on g(u, v) = f(a + u, b + v) − f(a, b) (g(0, 0) = 0):

1. Every term of g has even powers in u and v and the same sign: g ≥ 0 (x⁴ + y⁴)
   or g ≤ 0 everywhere, a minimum or a maximum.
2. Completing the square where g is quadratic in one variable,
   g = A·(u + B/2A)² + (C − B²/4A) with A a positive (negative) constant: when the
   remainder R(v) = C − B²/4A has the sign of A, g has it too (x² − 2xy² + y⁴ + y⁶
   = (x − y²)² + y⁶ ≥ 0: a minimum); when R has the opposite sign, g takes both
   signs, along v = 0 and along u = −B/2A (x² − 3xy² + 2y⁴: neither).
3. Along lines u = p·t, v = q·t and parabolas u = k·v², v = k·u²: a lowest-order
   term of odd order, or of different signs on two paths, means g changes sign at
   the point, so it is neither (the monkey saddle x³ − 3xy² along y = 0).
Otherwise the test cannot decide, and the result says so.
"""

from __future__ import annotations

import sympy

from engine.notation import handwritten, superscript
from engine.symbolic.expressions import plain_text
from engine.symbolic.stationary import INCONCLUSIVE, MAXIMUM, MINIMUM, SADDLE

_LINES = ((1, 0), (0, 1), (1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1))
_BENDS = (sympy.Rational(1, 2), sympy.Rational(3, 2), 1, 2, 3, sympy.Rational(1, 3), -1, -2)
NEITHER = "neither a minimum nor a maximum: f − f(a, b) takes both signs near the point"


def maths(expr: sympy.Expr) -> str:
    """A formula the way it is written by hand: x³ − 3x·y², not x**3 - 3*x*y**2."""
    return handwritten(plain_text(expr))


def _definite_sign(g: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> int:
    """+1 / −1 when every term has even powers and that sign (g ≥ 0 / ≤ 0), else 0."""
    if g.is_zero:
        return 0
    poly = sympy.Poly(g, *variables)
    signs = set()
    for powers, coefficient in poly.terms():
        if any(p % 2 for p in powers):
            return 0
        signs.add(1 if coefficient > 0 else -1)
    return signs.pop() if len(signs) == 1 else 0


def _lowest_term(g: sympy.Expr, t: sympy.Symbol) -> tuple[int, int] | None:
    """(order, sign) of the lowest-order term of the polynomial g(t), None if g ≡ 0."""
    poly = sympy.Poly(sympy.expand(g), t)
    if poly.is_zero:
        return None
    order, coefficient = min(poly.terms(), key=lambda term: term[0][0])
    return order[0], (1 if coefficient > 0 else -1)


def _changes_sign_along_paths(g: sympy.Expr, u: sympy.Symbol, v: sympy.Symbol) -> str | None:
    t = sympy.Symbol("t", real=True)
    paths = [((p * t, q * t), f"the line through it with direction ({p}, {q})") for p, q in _LINES]
    paths += [((k * t**2, t), "a parabola through it") for k in _BENDS]
    paths += [((t, k * t**2), "a parabola through it") for k in _BENDS]
    seen: dict[int, str] = {}
    for (pu, pv), name in paths:
        lowest = _lowest_term(g.subs({u: pu, v: pv}, simultaneous=True), t)
        if lowest is None:
            continue
        order, sign = lowest
        if order % 2:
            return f"f − f(a, b) changes sign along {name} (lowest power t{superscript(order)})"
        if -sign in seen:
            return f"f − f(a, b) is positive along {seen.get(1, name)} and negative along {seen.get(-1, name)}"  # noqa: E501
        seen.setdefault(sign, name)
    return None


def _complete_square(g: sympy.Expr, u: sympy.Symbol, v: sympy.Symbol) -> tuple[str, str] | None:
    poly = sympy.Poly(g, u)
    if poly.degree() != 2:
        return None
    a, b, c = (poly.coeff_monomial(u**k) for k in (2, 1, 0))
    if a.has(v) or a.is_zero:
        return None
    remainder = sympy.expand(c - b**2 / (4 * a))
    if remainder.is_zero:
        return None
    sign_a = 1 if a > 0 else -1
    sign_r = _definite_sign(remainder, (v,)) if remainder.is_polynomial(v) else 0
    square = maths(a * (u + sympy.expand(b / (2 * a))) ** 2)
    if sign_r == sign_a:
        kind = MINIMUM if sign_a > 0 else MAXIMUM
        sign = "≥" if sign_a > 0 else "≤"
        return kind, f"f − f(a, b) = {square} + {maths(remainder)} {sign} 0: {kind}"
    if sign_r == -sign_a:
        return SADDLE, (f"f − f(a, b) = {square} + ({maths(remainder)}): the square and the rest "
                        f"have opposite signs, so it is {NEITHER.split(':')[0]}")
    return None


def decide(
    f: sympy.Expr, x: sympy.Symbol, y: sympy.Symbol, point: tuple[sympy.Expr, sympy.Expr]
) -> tuple[str, str]:
    """(kind, reason) at an exact critical point of polynomial f with rt − s² = 0;
    kind is INCONCLUSIVE when none of the module's arguments applies."""
    u, v = sympy.Symbol("u", real=True), sympy.Symbol("v", real=True)
    a, b = point
    shifted = sympy.expand(f.subs({x: a + u, y: b + v}, simultaneous=True) - f.subs({x: a, y: b}))
    shifted = shifted.subs({u: x - 0, v: y - 0}) if (a, b) == (0, 0) else shifted
    uu, vv = (x, y) if (a, b) == (0, 0) else (u, v)
    sign = _definite_sign(shifted, (uu, vv))
    if sign:
        kind = MINIMUM if sign > 0 else MAXIMUM
        relation = "≥" if sign > 0 else "≤"
        return kind, _named(f"f − f(a, b) = {maths(shifted)} {relation} 0 everywhere: {kind}",
                            point, uu)
    for first, second in ((uu, vv), (vv, uu)):
        decided = _complete_square(shifted, first, second)
        if decided is not None:
            return decided[0], _named(decided[1], point, uu)
    reason = _changes_sign_along_paths(shifted, uu, vv)
    if reason is not None:
        return SADDLE, _named(f"{reason}: {NEITHER.split(':')[0]}", point, uu)
    return INCONCLUSIVE, "the second-derivative test cannot decide, and no simple argument does"


def _named(reason: str, point: tuple[sympy.Expr, sympy.Expr], first: sympy.Symbol) -> str:
    """The reason with f(a, b) written out, and u, v defined when the point is not 0."""
    where = ", ".join(maths(c) for c in point)
    text = reason.replace("f(a, b)", f"f({where})")
    if first.name == "u":
        text += f" (u = {maths(sympy.Symbol('x') - point[0])}, v = {maths(sympy.Symbol('y') - point[1])})"  # noqa: E501
    return text
