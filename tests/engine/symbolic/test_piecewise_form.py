"""f′ and f″ of formulas with |u|, sgn, max, min, relu and ⌊u⌋, piece by piece.

Each piece is read back as a reader reads it, from its plain text (the condition
"0 < x < 1" evaluated here), and checked against finite differences of f and against
SymPy's own derivative away from the switch points; each point said to be undefined
must show one-sided difference quotients that disagree (or f undefined or jumping).
"""

import itertools
import math
import re

import numpy as np
import pytest
import sympy

from engine.symbolic.calculus import derivation_steps, derivative, piecewise_derivative
from engine.symbolic.expressions import parse, symbol

X = symbol("x")
COMPARATORS = r"(<|>|≤|≥)"
FORMULAS = [
    "|x|", "relu(x)", "max(x, x^2)", "min(x, 0)", "sign(x)", "|x|^3", "x|x|", "ln|x|",
    "|x-1| + |x+1|", "max(0, 1 - x^2)", "|x^2 - 1|", "e^(-|x|)", "|sin x|", "sin(x)|sin x|",
    "relu(2x - 1)^2", "floor(x)", "x - floor(x)", "sqrt(|x|)", "x^2 + |x|", "|x|^5",
    "max(x, 0)^2", "min(x, x^3)", "|x - 1|^3", "|x|/x", "max(sin x, cos x)",
    "|sin x| + |cos x|", "|sin x| + |sin 2x|", "|sin x|·sign(cos x)", "max(sin x, cos x) + |sin x|",
]  # fmt: skip
SAMPLES = np.linspace(-3.3, 3.3, 67) + 0.0123  # off the switch points


def _value(text):
    """A number or formula in x as the reader sees it (true minus, √, π)."""
    f = parse(text.replace("−", "-").replace("·", "*"))
    return lambda t: float(f(np.asarray(float(t))))


def _holds(condition, t):
    """The plain-text condition at x = t, read clause by clause."""
    for clause in condition.split(", "):
        if clause.endswith("∉ ℤ"):
            u = _value(clause[: -len("∉ ℤ")])(t)
            if abs(u - round(u)) < 1e-9:
                return False
            continue
        if "≠" in clause:
            left, right = clause.split("≠")
            if abs(_value(left)(t) - _value(right)(t)) < 1e-12:
                return False
            continue
        parts = re.split(COMPARATORS, clause)
        values = [_value(p)(t) for p in parts[::2]]
        for a, op, b in zip(values, parts[1::2], values[1:], strict=False):
            if not {"<": a < b, ">": a > b, "≤": a <= b, "≥": a >= b}[op]:
                return False
    return True


def _difference(f, t, order, h, side=0):
    """Central (side 0) or one-sided (±1) difference quotient of order 1 or 2."""
    if side == 0:
        if order == 1:
            return (f(t + h) - f(t - h)) / (2 * h)
        return (f(t + h) - 2 * f(t) + f(t - h)) / h**2
    s = side * h
    if order == 1:
        return (f(t + s) - f(t)) / s
    return (f(t + 2 * s) - 2 * f(t + s) + f(t)) / s**2


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("text", FORMULAS)
def test_each_piece_is_the_derivative_where_its_condition_holds(text, order):
    f_expr = parse(text)
    form = piecewise_derivative(f_expr.sympy, X, order)
    assert form is not None
    for forbidden in ("δ", "H(", "Heaviside", "DiracDelta", "delta", "sgn", "Max", "Min"):
        assert forbidden not in form.plain and forbidden not in form.latex
    f = _value(text)
    raw = derivative(f_expr, "x", order)
    defined = [p for p in form.pieces if p.expr is not None]
    h = 1e-5 if order == 1 else 1e-4
    checked = 0
    for t in SAMPLES:
        if not math.isfinite(f(t)) or not math.isfinite(f(t - 0.02)) or not math.isfinite(
                f(t + 0.02)):
            continue
        holding = [p for p in defined if _holds(p.condition, t)] if any(
            p.condition for p in defined) else defined
        # near a switch point the conditions change within ±0.02: leave those out
        if any(_holds(p.condition, t - 0.02) != _holds(p.condition, t + 0.02)
               for p in defined if p.condition):
            continue
        assert len(holding) == 1, (t, [p.plain for p in holding])
        shown = float(holding[0].expr.subs(X, sympy.Rational(repr(float(t)))).evalf())
        assert shown == pytest.approx(_difference(f, t, order, h), rel=1e-3, abs=1e-3)
        # SymPy's derivative (with its steps and deltas) agrees away from the switches
        assert shown == pytest.approx(float(raw(np.asarray(t))), rel=1e-9, abs=1e-9)
        checked += 1
    assert checked >= 20


def _named_points(condition):
    """"x = 0 and x = 1" → [0.0, 1.0]; None for conditions that are not points."""
    if not re.fullmatch(r"x = [^,]+( and x = [^,]+)*", condition):
        return None
    return [_value(part.split("= ")[1])(0.0) for part in condition.split(" and ")]


def _zeros(u):
    """Zeros of u in [−3.3, 3.3] by bisecting its sign changes."""
    found = []
    xs = np.linspace(-3.3, 3.3, 661)
    for a, b in itertools.pairwise(xs):
        if u(a) * u(b) < 0:
            for _ in range(60):
                a, b = (a, (a + b) / 2) if u(a) * u((a + b) / 2) <= 0 else ((a + b) / 2, b)
            found.append((a + b) / 2)
    return found


def _one_sided_disagree(f, c, order):
    """Some k ≤ order has one-sided k-th difference quotients that differ at c, or f is
    undefined or jumps there (so f⁽ᵏ⁾(c) cannot exist)."""
    if not math.isfinite(f(c)):
        return True
    h = 1e-6
    if abs(f(c + h) - f(c)) > 1e-3 or abs(f(c - h) - f(c)) > 1e-3:
        return True
    return any(abs(_difference(f, c, k, 1e-4, 1) - _difference(f, c, k, 1e-4, -1)) > 1e-2
               for k in range(1, order + 1))


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("text", FORMULAS)
def test_points_said_undefined_have_one_sided_slopes_that_disagree(text, order):
    form = piecewise_derivative(parse(text).sympy, X, order)
    f = _value(text)
    for piece in form.pieces:
        if piece.expr is None:
            points = _named_points(piece.condition)
            if points is None:  # "where x ∈ ℤ", "where sin(x) = 0 or cos(x) = 0"
                points = [-1.0, 0.0, 1.0, 2.0] if piece.condition == "x ∈ ℤ" else [
                    c for u in piece.condition.split(" or ")
                    for c in _zeros(_value(u.removesuffix(" = 0")))]
                assert points
            for c in points:
                assert _one_sided_disagree(f, c, order), (text, c)
        elif "≥" in piece.condition:  # a closed end: the derivative exists there
            c = _value(piece.condition.split("≥")[1])(0.0)
            assert not _one_sided_disagree(f, c, order)


@pytest.mark.parametrize(("text", "order", "shown"), [
    ("|x|", 1, "-1 if x < 0; 1 if x > 0; undefined at x = 0"),
    ("|x|", 2, "0 if x ≠ 0; undefined at x = 0"),
    ("relu(x)", 1, "0 if x < 0; 1 if x > 0; undefined at x = 0"),
    ("x|x|", 1, "-2x if x < 0; 2x if x ≥ 0"),
    ("ln|x|", 1, "1/x"),
    ("|x-a|", 1, "-1 if x < a; 1 if x > a; undefined at x = a"),
    ("floor(x)", 1, "0 if x ∉ ℤ; undefined where x ∈ ℤ"),
    ("|sin x| + |sin 2x|", 1, "cos(x) + 2cos(2x) if sin(x) > 0, sin(2x) > 0; "
     "cos(x) - 2cos(2x) if sin(x) > 0, sin(2x) < 0; -cos(x) + 2cos(2x) if sin(x) < 0, "
     "sin(2x) > 0; -cos(x) - 2cos(2x) if sin(x) < 0, sin(2x) < 0; "
     "undefined where sin(x) = 0 or sin(2x) = 0"),
])
def test_the_forms_a_reader_expects(text, order, shown):
    assert piecewise_derivative(parse(text).sympy, X, order).plain == shown


def test_smooth_formulas_need_no_pieces():
    assert piecewise_derivative(parse("(x^4+2)cos x").sympy, X, 1) is None


@pytest.mark.parametrize("text", ["|x|", "relu(x)", "sign(x)", "max(x, x^2)", "relu(2x-1)^2",
                                  "x|x|", "min(x, 0)"])
def test_no_step_or_delta_in_any_derivation_step(text):
    steps = derivation_steps(parse(text))
    for step in steps:
        for shown in (step.after_plain, step.after_latex, step.explanation):
            assert "δ" not in shown and "H(" not in shown and "delta" not in shown
            assert "Heaviside" not in shown
    assert steps[-1].pieces is not None  # the derivation ends in the pieces
