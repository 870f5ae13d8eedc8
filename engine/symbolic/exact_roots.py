"""Exact values for roots found numerically: 1.5707963267948966 → π/2 when f′(π/2) = 0.

A short closed form near the float (a fraction of small denominator times 1, π,
√2, √3 or √5: cheap, where ``nsimplify``'s PSLQ takes 0.15 s a number) is only a
guess; it is kept when f′ evaluated at it with 60 significant digits is zero to
45 digits, which a nearby but different number cannot pass.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

MAX_TEXT = 14  # "√3/3", "3π/4", "-1 + √5": longer forms help nobody read a table
_CONSTANTS = [sympy.pi, sympy.sqrt(2), sympy.sqrt(3), sympy.sqrt(5)]


def short_form(x0: float, tolerance: float) -> sympy.Expr | None:
    """q·c with q a fraction of denominator ≤ 100 and c one of 1, π, √2, √3, √5 within
    ``tolerance`` of x0 (0 for tiny x0), or None."""
    if abs(x0) <= tolerance:
        return sympy.S.Zero
    for constant in (sympy.S.One, *_CONSTANTS):
        q = Fraction(x0 / float(constant)).limit_denominator(100)
        if q != 0 and abs(float(q) * float(constant) - x0) <= tolerance:
            return sympy.Rational(q.numerator, q.denominator) * constant
    return None


def recognise(x0: float, fp: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """A short exact c with f′(c) = 0 (to 45 digits) equal to x0 up to rounding, or None."""
    guess = short_form(x0, 1e-10 * max(1.0, abs(x0)))
    if guess is None or len(str(guess)) > MAX_TEXT:
        return None
    value = fp.subs(x, guess).evalf(60)
    if not value.is_number:
        return None
    try:
        return guess if abs(complex(value)) < 1e-45 else None
    except TypeError:  # δ(0) and the like: no number to compare
        return None
