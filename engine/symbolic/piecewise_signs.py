"""The pieces of a derivative with several switch arguments that have infinitely many
zeros (|sin x| + |cos x|): one row per combination of their signs. See
:mod:`engine.symbolic.piecewise_form`.

Where every argument u₁, …, u_k keeps its sign, f is one ordinary formula, so

    f⁽ⁿ⁾ = (that formula)⁽ⁿ⁾   where  sgn u₁ = s₁, …, sgn u_k = s_k,

e.g. (|sin x| + |cos x|)′ = cos x − sin x where sin x > 0, cos x > 0.  Only the sign
combinations that occur are rows: those seen on a fine grid of [−10, 10] (these
arguments are periodic or nearly so, so every combination they take shows there).
Whether f⁽ⁿ⁾ exists where an argument is 0 is decided at its zeros in [−10, 10].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy

from engine.symbolic.branches import CHOOSERS, SIGN_SWITCHES, resolve
from engine.symbolic.expressions import Expression, latex, plain_text
from engine.symbolic.piecewise_parts import Piece, PiecewiseForm, clean, exists_near, same
from engine.symbolic.piecewise_sign import SAMPLE_SPAN, sampled_zeros, zero_row

MAX_ARGUMENTS = 3
GRID_POINTS = 20_001


def sign_combinations(f: sympy.Expr, x: sympy.Symbol, order: int,
                      arguments: list[sympy.Expr]) -> PiecewiseForm | None:
    """One row per sign combination of parameter-free ``arguments`` (see the module doc);
    None when they are too many, hold parameters, or a switch cannot be resolved."""
    if not 2 <= len(arguments) <= MAX_ARGUMENTS or any(u.free_symbols - {x} for u in arguments):
        return None
    combinations = _occurring(arguments, x)
    if not combinations:
        return None
    rows: list[tuple[sympy.Expr, tuple[int, ...]]] = []
    for signs in combinations:
        branch = resolve(f, x, _side(arguments, signs))
        if branch.has(*SIGN_SWITCHES, *CHOOSERS):
            return None  # a max of functions of the arguments that the signs do not order
        rows.append((clean(sympy.diff(branch, x, order)), signs))
    zeros = [c for u in arguments for c in sampled_zeros(u, x, {})]
    verdicts = [exists_near(f, x, c, order) for c in zeros]
    everywhere = bool(verdicts) and all(verdicts)
    where = " or ".join(f"{plain_text(u)} = 0" for u in arguments)
    where_tex = r"\ \mathrm{or}\ ".join(f"{latex(u)} = 0" for u in arguments)
    if all(same(expr, rows[0][0]) for expr, _ in rows):
        pieces = [Piece(rows[0][0], "", "")] if everywhere else [
            Piece(rows[0][0], *_all_nonzero(arguments))]
    else:
        pieces = [Piece(expr, *_condition(arguments, signs)) for expr, signs in rows]
    tail = zero_row(verdicts, where, where_tex)
    return PiecewiseForm(tuple(pieces) + tail)


def _occurring(arguments: list[sympy.Expr], x: sympy.Symbol) -> list[tuple[int, ...]]:
    """The sign combinations (every argument ≠ 0) seen on the grid, in sorted order."""
    xs = np.linspace(-SAMPLE_SPAN, SAMPLE_SPAN, GRID_POINTS)
    with np.errstate(all="ignore"):
        values = np.array([np.broadcast_to(Expression("u", u, (x.name,))(xs), xs.shape)
                           for u in arguments])  # fmt: skip
    usable = np.all(np.isfinite(values) & (values != 0), axis=0)
    seen = {tuple(int(s) for s in column) for column in np.sign(values[:, usable]).T}
    return sorted(seen, reverse=True)


def _side(arguments: list[sympy.Expr], signs: tuple[int, ...]) -> Callable[[sympy.Expr], int]:
    """The sign of a switch's argument v when each uᵢ has the sign sᵢ (v a constant
    multiple of one uᵢ); 0 when v is none of them."""

    def side(v: sympy.Expr) -> int:
        for u, s in zip(arguments, signs, strict=True):
            ratio = sympy.cancel(v / u)
            if v != 0 and ratio.is_number:
                return s if ratio > 0 else -s
        return 0

    return side


def _condition(arguments: list[sympy.Expr], signs: tuple[int, ...]) -> tuple[str, str]:
    plain = ", ".join(f"{plain_text(u)} {'>' if s > 0 else '<'} 0"
                      for u, s in zip(arguments, signs, strict=True))
    tex = r",\ ".join(f"{latex(u)} {'>' if s > 0 else '<'} 0"
                      for u, s in zip(arguments, signs, strict=True))
    return plain, tex


def _all_nonzero(arguments: list[sympy.Expr]) -> tuple[str, str]:
    return (", ".join(f"{plain_text(u)} ≠ 0" for u in arguments),
            r",\ ".join(rf"{latex(u)} \neq 0" for u in arguments))

