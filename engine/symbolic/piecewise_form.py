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
- anything else: the derivative away from the zeros of all arguments, δ dropped.

⌊u⌋ and ⌈u⌉ are constant between the points where u is an integer, where f usually
jumps: their pieces hold for u ∉ ℤ.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy

from engine.symbolic.bounded import bounded_call
from engine.symbolic.budget import degree_bound, tree_size
from engine.symbolic.exact_roots import short_form
from engine.symbolic.expression_functions import relu
from engine.symbolic.expressions import Expression, latex, plain_text
from engine.symbolic.limits import number_text, readable, side_limit
from engine.symbolic.symbolic_derivative import tidy

MAX_POINTS = 12
MAX_POLY_DEGREE = 20
MAX_NODES = 400  # past this a formula is shown as SymPy gives it (after dropping δ)
MAX_SIMPLIFY_OPS = 60
SOLVE_SECONDS = 2.0
SAMPLE_SPAN = 10.0  # infinitely many zeros: the ones in [−10, 10] are checked
MAX_SAMPLED = 6
NEAR = sympy.Rational(1, 10**9)  # one-sided sample points c ± NEAR·max(1, |c|)

_SIGN_SWITCHES = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.DiracDelta, relu)
_CHOOSERS = (sympy.Max, sympy.Min)
_INTEGER_STEPS = (sympy.floor, sympy.ceiling, sympy.frac)
UNDEFINED = "undefined"
GEQ = r"\geq"


@dataclass(frozen=True)
class Piece:
    """One row of a piecewise formula: ``expr`` where ``condition`` holds (None: the
    derivative does not exist there); conditions are plain text and LaTeX."""

    expr: sympy.Expr | None
    condition: str
    condition_latex: str

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
    def latex(self) -> str:
        r"""``\begin{cases} -1 & x < 0 \\ … \end{cases}`` (gui.mathtext typesets it)."""
        if self.is_simple:
            return latex(self.pieces[0].expr)
        rows = r" \\ ".join(p.latex for p in self.pieces)
        return rf"\begin{{cases}} {rows} \end{{cases}}"


def has_switches(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f holds |u|, sgn u, max, min, relu, H, δ or ⌊u⌋ of an expression in x."""
    kinds = (*_SIGN_SWITCHES, *_CHOOSERS, *_INTEGER_STEPS)
    return any(isinstance(n, kinds) and n.has(x) for n in sympy.preorder_traversal(f))


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
                _one_argument(f, x, order, arguments[0]) if len(arguments) == 1 else None)
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
        if isinstance(node, _SIGN_SWITCHES):
            us = [node.args[0]]
        elif isinstance(node, _CHOOSERS):
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
        if isinstance(node, _INTEGER_STEPS) and node.has(x) and node.args[0] not in found:
            found.append(node.args[0])
    return found


def _solve_reals(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Real zeros of u as a list (module level: it runs in a killable helper)."""
    try:
        solutions = sympy.solveset(u, x, sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(solutions, sympy.FiniteSet):
        return None
    return list(solutions)


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
            roots = bounded_call(_solve_reals, (part, x), SOLVE_SECONDS)
            if roots is None:
                return None
        points += [r for r in roots if r.is_real is not False]
    return points


def _value(e: sympy.Expr, digits: int = 30) -> float:
    try:
        value = complex(e.evalf(digits))
    except (TypeError, ValueError):
        return math.nan
    return value.real if abs(value.imag) <= 1e-20 * max(1.0, abs(value.real)) else math.nan


# ---- branches --------------------------------------------------------------------------
def _resolve(f: sympy.Expr, x: sympy.Symbol, side: Callable[[sympy.Expr], int],
             step: Callable[[sympy.Expr], sympy.Expr] | None = None) -> sympy.Expr:
    """f with every switch replaced by its branch, ``side(u)`` giving the sign of u;
    ⌊u⌋ and ⌈u⌉ by ``step`` when given (else kept)."""

    def walk(e: sympy.Expr) -> sympy.Expr:
        if not e.args or not e.has(x):
            return e
        args = [walk(a) for a in e.args]
        if isinstance(e, _SIGN_SWITCHES):
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
        if isinstance(e, _CHOOSERS):
            best = args[0]
            larger = isinstance(e, sympy.Max)
            for a in args[1:]:
                s = side(a - best)
                if (s > 0) == larger and s != 0:
                    best = a
            return best
        if isinstance(e, _INTEGER_STEPS) and step is not None:
            return step(e.func(*args))
        return e.func(*args)

    return walk(f)


def _at_point(x: sympy.Symbol, t: sympy.Expr) -> Callable[[sympy.Expr], int]:
    def side(u: sympy.Expr) -> int:
        value = _value(u.subs(x, t))
        return 0 if not math.isfinite(value) or value == 0 else (1 if value > 0 else -1)

    return side


def _resolve_near(f: sympy.Expr, x: sympy.Symbol, t: sympy.Expr) -> sympy.Expr:
    """f's branch at the point t, ⌊u⌋ and ⌈u⌉ included (their constant value there)."""
    def step(node: sympy.Expr) -> sympy.Expr:
        value = node.subs(x, t)
        return value if value.is_number else node

    return _resolve(f, x, _at_point(x, t), step)


def _clean(e: sympy.Expr) -> sympy.Expr:
    """A piece's formula in its shortest readable form."""
    e = tidy(e)
    if sympy.count_ops(e) <= MAX_SIMPLIFY_OPS:
        simpler = sympy.simplify(e)
        if sympy.count_ops(simpler) < sympy.count_ops(e):
            return simpler
    return e


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    difference = a - b
    if difference == 0 or sympy.expand(difference) == 0:
        return True
    return sympy.count_ops(difference) <= 2 * MAX_SIMPLIFY_OPS and sympy.simplify(difference) == 0


def _same_value(a: sympy.Expr, b: sympy.Expr) -> bool:
    if a.free_symbols or b.free_symbols:
        return _same(a, b)
    va, vb = _value(a), _value(b)
    return math.isfinite(va) and math.isfinite(vb) and abs(va - vb) <= 1e-9 * max(1.0, abs(va))


# ---- does f⁽ⁿ⁾(c) exist? ---------------------------------------------------------------
def _limit(e: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int) -> sympy.Expr | None:
    """lim e as x → c from ``side`` for a branch formula e (elementary, so continuous
    where it is defined): its value at c, else SymPy's (or a numerical) limit."""
    value = e.subs(x, c)
    if value.is_number and value.is_finite and not value.has(sympy.nan, sympy.zoo):
        return value if math.isfinite(_value(value)) else None
    if value.free_symbols and not value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return value
    if e.free_symbols - {x} or c.free_symbols:
        return None
    limit = side_limit(e, x, c, side, Expression("u", e, (x.name,)))
    return limit.exact if limit.exact is not None else (
        sympy.Float(limit.value, 30) if limit.exists else None)


def _exists(f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, left: sympy.Expr,
            right: sympy.Expr, order: int) -> bool:
    """Whether f⁽ⁿ⁾(c) exists, f being the branch ``left`` just left of c and ``right``
    just right of it: f(c) defined, f, …, f⁽ⁿ⁻¹⁾ continuous, one-sided limits of f⁽ⁿ⁾
    equal (see the module doc)."""
    value = f.subs(x, c)
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or (
            not value.free_symbols and not math.isfinite(_value(value))):
        return False
    for k in range(order + 1):
        lim_left = _limit(sympy.diff(left, x, k), x, c, -1)
        lim_right = _limit(sympy.diff(right, x, k), x, c, 1)
        if lim_left is None or lim_right is None or not _same_value(lim_left, lim_right):
            return False
        if k == 0 and not _same_value(lim_left, value):
            return False
    return True


def _exists_near(f: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, order: int) -> bool:
    """:func:`_exists` with the branches read off just left and right of a number c."""
    h = NEAR * max(1, abs(sympy.Rational(repr(_value(c)))))
    left = _resolve_near(f, x, c - h)
    right = _resolve_near(f, x, c + h)
    return _exists(f, x, c, left, right, order)


# ---- the three forms -------------------------------------------------------------------
def _number(c: sympy.Expr) -> tuple[str, str]:
    """c as plain text and LaTeX: exact when short (−1, √2, π/2), else 6 digits."""
    if not c.has(sympy.CRootOf) and len(readable(c)) <= 12:
        return readable(c), latex(c)
    text = number_text(_value(c))
    return text, text.replace("−", "-")


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
            low = _number(self.low) if self.low is not None else None
            high = _number(self.high) if self.high is not None else None
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
            text, tex_c = _number(c)
            plain.append(f"{name} ≠ {text}")
            tex.append(rf"{name} \neq {tex_c}")
        return ", ".join(plain), r",\ ".join(tex)


def _naturally_undefined(e: sympy.Expr, x: sympy.Symbol, c: sympy.Expr) -> bool:
    """e itself has no value at c (1/x at 0): saying "x ≠ 0" adds nothing."""
    value = e.subs(x, c)
    return value.has(sympy.nan, sympy.zoo) or not math.isfinite(_value(value))


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
        by_value.setdefault(round(_value(c), 12), c)
    if len(by_value) > MAX_POINTS or any(not math.isfinite(v) for v in by_value):
        return None
    values = sorted(by_value)
    cs = [by_value[v] for v in values]
    # one point inside each interval: 1 beyond the ends, midpoints between zeros
    inner = [0.5 * (a + b) for a, b in itertools.pairwise(values)]
    floats = [values[0] - 1, *inner, values[-1] + 1] if values else [0.0]
    samples = [sympy.Rational(repr(t)) for t in floats]
    branches = [_resolve(f, x, _at_point(x, t)) for t in samples]
    pieces = [_clean(sympy.diff(b, x, order)) for b in branches]
    rows = [_Row(pieces[0])]
    undefined: list[sympy.Expr] = []
    for j, c in enumerate(cs):
        exists = _exists_near(f, x, c, order)
        if _same(pieces[j], pieces[j + 1]):
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
        texts = [_number(c) for c in undefined]
        plain = " and ".join(f"{name} = {t}" for t, _ in texts)
        tex = r",\ ".join(f"{name} = {t}" for _, t in texts)
        pieces.append(Piece(None, plain, tex))
    return PiecewiseForm(tuple(pieces))


def _linear(u: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(p, root) for u = p·(x − root) with p a nonzero number, else None."""
    if not u.is_polynomial(x) or sympy.degree(u, x) != 1:
        return None
    p = sympy.expand(u).coeff(x, 1)
    if not p.is_number or p == 0:
        return None
    return p, sympy.simplify(-sympy.expand(u).coeff(x, 0) / p)


def _sampled_zeros(u: sympy.Expr, x: sympy.Symbol,
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


def _one_argument(f: sympy.Expr, x: sympy.Symbol, order: int,
                  u: sympy.Expr) -> PiecewiseForm | None:
    """Pieces u > 0 and u < 0 for a single argument u (see the module doc)."""

    def side_of(sign: int) -> Callable[[sympy.Expr], int]:
        def side(v: sympy.Expr) -> int:
            ratio = sympy.cancel(v / u)
            if v == 0 or not ratio.is_number:
                return 0
            return sign if ratio > 0 else -sign

        return side

    above, below = (_resolve(f, x, side_of(s)) for s in (1, -1))
    if above.has(*_SIGN_SWITCHES, *_CHOOSERS) or below.has(*_SIGN_SWITCHES, *_CHOOSERS):
        return None  # a max of a function of u that side_of cannot order
    up, down = (_clean(sympy.diff(b, x, order)) for b in (above, below))
    linear = _linear(u, x)
    zeros = _zeros_of(u, x)
    if zeros is not None:
        verdicts = [_exists(f, x, c, below if _side_left(u, x, c) < 0 else above,
                            above if _side_left(u, x, c) < 0 else below, order)
                    for c in zeros]  # fmt: skip
    else:
        params = dict.fromkeys(u.free_symbols - {x}, 1)
        g = f.subs(params)
        verdicts = [_exists_near(g, x, c, order) for c in _sampled_zeros(u, x, params)]
    everywhere = bool(verdicts) and all(verdicts)
    nowhere = not any(verdicts)
    name = x.name
    if linear is not None:
        p, root = linear
        text, tex = _number(root) if not root.free_symbols else (plain_text(root), latex(root))
        right, left = (up, down) if p > 0 else (down, up)
        if _same(up, down) and everywhere:
            return PiecewiseForm((Piece(up, "", ""),))
        if _same(up, down):
            rows = [Piece(up, f"{name} ≠ {text}", rf"{name} \neq {tex}")]
        else:
            more, more_tex = (("≥", GEQ) if everywhere else (">", ">"))
            rows = [Piece(left, f"{name} < {text}", f"{name} < {tex}"),
                    Piece(right, f"{name} {more} {text}", f"{name} {more_tex} {tex}")]
        if not everywhere:
            rows.append(Piece(None, f"{name} = {text}", f"{name} = {tex}"))
        return PiecewiseForm(tuple(rows))
    u_text, u_tex = plain_text(u), latex(u)
    if _same(up, down) and everywhere:
        return PiecewiseForm((Piece(up, "", ""),))
    if _same(up, down):
        rows = [Piece(up, f"{u_text} ≠ 0", rf"{u_tex} \neq 0")]
    else:
        more, more_tex = (("≥", GEQ) if everywhere else (">", ">"))
        rows = [Piece(up, f"{u_text} {more} 0", f"{u_tex} {more_tex} 0"),
                Piece(down, f"{u_text} < 0", f"{u_tex} < 0")]
    if nowhere:
        rows.append(Piece(None, f"{u_text} = 0", f"{u_tex} = 0"))
    elif not everywhere:
        rows.append(Piece(None, f"{u_text} = 0 (at some of these points)",
                          rf"{u_tex} = 0\ \mathrm{{(at\ some\ of\ these)}}"))
    return PiecewiseForm(tuple(rows))


def _zeros_of(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """A short finite list of u's zeros (symbolic when u has parameters), else None."""
    zeros = bounded_call(_solve_reals, (u, x), SOLVE_SECONDS)
    if zeros is None or not zeros or len(zeros) > MAX_POINTS:
        return None
    return zeros


def _side_left(u: sympy.Expr, x: sympy.Symbol, c: sympy.Expr) -> int:
    """The sign of u just left of its zero c: −sign u′(c) (parameters at 1 if any)."""
    slope = sympy.diff(u, x).subs(x, c)
    params = dict.fromkeys(slope.free_symbols, 1)
    value = _value(slope.subs(params))
    return -1 if not math.isfinite(value) or value >= 0 else 1


def _steps_only(f: sympy.Expr, x: sympy.Symbol, order: int,
                steps: list[sympy.Expr]) -> PiecewiseForm | None:
    """⌊u⌋, ⌈u⌉ only: the derivative for u ∉ ℤ, undefined where f jumps."""
    expr = _clean(sympy.diff(f, x, order))
    form = _with_steps(PiecewiseForm((Piece(expr, "", ""),)), x, steps)
    jumps = []
    for u in steps:
        linear = _linear(u, x)
        if linear is None or u.free_symbols - {x}:
            return form
        p, root = linear
        jumps += [_exists_near(f, x, root + sympy.Integer(k) / p, order) for k in range(-2, 3)]
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
                 if isinstance(n, _SIGN_SWITCHES) and n.has(x)]
    arguments += [_canonical(a - b) for n in sympy.preorder_traversal(f)
                  if isinstance(n, _CHOOSERS) and n.has(x)
                  for k, a in enumerate(n.args) for b in n.args[k + 1:]]  # fmt: skip
    unique = list(dict.fromkeys(u for u in arguments if u.has(x)))
    if not unique:
        return PiecewiseForm((Piece(expr, "", ""),))
    plain = ", ".join(f"{plain_text(u)} ≠ 0" for u in unique)
    tex = r",\ ".join(rf"{latex(u)} \neq 0" for u in unique)
    return PiecewiseForm((Piece(expr, plain, tex),))
