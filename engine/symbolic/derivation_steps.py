"""The derivative worked out rule by rule, the way the notes do it by hand.

``derivation_steps(parse("(x^4+2)cos x"))`` gives, in reading order:

1. product rule: (f·g)′ = f′·g + f·g′ with f = x⁴ + 2, g = cos x
   → 4x³·cos x − (x⁴ + 2)·sin x
2. sum rule, 3. power rule, 4. constant rule (the pieces f′ = 4x³),
5. trig rule (g′ = −sin x),
6. simplify → 4x³ cos x − x⁴ sin x − 2 sin x.

Each step is one node of the SymPy expression tree: ``before`` is the
sub-expression, ``after`` its derivative as the rule assembles it from the
derivatives of its parts. A parent step is listed before the steps for its parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy

from engine.symbolic.expression_functions import Abs, relu, sigmoid, sign
from engine.symbolic.expressions import Expression, latex, ordered_terms, plain_text, symbol
from engine.symbolic.piecewise_form import PiecewiseForm, has_switches, piecewise_derivative
from engine.symbolic.symbolic_derivative import derivative

MAX_STEPS = 40
MAX_ORDERED_TERMS = 12
MAX_ORDERED_OPS = 80
MAX_EXPANDED_POWER = 4


@dataclass(frozen=True)
class Step:
    """One application of a rule: d/dx ``before`` = ``after``."""

    rule: str
    before: sympy.Expr
    after: sympy.Expr
    explanation: str
    depth: int = 0
    #: ``after``'s terms in the order to show them (None: SymPy's own order)
    after_terms: tuple[sympy.Expr, ...] | None = None
    #: ``after`` piece by piece, where SymPy's form holds a step H(u) or a δ(u) (or
    #: it is the result of a formula with |u|, max, …): engine.symbolic.piecewise_form
    pieces: PiecewiseForm | None = None

    @property
    def before_latex(self) -> str:
        return latex(self.before)

    @property
    def after_latex(self) -> str:
        if self.pieces is not None:
            return self.pieces.latex
        if self.after_terms is None:
            return latex(self.after)
        return latex(sympy.Add(*self.after_terms, evaluate=False), order="none")

    @property
    def after_plain(self) -> str:
        return self.pieces.plain if self.pieces is not None else plain_text(self.after)


_ABS_FORMULA = "d/du |u| = sgn(u) = −1 for u < 0, 1 for u > 0; undefined at u = 0"


@dataclass(frozen=True)
class _OuterRule:
    rule: str
    formula: str
    outer_derivative: Callable[[sympy.Expr], sympy.Expr]


_FUNCTION_RULES: dict[type, _OuterRule] = {
    sympy.exp: _OuterRule("exponential rule", "d/du e^u = e^u", sympy.exp),
    sympy.log: _OuterRule("log rule", "d/du ln u = 1/u", lambda u: 1 / u),
    sympy.sin: _OuterRule("trig rule", "d/du sin u = cos u", sympy.cos),
    sympy.cos: _OuterRule("trig rule", "d/du cos u = −sin u", lambda u: -sympy.sin(u)),
    sympy.tan: _OuterRule("trig rule", "d/du tan u = 1 + tan²u = sec²u",
                          lambda u: 1 + sympy.tan(u) ** 2),
    sympy.cot: _OuterRule("trig rule", "d/du cot u = −1 − cot²u = −csc²u",
                          lambda u: -1 - sympy.cot(u) ** 2),
    sympy.sec: _OuterRule("trig rule", "d/du sec u = sec u·tan u",
                          lambda u: sympy.sec(u) * sympy.tan(u)),
    sympy.csc: _OuterRule("trig rule", "d/du csc u = −csc u·cot u",
                          lambda u: -sympy.csc(u) * sympy.cot(u)),
    sympy.asin: _OuterRule("inverse trig rule", "d/du arcsin u = 1/√(1 − u²)",
                           lambda u: 1 / sympy.sqrt(1 - u**2)),
    sympy.acos: _OuterRule("inverse trig rule", "d/du arccos u = −1/√(1 − u²)",
                           lambda u: -1 / sympy.sqrt(1 - u**2)),
    sympy.atan: _OuterRule("inverse trig rule", "d/du arctan u = 1/(1 + u²)",
                           lambda u: 1 / (1 + u**2)),
    sympy.sinh: _OuterRule("hyperbolic rule", "d/du sinh u = cosh u", sympy.cosh),
    sympy.cosh: _OuterRule("hyperbolic rule", "d/du cosh u = sinh u", sympy.sinh),
    sympy.tanh: _OuterRule("hyperbolic rule", "d/du tanh u = 1 − tanh²u",
                           lambda u: 1 - sympy.tanh(u) ** 2),
    sympy.Abs: _OuterRule("absolute value rule", _ABS_FORMULA, sympy.sign),
    Abs: _OuterRule("absolute value rule", _ABS_FORMULA, sign),  # |…| as typed
    sigmoid: _OuterRule("sigmoid rule", "d/du σ(u) = σ(u)·(1 − σ(u))",
                        lambda u: sigmoid(u) * (1 - sigmoid(u))),
    # H(u) here only carries the pieces: the step shows them, never H
    relu: _OuterRule("relu rule", "d/du relu(u) = 0 for u < 0, 1 for u > 0; undefined at u = 0",
                     sympy.Heaviside),
}  # fmt: skip


def derivation_steps(expr: Expression, variable: str = "x") -> list[Step]:
    """Steps from f to f′ (w.r.t. ``variable``), ending in :func:`derivative`'s result.

    Every step but the closing "simplify"/"result" one states d/dx ``before`` = ``after``;
    those two state ``before`` = ``after`` (a rewriting of the assembled derivative).
    """
    final = derivative(expr, variable).sympy
    x = symbol(variable)
    deriver = _Deriver(x)
    assembled = deriver.d(expr.sympy, 0)
    steps = [_in_pieces(s, x) for s in deriver.steps if s is not None]
    whole = piecewise_derivative(expr.sympy, x, 1, final)
    if whole is not None:
        if steps[-1].pieces is None or steps[-1].before != expr.sympy:
            steps.append(Step("piece by piece", expr.sympy, final,
                              "between the points where an argument of |u|, sgn, max, min, "
                              "relu or ⌊u⌋ changes sign, each is one fixed formula; at those "
                              "points f′ exists only where both sides agree", pieces=whole))
    elif assembled != final:
        steps.append(Step("simplify", assembled, final, "expand the products and collect terms",
                          after_terms=in_derivation_order(final, assembled)))
    elif steps[-1].after != final:
        # parts are listed after their parent, so restate the parent's result at the end
        steps.append(Step("result", expr.sympy, final, "putting the parts together"))
    return steps


def _in_pieces(step: Step, x: sympy.Symbol) -> Step:
    """``step`` with its result piece by piece where SymPy wrote a unit step H(u) or a
    δ(u), which a reader would take for values (H(0) = ½, 2δ(x))."""
    if not step.after.has(sympy.Heaviside, sympy.DiracDelta) or not has_switches(step.before, x):
        return step
    pieces = piecewise_derivative(step.before, x, 1, step.after)
    return step if pieces is None else replace(step, pieces=pieces)


def in_derivation_order(result: sympy.Expr,
                        assembled: sympy.Expr) -> tuple[sympy.Expr, ...] | None:
    """The terms of ``result`` in the order their sources stand in ``assembled``.

    So the product rule's f′g + fg′ reads as the notes write it:
    4x³ cos x + (x⁴ + 2)(−sin x) → 4x³ cos x − x⁴ sin x − 2 sin x.
    None (SymPy's order) for large expressions, whose expansion would be costly.
    """
    if (not result.is_Add or len(result.args) > MAX_ORDERED_TERMS
            or sympy.count_ops(assembled) > MAX_ORDERED_OPS or _powers_of_sums(assembled)):
        return None

    def monomial(term: sympy.Expr) -> sympy.Expr:
        return term.as_coeff_Mul()[1]

    first_seen: dict[sympy.Expr, int] = {}
    for part in ordered_terms(assembled):
        for term in ordered_terms(sympy.expand(part)):
            first_seen.setdefault(monomial(term), len(first_seen))
    terms = ordered_terms(result)
    return tuple(sorted(terms, key=lambda t: first_seen.get(monomial(t), len(first_seen))))


def _powers_of_sums(expr: sympy.Expr) -> bool:
    """Whether ``expr`` holds (a + b)ⁿ with n > 4: few operations, a huge expansion."""
    return any(p.base.is_Add and p.exp.is_Integer and abs(p.exp) > MAX_EXPANDED_POWER
               for p in expr.atoms(sympy.Pow))


class _Deriver:
    """Recursive descent over the SymPy tree, recording one step per rule used."""

    def __init__(self, x: sympy.Symbol) -> None:
        self.x = x
        self.steps: list[Step | None] = []

    def d(self, u: sympy.Expr, depth: int) -> sympy.Expr:
        slot = self._reserve()
        rule, after, explanation = self._apply(u, depth)
        if slot is not None:
            self.steps[slot] = Step(rule, u, after, explanation, depth)
        return after

    def _reserve(self) -> int | None:
        # keep one place free for the final "simplify" step
        if len(self.steps) >= MAX_STEPS - 1:
            return None
        self.steps.append(None)
        return len(self.steps) - 1

    def _apply(self, u: sympy.Expr, depth: int) -> tuple[str, sympy.Expr, str]:
        x, name = self.x, self.x.name
        if not u.has(x):
            held = " (other symbols are held constant)" if u.free_symbols else ""
            return "constant rule", sympy.S.Zero, f"constant rule: d/d{name} c = 0{held}"
        if u == x:
            return "power rule", sympy.S.One, f"power rule: d/d{name} {name} = 1"
        if u.is_Add:
            after = sympy.Add(*(self.d(term, depth + 1) for term in u.args))
            return "sum rule", after, "sum rule: (u + v)′ = u′ + v′, term by term"
        if u.is_Mul:
            return self._product(u, depth)
        if u.is_Pow:
            return self._power(u, depth)
        if isinstance(u, sympy.Function) and len(u.args) == 1 and type(u) in _FUNCTION_RULES:
            return self._function(u, depth)
        return "table of derivatives", sympy.diff(u, x), "a derivative from the table"

    def _product(self, u: sympy.Mul, depth: int) -> tuple[str, sympy.Expr, str]:
        c, rest = u.as_independent(self.x, as_Add=False)
        if c != 1:
            after = c * self.d(rest, depth + 1)
            return ("constant multiple rule", after,
                    f"constant multiple rule: (c·u)′ = c·u′ with c = {plain_text(c)}")  # fmt: skip
        denominator = [f for f in u.args if _is_reciprocal(f)]
        numerator = [f for f in u.args if not _is_reciprocal(f)]
        if denominator and numerator:
            f, g = sympy.Mul(*numerator), 1 / sympy.Mul(*denominator)
            df, dg = self.d(f, depth + 1), self.d(g, depth + 1)
            return ("quotient rule", (df * g - f * dg) / g**2,
                    f"quotient rule: (f/g)′ = (f′·g − f·g′)/g² with f = {plain_text(f)}, "
                    f"g = {plain_text(g)}")  # fmt: skip
        f, g = u.args[0], sympy.Mul(*u.args[1:])
        df, dg = self.d(f, depth + 1), self.d(g, depth + 1)
        return ("product rule", df * g + f * dg,
                f"product rule: (f·g)′ = f′·g + f·g′ with f = {plain_text(f)}, "
                f"g = {plain_text(g)}")  # fmt: skip

    def _power(self, u: sympy.Pow, depth: int) -> tuple[str, sympy.Expr, str]:
        x, name = self.x, self.x.name
        base, n = u.as_base_exp()
        if not n.has(x):
            outer = n * base ** (n - 1)
            if base == x:
                return ("power rule", outer,
                        f"power rule: d/d{name} {name}ⁿ = n·{name}ⁿ⁻¹ with n = {plain_text(n)}")
            return ("chain rule", outer * self.d(base, depth + 1),
                    f"chain rule with the power rule: (uⁿ)′ = n·uⁿ⁻¹·u′ with n = {plain_text(n)}, "
                    f"u = {plain_text(base)}")  # fmt: skip
        if not base.has(x):
            outer = u * sympy.log(base)
            if n == x:
                return "exponential rule", outer, f"exponential rule: d/d{name} aˣ = aˣ·ln a"
            return ("chain rule", outer * self.d(n, depth + 1),
                    f"chain rule with the exponential rule: (aᵘ)′ = aᵘ·ln a·u′ "
                    f"with u = {plain_text(n)}")  # fmt: skip
        dn, dbase = self.d(n, depth + 1), self.d(base, depth + 1)
        return ("logarithmic differentiation", u * (dn * sympy.log(base) + n * dbase / base),
                "logarithmic differentiation: (uᵛ)′ = uᵛ·(v′·ln u + v·u′/u)")

    def _function(self, u: sympy.Function, depth: int) -> tuple[str, sympy.Expr, str]:
        outer = _FUNCTION_RULES[type(u)]
        (arg,) = u.args
        if arg == self.x:
            after = outer.outer_derivative(arg)
            formula = re.sub(r"(?<![A-Za-z])u(?![A-Za-z])", self.x.name,
                             outer.formula.replace("d/du", f"d/d{self.x.name}"))
            return outer.rule, after, f"{outer.rule}: {formula}"
        after = outer.outer_derivative(arg) * self.d(arg, depth + 1)
        return ("chain rule", after,
                f"chain rule: (f(u))′ = f′(u)·u′ with u = {plain_text(arg)}; "
                f"{outer.rule}: {outer.formula}")  # fmt: skip


def _is_reciprocal(factor: sympy.Expr) -> bool:
    """True for b^(−n), n > 0: a factor that belongs in the denominator."""
    exponent = factor.as_base_exp()[1]
    return bool(exponent.is_number and exponent.is_negative)
