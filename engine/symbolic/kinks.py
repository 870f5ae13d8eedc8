"""Where a formula can fail to be differentiable: the zeros of its "kink arguments".

Every function a formula may use is analytic where it is defined, except at
known places: |u|, sign(u), H(u), relu(u), δ(u) and the real root ⁿ√u at u = 0; max(a, b) and
min(a, b) where a − b = 0; floor(u) and ceil(u) where u is an integer, i.e.
sin(πu) = 0; a fractional power u^(p/q) where u = 0. So f is smooth (f′ exists
and is continuous) near any x₀ where f is defined and none of these arguments
vanishes; corners, cusps and jumps can only sit at their zeros.
"""

from __future__ import annotations

import sympy

from engine.symbolic.expression_functions import real_root, relu, sigmoid

_AT_ZERO = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.DiracDelta, relu, real_root)
_AT_INTEGERS = (sympy.floor, sympy.ceiling, sympy.frac)
_ANALYTIC = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc, sympy.exp,
             sympy.log, sympy.sinh, sympy.cosh, sympy.tanh, sympy.asin, sympy.acos,
             sympy.atan, sigmoid)  # fmt: skip


def kink_arguments(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Expressions u(x) such that f can be non-smooth only where some u = 0 (see the
    module doc); None when f holds a function this module does not know."""
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(f):
        if not node.has(x):
            continue
        if isinstance(node, _AT_ZERO):
            found.append(node.args[0])
        elif isinstance(node, _AT_INTEGERS):
            found.append(sympy.sin(sympy.pi * node.args[0]))
        elif isinstance(node, sympy.Max | sympy.Min):
            found.extend(a - b for k, a in enumerate(node.args) for b in node.args[k + 1 :])
        elif isinstance(node, sympy.Piecewise):
            found.extend(c.lhs - c.rhs for _, c in node.args if isinstance(c, sympy.Rel))
        elif node.is_Pow and not node.exp.is_Integer:
            found.append(node.base)
        elif isinstance(node, sympy.Function) and not isinstance(node, _ANALYTIC):
            return None
    unique: list[sympy.Expr] = []
    for u in found:
        if u not in unique:
            unique.append(u)
    return unique


def smooth_at(f: sympy.Expr, x: sympy.Symbol, x0: sympy.Expr) -> bool:
    """Whether no kink argument of f vanishes at x0 (f is then smooth near x0 wherever
    it is defined)."""
    arguments = kink_arguments(f, x)
    if arguments is None:
        return False
    if abs(float(x0)) > 1e12:
        return False  # too far out for exact arithmetic: take the careful route
    for u in arguments:
        value = u.subs(x, x0).evalf(30)
        if not value.is_number or value.is_zero is not False or abs(value) < 1e-25:
            return False
    return True
