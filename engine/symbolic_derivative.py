"""Symbolic derivatives dⁿf/dxⁿ, tidied into the form a reader expects.

SymPy's raw derivative of (x⁴ + 2)·cos x is 4x³cos x − (x⁴ + 2) sin x; the notes
write 4x³ cos x − x⁴ sin x − 2 sin x, which is the raw form with products
distributed over sums. :func:`tidy` does that, and puts rational functions over
one factored denominator, but only when the expression is small enough for
these rewrites to be cheap.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from engine.expressions import Expression, symbol

MAX_TIDY_OPS = 200
MAX_ORDER = 10


def tidy(raw: sympy.Expr) -> sympy.Expr:
    """Distribute products over sums (not powers: 3(x+1)² stays) and, for rational
    functions, combine into one factored fraction; leave large expressions alone."""
    if not raw.is_Add or sympy.count_ops(raw) > MAX_TIDY_OPS:
        return raw
    expanded = sympy.expand(raw, deep=True, mul=True, multinomial=False,
                            power_exp=False, power_base=False, log=False)  # fmt: skip
    symbols = sorted(expanded.free_symbols, key=str)
    if symbols and expanded.is_rational_function(*symbols) and not expanded.is_polynomial(
        *symbols
    ):
        return sympy.factor(sympy.together(expanded))
    return expanded


@lru_cache(maxsize=256)  # the GUI asks again on every slider move; keep compiled forms
def derivative(expr: Expression, variable: str = "x", order: int = 1) -> Expression:
    """dⁿf/dvariableⁿ (a partial derivative when ``expr`` has several variables)."""
    if variable not in expr.variables:
        raise ValueError(f"{variable!r} is not a variable of {expr.text!r}")
    if not 1 <= order <= MAX_ORDER:
        raise ValueError(f"order must be between 1 and {MAX_ORDER}")
    result = expr.sympy
    for _ in range(order):
        result = tidy(sympy.diff(result, symbol(variable)))
    ticks = "′" * order if order <= 3 else f"^({order})"
    partial = len(expr.variables) > 1
    text = f"∂^{order}/∂{variable}^{order} ({expr.text})" if partial else f"({expr.text}){ticks}"
    return expr.derived(result, text)
