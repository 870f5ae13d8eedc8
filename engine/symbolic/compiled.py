"""SymPy expressions compiled to NumPy code, and their raw output made into real
float arrays: the evaluation hot path of every formula (a live descent calls it
once per step for each optimiser).

Small integer powers uⁿ are written as products, not ``u**n``: NumPy's power on a
float array calls the C library's pow for every element (here x**3 over 10⁴
points takes 0.86 ms, x*x*x 8 µs; Rosenbrock's ∇f was three quarters of a
10⁴-start descent step).  Products round several times where pow rounds once, so
values may differ from ``u**n`` in the last digits (measured: relative error at
most 2.1·10⁻¹⁵ for |n| ≤ 16, pow's 2.2·10⁻¹⁶); larger n stay ``u**n``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from engine.numeric.powers import LARGEST_PRODUCT as _LARGEST_PRODUCT
from engine.numeric.powers import integer_power
from engine.symbolic.expression_functions import NUMPY_NAMESPACE

_EXACT_INT = 2**53  # the largest integer a float64 holds exactly
_UNDEFINED = {sympy.zoo, sympy.oo, -sympy.oo, sympy.nan}
_NO_NUMBER = (sympy.Derivative, sympy.Subs, sympy.AccumBounds)
_STEP = sympy.Function("heaviside")  # numpy.heaviside(u, H(0)), by name
_UNDEFINED_VALUE = sympy.Function("undefined", real=True)()


class _ProductPrinter(NumPyPrinter):
    """NumPy code with uⁿ (n a small integer other than 0, ±1, 2) as products: x³ as
    ``(x*x*x)`` for a bare name x, ``integer_power(u, n)`` otherwise (u is worked
    out once).  u² stays ``u**2``: NumPy squares an array for ``**2`` itself."""

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        n = expr.exp
        if not (n.is_Integer and 2 <= abs(n) <= _LARGEST_PRODUCT and n != 2):
            return super()._print_Pow(expr, rational=rational)
        if n in (3, 4) and expr.base.is_Symbol:
            return "(" + "*".join([self._print(expr.base)] * int(n)) + ")"
        return f"integer_power({self._print(expr.base)}, {int(n)})"


_NAMESPACE = {**NUMPY_NAMESPACE, "undefined": lambda: np.nan, "integer_power": integer_power}
_PRINTER_SETTINGS = {  # lambdify's own for a namespace dict followed by "numpy"
    "fully_qualified_modules": False,
    "inline": True,
    "allow_unknown_functions": True,
    "user_functions": {name: name for name in _NAMESPACE},
}


def compile_numpy(
    exprs: sympy.Expr | Sequence[sympy.Expr], args: Sequence[sympy.Symbol], cse: bool = False
) -> Callable[..., object]:
    """``lambdify(args, exprs)`` over NumPy (plus σ, relu, δ); a list of expressions gives
    one function returning a list, sharing common sub-expressions when ``cse``."""
    # plain real symbols _a0, _a1, … rather than lambdify's dummies: a Dummy has no
    # assumptions, and re-building tanh(tanh(…(x))) around one asks "is it real?"
    # at every level, exponentially in the depth (7 levels: 0.6 s)
    safe = {a: sympy.Symbol(f"_a{k}", real=True) for k, a in enumerate(args)}
    body = [_float_sized(e.xreplace(safe)) for e in (
        [exprs] if isinstance(exprs, sympy.Basic) else exprs)]  # fmt: skip
    if isinstance(exprs, sympy.Basic):
        body = body[0]
    return sympy.lambdify(list(safe.values()), body, modules=[_NAMESPACE, "numpy"],
                          printer=_ProductPrinter(_PRINTER_SETTINGS), dummify=False,
                          cse=cse)  # fmt: skip


def _float_sized(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every constant part (sin(10³⁰⁰), π¹⁰⁰⁰) worked out by SymPy to a
    float, and every exact number too long for a machine integer written as a float:
    NumPy gets 1e300 (∞ beyond a float's range) rather than a Python int it cannot
    take (``sin(10**300)`` raises TypeError, ``2**3000`` OverflowError), and the
    value of sin(10³⁰⁰) itself rather than sin of the float nearest 10³⁰⁰."""
    replaced: dict[sympy.Basic, sympy.Basic] = {}
    walk = sympy.preorder_traversal(expr)
    for node in walk:
        if node in _UNDEFINED or isinstance(node, _NO_NUMBER):
            # ln 0 once a parameter's value is put in, and what SymPy makes of it
            # (acos ∞ = ⟨bounds⟩); a derivative SymPy left undone (of sign u for a u it
            # cannot prove real): no number, a gap in the plot
            replaced[node] = _UNDEFINED_VALUE  # a name for NaN: SymPy's nan would make
            walk.skip()  # Max(x, nan) raise as it is rebuilt
        elif isinstance(node, sympy.Heaviside):
            # lambdify writes H(u) as numpy.select over its Piecewise form, which fails
            # when a condition is a plain bool (H(x − |a|) with a scalar a): call H itself
            middle = node.args[1] if len(node.args) > 1 else sympy.S.Half
            replaced[node] = _STEP(_float_sized(node.args[0]), middle)
            walk.skip()
        elif node.is_Atom:
            if node.is_Rational and (abs(node.p) > _EXACT_INT or node.q > _EXACT_INT):
                replaced[node] = sympy.Float(node, 17)
        elif node.is_number and (value := _constant(node)) is not None:
            replaced[node] = value
            walk.skip()
    return expr.xreplace(replaced) if replaced else expr


def _constant(node: sympy.Basic) -> sympy.Float | None:
    try:
        value = node.evalf(17)
    except (OverflowError, ValueError, TypeError):
        return None
    return value if isinstance(value, sympy.Float) else None


def real_array(raw: object, shape: tuple[int, ...], fresh: bool) -> np.ndarray:
    """``raw`` as float64 of ``shape``, NaN where it is complex (√−1) or not finite.

    ``fresh`` says ``raw`` is a new array nobody else holds (so it may be written in
    place); a constant, an input passed straight through, or a broadcast is copied."""
    if np.iscomplexobj(raw):
        raw = np.asarray(raw)
        raw = np.where(np.abs(raw.imag) <= 1e-12 * np.abs(raw.real), raw.real, np.nan)
        fresh = True
    if fresh and isinstance(raw, np.ndarray) and raw.dtype == np.float64 and raw.shape == shape:
        out = raw
    else:
        out = np.array(np.broadcast_to(np.asarray(raw, dtype=float), shape), dtype=float)
    if not np.isfinite(out).all():
        out[~np.isfinite(out)] = np.nan
    return out
