"""The branch of a formula with |u|, sgn u, max, min, relu, H, δ or ⌊u⌋ at or beside a point.

Where no argument of these "switches" is 0 each is one fixed branch: |u| = ±u,
sgn u = ±1, H(u) = 0 or 1, δ(u) = 0, relu u = u or 0, max and min pick one argument,
⌊u⌋ and ⌈u⌉ are constants. :func:`resolve` rewrites f into that branch, an ordinary
formula that SymPy can differentiate and take limits of (its ``limit`` cannot handle
max(x, x²): "MRV set computation for functions in several variables").
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy

from engine.symbolic.expression_functions import relu

SIGN_SWITCHES = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.DiracDelta, relu)
CHOOSERS = (sympy.Max, sympy.Min)
INTEGER_STEPS = (sympy.floor, sympy.ceiling, sympy.frac)
STEP_MARGIN = 1e-15  # u(t) nearer an integer than this (relative) is not decided by digits
NEAR = sympy.Rational(1, 10**9)  # one-sided sample points c ± NEAR·max(1, |c|)


def has_switches(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f holds |u|, sgn u, max, min, relu, H, δ or ⌊u⌋ of an expression in x."""
    kinds = (*SIGN_SWITCHES, *CHOOSERS, *INTEGER_STEPS)
    return any(isinstance(n, kinds) and n.has(x) for n in sympy.preorder_traversal(f))


def value_of(e: sympy.Expr, digits: int = 30) -> float:
    """e as a real float (NaN when it is not a real number)."""
    try:
        value = complex(e.evalf(digits))
    except (TypeError, ValueError):
        return math.nan
    return value.real if abs(value.imag) <= 1e-20 * max(1.0, abs(value.real)) else math.nan


def resolve(f: sympy.Expr, x: sympy.Symbol, side: Callable[[sympy.Expr], int],
            step: Callable[[sympy.Expr], sympy.Expr] | None = None) -> sympy.Expr:
    """f with every switch replaced by its branch, ``side(u)`` giving the sign of u;
    ⌊u⌋ and ⌈u⌉ by ``step`` when given (else kept)."""

    def walk(e: sympy.Expr) -> sympy.Expr:
        if not e.args or not e.has(x):
            return e
        args = [walk(a) for a in e.args]
        if isinstance(e, SIGN_SWITCHES):
            s = side(args[0])
            if isinstance(e, sympy.Abs):
                return args[0] if s > 0 else -args[0]
            if isinstance(e, sympy.sign):
                return sympy.Integer(s)
            if isinstance(e, sympy.DiracDelta):
                return sympy.S.Zero
            if isinstance(e, sympy.Heaviside):
                return sympy.S.One if s > 0 else sympy.S.Zero
            return args[0] if s > 0 else sympy.S.Zero  # relu
        if isinstance(e, CHOOSERS):
            best = args[0]
            larger = isinstance(e, sympy.Max)
            for a in args[1:]:
                s = side(a - best)
                if (s > 0) == larger and s != 0:
                    best = a
            return best
        if isinstance(e, INTEGER_STEPS) and step is not None:
            return step(e.func(*args))
        return e.func(*args)

    return walk(f)


def side_at(x: sympy.Symbol, t: sympy.Expr) -> Callable[[sympy.Expr], int]:
    """The sign of u at the point x = t (0 where u is 0 or undefined there)."""
    def side(u: sympy.Expr) -> int:
        value = value_of(u.subs(x, t))
        return 0 if not math.isfinite(value) or value == 0 else (1 if value > 0 else -1)

    return side


def resolve_at(f: sympy.Expr, x: sympy.Symbol, t: sympy.Expr) -> sympy.Expr:
    """f's branch at the point t, ⌊u⌋ and ⌈u⌉ included (their constant value there)."""
    def step(node: sympy.Expr) -> sympy.Expr:
        # decided from u(t)'s digits: SymPy's own ⌈σ(1/x)⌉ at x = −10⁻⁹ sought
        # e^(−10⁹)'s integer part for minutes.  Where u(t) is an integer or too close to
        # one for 30 digits to say which side, the step is kept (the limit decides it).
        u = value_of(node.args[0].subs(x, t))
        if not math.isfinite(u) or abs(u - round(u)) <= STEP_MARGIN * max(1.0, abs(u)):
            return node
        whole = sympy.Integer(math.floor(u))
        if isinstance(node, sympy.floor):
            return whole
        if isinstance(node, sympy.ceiling):
            return whole + 1
        return node.args[0].subs(x, t) - whole  # frac(u) = u − ⌊u⌋

    return resolve(f, x, side_at(x, t), step)


def beside(c: sympy.Expr, side: int) -> sympy.Expr:
    """A point just left (side −1) or right (+1) of the number c."""
    return c + side * NEAR * max(1, abs(sympy.Rational(repr(value_of(c)))))


def branch_beside(f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int) -> sympy.Expr:
    """The formula f equals just left (side −1) or right (+1) of the number c."""
    return resolve_at(f, x, beside(c, side))
