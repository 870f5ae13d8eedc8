"""Symbolic derivatives dⁿf/dxⁿ, tidied into the form a reader expects.

SymPy's raw derivative of (x⁴ + 2)·cos x is 4x³cos x − (x⁴ + 2) sin x; the notes
write 4x³ cos x − x⁴ sin x − 2 sin x, which is the raw form with products
distributed over sums. :func:`tidy` does that, and puts rational functions over
one factored denominator, but only when the expression is small enough for
these rewrites to be cheap.

Derivatives of nested formulas grow fast (each order multiplies the size of
sin(cos(tan(x⁷eˣ ln x))) by about five), so a derivative past
:data:`engine.symbolic.budget.MAX_NODES` nodes is refused with a
:class:`~engine.symbolic.budget.TooComplexError`, before it is built when its estimated
size (:func:`engine.symbolic.budget.derivative_size`) is already too large.
"""

from __future__ import annotations

import math
from functools import lru_cache

import sympy

from engine.symbolic.budget import (
    MAX_NODES,
    TooComplexError,
    check_size,
    degree_bound,
    derivative_size,
    tree_size,
)
from engine.symbolic.expressions import Expression, symbol

MAX_TIDY_NODES = 400
MAX_TIDY_OPS = 200
MAX_TIDY_TERMS = 300  # expanding (a+b)(c+d)… of k factors gives 2ᵏ terms
MAX_FACTOR_DEGREE = 30
MAX_ORDER = 10
# derivative_size overestimates about twofold, and deep nesting makes SymPy slower per node
MAX_ESTIMATED_NODES = 4000
_ORDINALS = {1: "first", 2: "second", 3: "third"}


def tidy(raw: sympy.Expr) -> sympy.Expr:
    """Distribute products over sums (not powers: 3(x+1)² stays) and, for rational
    functions, combine into one factored fraction; leave large expressions alone."""
    if not raw.is_Add or tree_size(raw, MAX_TIDY_NODES) > MAX_TIDY_NODES:
        return raw
    if sympy.count_ops(raw) > MAX_TIDY_OPS or _expanded_terms(raw) > MAX_TIDY_TERMS:
        return raw
    expanded = sympy.expand(raw, deep=True, mul=True, multinomial=False,
                            power_exp=False, power_base=False, log=False)  # fmt: skip
    symbols = sorted(expanded.free_symbols, key=str)
    if (
        symbols
        and degree_bound(expanded) <= MAX_FACTOR_DEGREE
        and expanded.is_rational_function(*symbols)
        and not expanded.is_polynomial(*symbols)
    ):
        return sympy.factor(sympy.together(expanded))
    return expanded


def _expanded_terms(u: sympy.Expr) -> int:
    """About how many terms expanding ``u`` (products over sums, deeply) makes: a sum
    adds its terms' counts, a product multiplies them; capped so it stays an int of
    modest size."""
    if u.is_Add:
        count = sum(_expanded_terms(a) for a in u.args)
    elif u.is_Mul:
        count = math.prod(_expanded_terms(a) for a in u.args)
    else:
        # a power or function is one term, but its arguments are expanded too
        count = max((_expanded_terms(a) for a in u.args), default=1)
    return min(count, MAX_TIDY_TERMS + 1)


def _ordinal(order: int) -> str:
    return _ORDINALS.get(order, f"order-{order}")


@lru_cache(maxsize=512)
def _raw_derivative(f: sympy.Expr, variable: str, order: int) -> sympy.Expr | TooComplexError:
    """dⁿf/dxⁿ as SymPy's diff gives it, from the untidied lower order: expanding
    products first would make every further order larger. A refusal is returned
    (and so cached), so asking again, one root after another, is free."""
    previous = f if order == 1 else _raw_derivative(f, variable, order - 1)
    if isinstance(previous, TooComplexError):
        return previous
    what = f"the {_ordinal(order)} derivative"
    try:
        if derivative_size(previous, symbol(variable)) > MAX_ESTIMATED_NODES:
            return TooComplexError(f"{what} would be too large to work with "
                                   f"(more than {MAX_NODES} parts)")
        raw = sympy.diff(previous, symbol(variable))
        check_size(raw, what)
    except TooComplexError as exc:
        return exc
    except RecursionError:
        return TooComplexError(f"{what} is nested too deeply to work with")
    return raw


@lru_cache(maxsize=256)  # the GUI asks again on every slider move; keep compiled forms
def _derivative(expr: Expression, variable: str, order: int) -> Expression:
    raw = _raw_derivative(expr.sympy, variable, order)
    if isinstance(raw, TooComplexError):
        raise TooComplexError(str(raw))
    ticks = "′" * order if order <= 3 else f"^({order})"
    partial = len(expr.variables) > 1
    text = f"∂^{order}/∂{variable}^{order} ({expr.text})" if partial else f"({expr.text}){ticks}"
    return expr.derived(tidy(raw), text)


def derivative(expr: Expression, variable: str = "x", order: int = 1) -> Expression:
    """dⁿf/dvariableⁿ = d/dvariable (dⁿ⁻¹f/dvariableⁿ⁻¹), a partial derivative when
    ``expr`` has several variables; :class:`TooComplexError` when it is too large."""
    if variable not in expr.variables:
        raise ValueError(f"{variable!r} is not a variable of {expr.text!r}")
    if not 1 <= order <= MAX_ORDER:
        raise ValueError(f"order must be between 1 and {MAX_ORDER}")
    return _derivative(expr, variable, order)
