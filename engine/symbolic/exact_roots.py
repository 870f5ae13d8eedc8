"""Exact values for roots found numerically: 1.5707963267948966 → π/2 when f′(π/2) = 0.

A short closed form near the float (SymPy's ``nsimplify`` over ℚ, π, √2, √3, √5)
is only a guess; it is kept when f′ evaluated at it with 60 significant digits is
zero to 45 digits, which a nearby but different number cannot pass.
"""

from __future__ import annotations

import sympy

MAX_TEXT = 14  # "√3/3", "3π/4", "-1 + √5": longer forms help nobody read a table
_CONSTANTS = [sympy.pi, sympy.sqrt(2), sympy.sqrt(3), sympy.sqrt(5)]


def recognise(x0: float, fp: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """A short exact c with f′(c) = 0 (to 45 digits) equal to x0 up to rounding, or None."""
    try:
        guess = sympy.nsimplify(x0, _CONSTANTS, tolerance=1e-11 * max(1.0, abs(x0)))
    except (ValueError, TypeError, RecursionError):
        return None
    if len(str(guess)) > MAX_TEXT or guess.is_Float or guess.has(sympy.Float):
        return None
    if abs(float(guess) - x0) > 1e-10 * max(1.0, abs(x0)):
        return None
    value = fp.subs(x, guess).evalf(60)
    if not value.is_number:
        return None
    return guess if abs(complex(value)) < 1e-45 else None
