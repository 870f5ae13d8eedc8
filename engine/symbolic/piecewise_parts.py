"""The pieces of a piecewise derivative and the tests that build them (see
:mod:`engine.symbolic.piecewise_form`): rows of formula and condition, whether f⁽ⁿ⁾(c)
exists at a switch point c, and numbers and conditions as a reader writes them.

At c, f⁽ⁿ⁾(c) exists when f, f′, …, f⁽ⁿ⁻¹⁾ are continuous at c and the one-sided limits
of f⁽ⁿ⁾ there are equal and finite (by the mean value theorem they are then the
one-sided derivatives of f⁽ⁿ⁻¹⁾).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy

from engine.symbolic.branches import beside, resolve_at, value_of
from engine.symbolic.expressions import Expression, latex, plain_text
from engine.symbolic.limits import number_text, readable, side_limit
from engine.symbolic.symbolic_derivative import tidy

MAX_SIMPLIFY_OPS = 60
UNDEFINED = "undefined"
GEQ = r"\geq"


@dataclass(frozen=True)
class Piece:
    """One row of a piecewise formula: ``expr`` where ``condition`` holds (None: the
    derivative does not exist there); conditions are plain text and LaTeX."""

    expr: sympy.Expr | None
    condition: str
    condition_latex: str
    points: tuple[float, ...] = ()  # an undefined row's points as numbers, where it names them

    @property
    def plain(self) -> str:
        value = UNDEFINED if self.expr is None else plain_text(self.expr)
        if not self.condition:
            return value
        return f"{value} {self._where} {self.condition}" if self.expr is None else (
            f"{value} if {self.condition}")

    @property
    def _where(self) -> str:
        """"at x = 0" names points; "where sin(x) = 0" a condition."""
        return "at" if re.match(r"\w = ", self.condition) else "where"

    @property
    def latex(self) -> str:
        if self.expr is None:
            return rf"\mathrm{{undefined}} & \mathrm{{{self._where}}}\ {self.condition_latex}"
        if not self.condition_latex:
            return latex(self.expr)
        return rf"{latex(self.expr)} & \mathrm{{if}}\ {self.condition_latex}"


@dataclass(frozen=True)
class PiecewiseForm:
    """dⁿf/dxⁿ as pieces: rows of formula and condition, those where it is undefined last.

    A single piece without condition is an ordinary formula (ln|x|′ = 1/x)."""

    pieces: tuple[Piece, ...]

    @property
    def is_simple(self) -> bool:
        return len(self.pieces) == 1 and not self.pieces[0].condition

    @property
    def plain(self) -> str:
        """"−1 if x < 0; 1 if x > 0; undefined at x = 0"."""
        return "; ".join(p.plain for p in self.pieces)

    @property
    def undefined_at(self) -> tuple[float, ...]:
        """The numbers where the derivative is said not to exist (a plot marks them)."""
        return tuple(c for p in self.pieces if p.expr is None for c in p.points)

    @property
    def latex(self) -> str:
        r"""``\begin{cases} -1 & x < 0 \\ … \end{cases}`` (gui.mathtext typesets it)."""
        if self.is_simple:
            return latex(self.pieces[0].expr)
        rows = r" \\ ".join(p.latex for p in self.pieces)
        return rf"\begin{{cases}} {rows} \end{{cases}}"


def solve_reals(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Real zeros of u as a list (module level: it runs in a killable helper)."""
    try:
        solutions = sympy.solveset(u, x, sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(solutions, sympy.FiniteSet):
        return None
    return list(solutions)


def clean(e: sympy.Expr) -> sympy.Expr:
    """A piece's formula in its shortest readable form."""
    e = tidy(e)
    if sympy.count_ops(e) <= MAX_SIMPLIFY_OPS:
        simpler = sympy.simplify(e)
        if sympy.count_ops(simpler) < sympy.count_ops(e):
            return simpler
    return e


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    difference = a - b
    if difference == 0 or sympy.expand(difference) == 0:
        return True
    return sympy.count_ops(difference) <= 2 * MAX_SIMPLIFY_OPS and sympy.simplify(difference) == 0


def same_value(a: sympy.Expr, b: sympy.Expr) -> bool:
    if a.free_symbols or b.free_symbols:
        return same(a, b)
    va, vb = value_of(a), value_of(b)
    return math.isfinite(va) and math.isfinite(vb) and abs(va - vb) <= 1e-9 * max(1.0, abs(va))


# ---- does f⁽ⁿ⁾(c) exist? ---------------------------------------------------------------
def _limit(e: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int) -> sympy.Expr | None:
    """lim e as x → c from ``side`` for a branch formula e (elementary, so continuous
    where it is defined): its value at c, else SymPy's (or a numerical) limit."""
    value = e.subs(x, c)
    if value.is_number and value.is_finite and not value.has(sympy.nan, sympy.zoo):
        return value if math.isfinite(value_of(value)) else None
    if value.free_symbols and not value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return value
    if e.free_symbols - {x} or c.free_symbols:
        return None
    limit = side_limit(e, x, c, side, Expression("u", e, (x.name,)))
    return limit.exact if limit.exact is not None else (
        sympy.Float(limit.value, 30) if limit.exists else None)


def exists(f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, left: sympy.Expr,
            right: sympy.Expr, order: int) -> bool:
    """Whether f⁽ⁿ⁾(c) exists, f being the branch ``left`` just left of c and ``right``
    just right of it: f(c) defined, f, …, f⁽ⁿ⁻¹⁾ continuous, one-sided limits of f⁽ⁿ⁾
    equal (see the module doc)."""
    value = f.subs(x, c)
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or (
            not value.free_symbols and not math.isfinite(value_of(value))):
        return False
    for k in range(order + 1):
        lim_left = _limit(sympy.diff(left, x, k), x, c, -1)
        lim_right = _limit(sympy.diff(right, x, k), x, c, 1)
        if lim_left is None or lim_right is None or not same_value(lim_left, lim_right):
            return False
        if k == 0 and not same_value(lim_left, value):
            return False
    return True


def exists_near(f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, order: int) -> bool:
    """:func:`_exists` with the branches read off just left and right of a number c."""
    left = resolve_at(f, x, beside(c, -1))
    right = resolve_at(f, x, beside(c, 1))
    return exists(f, x, c, left, right, order)


# ---- the three forms -------------------------------------------------------------------
def number(c: sympy.Expr) -> tuple[str, str]:
    """c as plain text and LaTeX: exact when short (−1, √2, π/2), else 6 digits."""
    if not c.has(sympy.CRootOf) and len(readable(c)) <= 12:
        return readable(c), latex(c)
    text = number_text(value_of(c))
    return text, text.replace("−", "-")


def linear(u: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(p, root) for u = p·(x − root) with p a nonzero number, else None."""
    if not u.is_polynomial(x) or sympy.degree(u, x) != 1:
        return None
    p = sympy.expand(u).coeff(x, 1)
    if not p.is_number or p == 0:
        return None
    return p, sympy.simplify(-sympy.expand(u).coeff(x, 0) / p)
