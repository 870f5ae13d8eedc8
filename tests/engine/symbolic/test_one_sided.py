"""Where f′(x₀) does not exist the engine says so, with one-sided limits checked by
SymPy's own limit of the difference quotient (an independent route)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from engine.symbolic.calculus import (
    difference_quotients,
    one_sided_quotients,
    slope_at,
    tangent,
)
from engine.symbolic.expression_functions import relu
from engine.symbolic.expressions import Expression, parse, symbol

X = symbol("x")
H = sympy.Symbol("h", positive=True)


def quotient_limit(f: sympy.Expr, x0: sympy.Expr, side: str) -> float:
    """lim (f(x0 + Δx) − f(x0))/Δx for Δx → 0± by sympy.limit, on the raw formula."""
    dx = H if side == "+" else -H
    f = f.replace(relu, lambda z: sympy.Piecewise((0, z < 0), (z, True)))  # sympy.limit knows it
    return float(sympy.limit((f.subs(X, x0 + dx) - f.subs(X, x0)) / dx, H, 0))


@pytest.mark.parametrize(("text", "x0"), [
    ("abs(x)", 0), ("relu(x)", 0), ("abs(x - 1)", 1), ("sqrt(x^2)", 0),
    ("abs(x^2 - 4)", 2), ("abs(sin(x))", 0), ("2x + 3abs(x)", 0),
])
def test_corner_has_two_one_sided_limits_and_no_tangent(text: str, x0: int) -> None:
    expr = parse(text)
    at = slope_at(expr, x0)
    left, right = (quotient_limit(expr.sympy, sympy.Integer(x0), s) for s in "-+")
    assert left != right
    assert (at.left, at.right) == pytest.approx((left, right))
    assert not at.exists and at.kind == "corner" and math.isnan(at.slope)
    assert at.message == (f"f′({x0}) does not exist: the one-sided limits are "
                          f"{at.left_text} and {at.right_text}")
    assert math.isnan(tangent(expr, x0).slope)  # no tangent line to draw
    assert all(math.isnan(row.error) for row in difference_quotients(expr, x0))


def test_relu_at_zero_never_reports_heaviside_half() -> None:
    at = slope_at(parse("relu(x)"), 0)
    assert (at.left, at.right) == (0.0, 1.0)
    assert at.left_text == "0" and at.right_text == "1"
    assert 0.5 not in (at.slope, tangent(parse("relu(x)"), 0).slope)


def test_absolute_value_message_names_both_limits() -> None:
    assert slope_at(parse("abs(x)"), 0).message == (
        "f′(0) does not exist: the one-sided limits are −1 and 1")


def test_cusp_has_infinite_limits_of_opposite_sign() -> None:
    at = slope_at(parse("sqrt(abs(x))"), 0)
    assert (at.left, at.right) == (-math.inf, math.inf)
    assert quotient_limit(sympy.sqrt(sympy.Abs(X)), sympy.S.Zero, "+") == math.inf
    assert at.kind == "cusp" and not at.exists


@pytest.mark.parametrize("f", [sympy.sign(X), sympy.floor(X), sympy.Heaviside(X)])
def test_jump_has_no_derivative(f: sympy.Expr) -> None:
    expr = Expression("jump", f)
    at = slope_at(expr, 0)
    assert at.kind == "discontinuous" and not at.exists
    assert "f is not continuous at 0" in at.message
    assert math.isnan(tangent(expr, 0).slope)


@pytest.mark.parametrize(("text", "x0"), [("ln(x)", -1), ("1/x", 0), ("sin(x)/x", 0)])
def test_no_derivative_where_f_is_undefined(text: str, x0: int) -> None:
    at = slope_at(parse(text), x0)
    assert at.kind == "undefined" and not at.exists
    assert f"f is not defined at {x0}".replace("-", "−") in at.message


@pytest.mark.parametrize(("text", "x0"), [
    ("abs(x)^3", 0), ("abs(x)^5", 0), ("x*abs(x)", 0), ("relu(x)^2", 0), ("x^2", 3),
    ("abs(x)", 2.5), ("relu(x)", -1.5), ("sin(x)", 0.3),
])
def test_derivative_that_exists_matches_sympy(text: str, x0: float) -> None:
    expr = parse(text)
    c = sympy.Rational(repr(x0))
    at = slope_at(expr, x0)
    expected = quotient_limit(expr.sympy, c, "+")
    assert at.exists and at.kind == "differentiable"
    assert at.slope == pytest.approx(expected, abs=1e-12)
    assert tangent(expr, x0).slope == pytest.approx(expected, abs=1e-12)


def test_one_sided_quotients_are_both_secant_slopes() -> None:
    f = parse("abs(x) + x^2")
    rows = one_sided_quotients(f, 0.0, (0.1, 0.01))
    for row in rows:
        h = row.dx
        assert row.right == pytest.approx(((h + h * h) - 0) / h)
        assert row.left == pytest.approx(((h + h * h) - 0) / -h)
        assert math.isnan(row.right_error) and math.isnan(row.left_error)
    smooth = one_sided_quotients(parse("x^2"), 1.0, (0.1,))[0]
    assert (smooth.right_error, smooth.left_error) == pytest.approx((0.1, 0.1))


def test_difference_quotients_error_still_measured_where_smooth() -> None:
    rows = difference_quotients(parse("x^3"), 2.0, (0.1,))
    assert rows[0].error == pytest.approx(abs((2.1**3 - 8) / 0.1 - 12))
    assert np.isfinite(tangent(parse("x^3"), 2.0).slope)


@pytest.mark.parametrize(("text", "x0", "branches"), [
    ("max(x, x^2)", 1, (X, X**2)),  # SymPy's limit cannot take Max: "MRV set … not implemented"
    ("min(x, x^3)", 1, (X**3, X)),
    ("max(x, x^2) + relu(x - 2)", 2, (X**2, X**2 + X - 2)),
])
def test_corners_of_max_and_min_have_exact_one_sided_limits(text, x0, branches):
    """The slopes of the branches on either side (differentiated here) are the one-sided
    limits, exact; f is continuous there, so it is a corner, not a jump."""
    at = slope_at(parse(text), float(x0))
    left, right = (float(sympy.diff(b, X).subs(X, x0)) for b in branches)
    assert (at.left, at.right) == (left, right) and left != right
    assert at.kind == "corner" and not at.exists
    assert at.message.endswith(f"the one-sided limits are {left:g} and {right:g}")
