"""Derivatives of formulas with |u|, sgn u, max, min, relu and ⌊u⌋, written piece by piece.

SymPy differentiates |x| to sgn(x), sgn x to 2δ(x), relu x to the unit step H(x) and
max(x, x²) to 2x·H(x² − x) + H(x − x²): true for distributions, but a reader takes
δ(x) for a value and H(0) = ½ for a slope. Between the zeros of the arguments of these
"switches" every switch is one fixed branch (|u| = ±u, sgn u = ±1, H(u) = 0 or 1,
δ(u) = 0, max picks one argument), so f is an ordinary formula there and its
derivative is that formula's derivative:

    |x|′ = −1 if x < 0, 1 if x > 0, undefined at x = 0;   |x|″ = 0 if x ≠ 0.

At a zero c of an argument, f⁽ⁿ⁾(c) exists when f, f′, …, f⁽ⁿ⁻¹⁾ are continuous at c and
the one-sided limits of f⁽ⁿ⁾ there are equal and finite (by the mean value theorem
they are then the one-sided derivatives of f⁽ⁿ⁻¹⁾); c then joins the piece on its
right (x ≥ c). Neighbouring pieces with the same formula are merged.

Three forms, by what the arguments allow:

- *intervals*: arguments without parameters with finitely many real zeros (at most
  :data:`MAX_POINTS`) give conditions on x ("x < 0", "−1 < x < 1");
- *one argument u* (with parameters, or with infinitely many zeros, |sin x|): the pieces
  u > 0 and u < 0, written in x when u is linear in it ("x > a");
- *several arguments* with infinitely many zeros (|sin x| + |cos x|): one piece per
  combination of their signs (:mod:`engine.symbolic.piecewise_signs`);
- anything else: the derivative away from the zeros of all arguments, δ dropped.

⌊u⌋ and ⌈u⌉ are constant between the points where u is an integer, where f usually
jumps: their pieces hold for u ∉ ℤ.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import sympy

from engine.symbolic.bounded import bounded_call
from engine.symbolic.branches import (
    CHOOSERS,
    INTEGER_STEPS,
    SIGN_SWITCHES,
    has_switches,
    resolve,
    side_at,
    value_of,
)
from engine.symbolic.budget import degree_bound, tree_size
from engine.symbolic.expressions import latex, plain_text
from engine.symbolic.piecewise_parts import (
    Piece,
    PiecewiseForm,
    clean,
    exists_near,
    linear,
    number,
    same,
    solve_reals,
)
from engine.symbolic.piecewise_sign import one_argument
from engine.symbolic.piecewise_signs import sign_combinations

MAX_POINTS = 12
MAX_POLY_DEGREE = 20
MAX_NODES = 400  # past this a formula is shown as SymPy gives it (after dropping δ)
SOLVE_SECONDS = 2.0


def piecewise_derivative(
    f: sympy.Expr, x: sympy.Symbol, order: int, raw: sympy.Expr | None = None
) -> PiecewiseForm | None:
    """dⁿf/dxⁿ (n = ``order`` ≥ 1) piece by piece (see the module doc); None when f has
    no switch (SymPy's formula needs no pieces). ``raw`` is dⁿf/dxⁿ as SymPy gives it,
    used for the last form when given."""
    if order < 1 or not has_switches(f, x):
        return None
    return _piecewise(f, x, order, raw)


@lru_cache(maxsize=256)
def _piecewise(f: sympy.Expr, x: sympy.Symbol, order: int,
               raw: sympy.Expr | None) -> PiecewiseForm:
    if tree_size(f, MAX_NODES) <= MAX_NODES:
        arguments = _arguments(f, x)
        steps = _step_arguments(f, x)
        form = None
        if arguments is not None and arguments:
            form = _intervals(f, x, order, arguments) or (
                one_argument(f, x, order, arguments[0]) if len(arguments) == 1
                else sign_combinations(f, x, order, arguments))
        elif arguments is not None:
            form = _steps_only(f, x, order, steps)
        if form is not None:
            return form if arguments == [] else _with_steps(form, x, steps)
    return _away_from_zeros(f, x, order, raw)


# ---- arguments and their zeros ----------------------------------------------------------
def _canonical(u: sympy.Expr) -> sympy.Expr:
    """u up to a constant factor: 2x − 2 and 1 − x are both x − 1."""
    u = sympy.expand(u) if tree_size(u, 60) <= 60 else u
    _, primitive = u.as_content_primitive()
    return -primitive if primitive.could_extract_minus_sign() else primitive


def _arguments(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """The distinct switch arguments u of f (up to constant factors); None when one of
    them holds a switch itself (|x − |x||): its zeros are not points."""
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(f):
        if not node.has(x):
            continue
        if isinstance(node, SIGN_SWITCHES):
            us = [node.args[0]]
        elif isinstance(node, CHOOSERS):
            us = [a - b for k, a in enumerate(node.args) for b in node.args[k + 1:]]
        else:
            continue
        for u in us:
            if has_switches(u, x):
                return None
            u = _canonical(u)
            if u.has(x) and u not in found:
                found.append(u)
    return found


def _step_arguments(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(f):
        if isinstance(node, INTEGER_STEPS) and node.has(x) and node.args[0] not in found:
            found.append(node.args[0])
    return found


def _zeros(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Real zeros and poles of u (where it can change sign), exact; None when they are
    not a short finite list SymPy can find."""
    numerator, denominator = sympy.fraction(sympy.together(u))
    points: list[sympy.Expr] = []
    for part in (numerator, denominator):
        if not part.has(x):
            continue
        if degree_bound(part) <= MAX_POLY_DEGREE and part.is_polynomial(x):
            poly = sympy.Poly(part, x)
            if not (poly.domain.is_ZZ or poly.domain.is_QQ):
                return None
            roots = list(dict.fromkeys(poly.real_roots()))
        else:
            roots = bounded_call(solve_reals, (part, x), SOLVE_SECONDS)
            if roots is None:
                return None
        points += [r for r in roots if r.is_real is not False]
    return points


@dataclass
class _Row:
    expr: sympy.Expr
    low: sympy.Expr | None = None
    low_closed: bool = False
    high: sympy.Expr | None = None
    excluded: tuple[sympy.Expr, ...] = ()

    def condition(self, name: str) -> tuple[str, str]:
        plain: list[str] = []
        tex: list[str] = []
        if self.low is not None or self.high is not None:
            low = number(self.low) if self.low is not None else None
            high = number(self.high) if self.high is not None else None
            lt, lt_tex = ("≤", r"\leq") if self.low_closed else ("<", "<")
            if low and high:
                plain.append(f"{low[0]} {lt} {name} < {high[0]}")
                tex.append(f"{low[1]} {lt_tex} {name} < {high[1]}")
            elif high:
                plain.append(f"{name} < {high[0]}")
                tex.append(f"{name} < {high[1]}")
            elif low:
                more, more_tex = ("≥", r"\geq") if self.low_closed else (">", ">")
                plain.append(f"{name} {more} {low[0]}")
                tex.append(f"{name} {more_tex} {low[1]}")
        for c in self.excluded:
            text, tex_c = number(c)
            plain.append(f"{name} ≠ {text}")
            tex.append(rf"{name} \neq {tex_c}")
        return ", ".join(plain), r",\ ".join(tex)


def _naturally_undefined(e: sympy.Expr, x: sympy.Symbol, c: sympy.Expr) -> bool:
    """e itself has no value at c (1/x at 0): saying "x ≠ 0" adds nothing."""
    value = e.subs(x, c)
    return value.has(sympy.nan, sympy.zoo) or not math.isfinite(value_of(value))


def _intervals(f: sympy.Expr, x: sympy.Symbol, order: int,
               arguments: list[sympy.Expr]) -> PiecewiseForm | None:
    """Pieces between the zeros of parameter-free arguments (see the module doc)."""
    if any(u.free_symbols - {x} for u in arguments):
        return None
    points: list[sympy.Expr] = []
    for u in arguments:
        zeros = _zeros(u, x)
        if zeros is None:
            return None
        points += zeros
    by_value: dict[float, sympy.Expr] = {}
    for c in points:
        by_value.setdefault(round(value_of(c), 12), c)
    if len(by_value) > MAX_POINTS or any(not math.isfinite(v) for v in by_value):
        return None
    values = sorted(by_value)
    cs = [by_value[v] for v in values]
    # one point inside each interval: 1 beyond the ends, midpoints between zeros
    inner = [0.5 * (a + b) for a, b in itertools.pairwise(values)]
    floats = [values[0] - 1, *inner, values[-1] + 1] if values else [0.0]
    samples = [sympy.Rational(repr(t)) for t in floats]
    branches = [resolve(f, x, side_at(x, t)) for t in samples]
    pieces = [clean(sympy.diff(b, x, order)) for b in branches]
    rows = [_Row(pieces[0])]
    undefined: list[sympy.Expr] = []
    for j, c in enumerate(cs):
        exists = exists_near(f, x, c, order)
        if same(pieces[j], pieces[j + 1]):
            if not exists:
                if not _naturally_undefined(rows[-1].expr, x, c):
                    rows[-1].excluded += (c,)
                    undefined.append(c)
            continue
        rows[-1].high = c
        rows.append(_Row(pieces[j + 1], low=c, low_closed=exists))
        if not exists:
            undefined.append(c)
    return _form(rows, undefined, x)


def _form(rows: list[_Row], undefined: list[sympy.Expr], x: sympy.Symbol) -> PiecewiseForm:
    name = x.name
    pieces = [Piece(row.expr, *row.condition(name)) for row in rows]
    if undefined:
        texts = [number(c) for c in undefined]
        plain = " and ".join(f"{name} = {t}" for t, _ in texts)
        tex = r",\ ".join(f"{name} = {t}" for _, t in texts)
        pieces.append(Piece(None, plain, tex, _numbers(undefined)))
    return PiecewiseForm(tuple(pieces))


def _numbers(points: list[sympy.Expr]) -> tuple[float, ...]:
    """The points that are plain numbers (not formulas in the parameters), as floats."""
    values = (value_of(c) for c in points if not c.free_symbols)
    return tuple(v for v in values if math.isfinite(v))


def _steps_only(f: sympy.Expr, x: sympy.Symbol, order: int,
                steps: list[sympy.Expr]) -> PiecewiseForm | None:
    """⌊u⌋, ⌈u⌉ only: the derivative for u ∉ ℤ, undefined where f jumps."""
    expr = clean(sympy.diff(f, x, order))
    form = _with_steps(PiecewiseForm((Piece(expr, "", ""),)), x, steps)
    jumps = []
    for u in steps:
        line = linear(u, x)
        if line is None or u.free_symbols - {x}:
            return form
        p, root = line
        jumps += [exists_near(f, x, root + sympy.Integer(k) / p, order) for k in range(-2, 3)]
    if all(jumps):
        return PiecewiseForm((Piece(expr, "", ""),))
    if any(jumps):
        return form
    where = " or ".join(f"{plain_text(u)} ∈ ℤ" for u in steps)
    where_tex = r"\ \mathrm{or}\ ".join(rf"{latex(u)} \in \mathbb{{Z}}" for u in steps)
    return PiecewiseForm((*form.pieces, Piece(None, where, where_tex)))


def _with_steps(form: PiecewiseForm, x: sympy.Symbol, steps: list[sympy.Expr]) -> PiecewiseForm:
    """Every defined piece also asks u ∉ ℤ for each ⌊u⌋ and ⌈u⌉ argument u."""
    if not steps:
        return form
    plain = ", ".join(f"{plain_text(u)} ∉ ℤ" for u in steps)
    tex = r",\ ".join(rf"{latex(u)} \notin \mathbb{{Z}}" for u in steps)
    pieces = []
    for p in form.pieces:
        if p.expr is None:
            pieces.append(p)
            continue
        joiner = ", " if p.condition else ""
        pieces.append(Piece(p.expr, p.condition + joiner + plain,
                            p.condition_latex + (r",\ " if p.condition else "") + tex))
    return PiecewiseForm(tuple(pieces))


def _away_from_zeros(f: sympy.Expr, x: sympy.Symbol, order: int,
                     raw: sympy.Expr | None) -> PiecewiseForm:
    """The derivative where no argument is 0: δ(u) = 0 there and H(u) = (1 + sgn u)/2."""
    raw = sympy.diff(f, x, order) if raw is None else raw
    expr = raw.replace(sympy.DiracDelta, lambda *a: sympy.S.Zero).replace(
        sympy.Heaviside, lambda u, *a: (1 + sympy.sign(u)) / 2)
    arguments = [_canonical(n.args[0]) for n in sympy.preorder_traversal(f)
                 if isinstance(n, SIGN_SWITCHES) and n.has(x)]
    arguments += [_canonical(a - b) for n in sympy.preorder_traversal(f)
                  if isinstance(n, CHOOSERS) and n.has(x)
                  for k, a in enumerate(n.args) for b in n.args[k + 1:]]  # fmt: skip
    unique = list(dict.fromkeys(u for u in arguments if u.has(x)))
    if not unique:
        return PiecewiseForm((Piece(expr, "", ""),))
    plain = ", ".join(f"{plain_text(u)} ≠ 0" for u in unique)
    tex = r",\ ".join(rf"{latex(u)} \neq 0" for u in unique)
    return PiecewiseForm((Piece(expr, plain, tex),))
