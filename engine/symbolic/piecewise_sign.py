"""The pieces u > 0 and u < 0 of a derivative with a single switch argument u: one with
parameters (|x − a|, relu(wx + b)) or with infinitely many zeros (|sin x|). See
:mod:`engine.symbolic.piecewise_form`.

Where u is linear in x with a numeric slope the conditions are written in x ("x > a").
Whether f⁽ⁿ⁾ exists where u = 0 is decided at u's zeros when SymPy lists them (as
formulas in the parameters), else at its zeros in [−10, 10] with parameters at 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import sympy

from engine.symbolic.bounded import bounded_call
from engine.symbolic.branches import CHOOSERS, SIGN_SWITCHES, resolve, value_of
from engine.symbolic.exact_roots import short_form
from engine.symbolic.expressions import Expression, latex, plain_text
from engine.symbolic.piecewise_parts import (
    GEQ,
    Piece,
    PiecewiseForm,
    clean,
    exists,
    exists_near,
    linear,
    number,
    same,
    solve_reals,
)

SOLVE_SECONDS = 2.0
MAX_ZEROS = 12
SAMPLE_SPAN = 10.0  # infinitely many zeros: the ones in [−10, 10] are checked
MAX_SAMPLED = 6


def sampled_zeros(u: sympy.Expr, x: sympy.Symbol,
                  params: Mapping[sympy.Symbol, int]) -> list[sympy.Expr]:
    """Some zeros of u in [−10, 10], exact when short (kπ), parameters at 1."""
    g = Expression("u", u.subs(params), (x.name,))
    xs = np.linspace(-SAMPLE_SPAN, SAMPLE_SPAN, 2001)
    ys = g(xs)
    found = list(xs[ys == 0])
    for i in np.flatnonzero(np.isfinite(ys[:-1]) & np.isfinite(ys[1:])
                            & (np.sign(ys[:-1]) * np.sign(ys[1:]) < 0)):  # fmt: skip
        a, b = xs[i], xs[i + 1]
        for _ in range(60):
            m = 0.5 * (a + b)
            if np.sign(g(np.asarray(m))) == np.sign(ys[i]):
                a = m
            else:
                b = m
        found.append(0.5 * (a + b))
    found.sort(key=abs)
    zeros = []
    for z in found[:MAX_SAMPLED]:
        exact = short_form(float(z), 1e-9)
        zeros.append(exact if exact is not None else sympy.Rational(repr(float(z))))
    return zeros


def one_argument(f: sympy.Expr, x: sympy.Symbol, order: int,
                  u: sympy.Expr) -> PiecewiseForm | None:
    """Pieces u > 0 and u < 0 for a single argument u (see the module doc)."""

    def side_of(sign: int) -> Callable[[sympy.Expr], int]:
        def side(v: sympy.Expr) -> int:
            ratio = sympy.cancel(v / u)
            if v == 0 or not ratio.is_number:
                return 0
            return sign if ratio > 0 else -sign

        return side

    above, below = (resolve(f, x, side_of(s)) for s in (1, -1))
    if above.has(*SIGN_SWITCHES, *CHOOSERS) or below.has(*SIGN_SWITCHES, *CHOOSERS):
        return None  # a max of a function of u that side_of cannot order
    up, down = (clean(sympy.diff(b, x, order)) for b in (above, below))
    line = linear(u, x)
    zeros = _zeros_of(u, x)
    if zeros is not None:
        verdicts = [exists(f, x, c, below if _side_left(u, x, c) < 0 else above,
                            above if _side_left(u, x, c) < 0 else below, order)
                    for c in zeros]  # fmt: skip
    else:
        params = dict.fromkeys(u.free_symbols - {x}, 1)
        g = f.subs(params)
        verdicts = [exists_near(g, x, c, order) for c in sampled_zeros(u, x, params)]
    everywhere = bool(verdicts) and all(verdicts)
    name = x.name
    if line is not None:
        p, root = line
        text, tex = number(root) if not root.free_symbols else (plain_text(root), latex(root))
        right, left = (up, down) if p > 0 else (down, up)
        if same(up, down) and everywhere:
            return PiecewiseForm((Piece(up, "", ""),))
        if same(up, down):
            rows = [Piece(up, f"{name} ≠ {text}", rf"{name} \neq {tex}")]
        else:
            more, more_tex = (("≥", GEQ) if everywhere else (">", ">"))
            rows = [Piece(left, f"{name} < {text}", f"{name} < {tex}"),
                    Piece(right, f"{name} {more} {text}", f"{name} {more_tex} {tex}")]
        if not everywhere:
            point = () if root.free_symbols else (value_of(root),)
            rows.append(Piece(None, f"{name} = {text}", f"{name} = {tex}", point))
        return PiecewiseForm(tuple(rows))
    u_text, u_tex = plain_text(u), latex(u)
    if same(up, down) and everywhere:
        return PiecewiseForm((Piece(up, "", ""),))
    if same(up, down):
        rows = [Piece(up, f"{u_text} ≠ 0", rf"{u_tex} \neq 0")]
    else:
        more, more_tex = (("≥", GEQ) if everywhere else (">", ">"))
        rows = [Piece(up, f"{u_text} {more} 0", f"{u_tex} {more_tex} 0"),
                Piece(down, f"{u_text} < 0", f"{u_tex} < 0")]
    return PiecewiseForm((*rows, *zero_row(verdicts, f"{u_text} = 0", f"{u_tex} = 0")))


def zero_row(verdicts: list[bool], where: str, where_tex: str) -> tuple[Piece, ...]:
    """The "undefined" row for the points ``where`` an argument is 0, from whether f⁽ⁿ⁾
    exists at each zero checked: none if at all, else at all or at some of them."""
    if verdicts and all(verdicts):
        return ()
    if any(verdicts):
        return (Piece(None, f"{where} (at some of these points)",
                      rf"{where_tex}\ \mathrm{{(at\ some\ of\ these)}}"),)
    return (Piece(None, where, where_tex),)


def _zeros_of(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """A short finite list of u's zeros (symbolic when u has parameters), else None."""
    zeros = bounded_call(solve_reals, (u, x), SOLVE_SECONDS)
    if zeros is None or not zeros or len(zeros) > MAX_ZEROS:
        return None
    return zeros


def _side_left(u: sympy.Expr, x: sympy.Symbol, c: sympy.Expr) -> int:
    """The sign of u just left of its zero c: −sign u′(c) (parameters at 1 if any)."""
    slope = sympy.diff(u, x).subs(x, c)
    params = dict.fromkeys(slope.free_symbols, 1)
    value = value_of(slope.subs(params))
    return -1 if not math.isfinite(value) or value >= 0 else 1
