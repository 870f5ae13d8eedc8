"""Curves break at poles, jumps and domain gaps, and nowhere else (checked against the
known discontinuities of each formula)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from engine.symbolic.curves import curve_values
from engine.symbolic.expressions import Expression, parse, symbol

XS = np.linspace(-5.01, 5.0, 2001)  # no sample lands exactly on a pole


def gaps(ys: np.ndarray) -> np.ndarray:
    return XS[~np.isfinite(ys)]


def near(points: np.ndarray, targets: list[float]) -> bool:
    """Every gap within two samples of a target, and every target has a gap."""
    step = XS[1] - XS[0]
    return (all(min(abs(p - t) for t in targets) <= 2 * step for p in points)
            and all(np.min(np.abs(points - t)) <= 2 * step for t in targets))


@pytest.mark.parametrize("order", [0, 1, 2])
def test_tan_breaks_at_each_pole_only(order: int) -> None:
    poles = [k * np.pi / 2 for k in (-3, -1, 1, 3)]
    assert near(gaps(curve_values(parse("tan(x)"), XS, order=order)), poles)


@pytest.mark.parametrize("text", ["1/x", "1/x^2", "1/(x^2 - 1)"])
def test_rational_functions_break_at_their_poles(text: str) -> None:
    expr = parse(text)
    poles = [float(r) for r in sympy.solve(sympy.denom(sympy.together(expr.sympy)), symbol("x"))]
    for order in (0, 1):
        assert near(gaps(curve_values(expr, XS, order=order)), poles)


@pytest.mark.parametrize("f", [sympy.floor(symbol("x")), sympy.sign(symbol("x"))])
def test_jumps_break(f: sympy.Expr) -> None:
    jumps = [float(k) for k in range(-5, 6)] if f.func is sympy.floor else [0.0]
    assert near(gaps(curve_values(Expression("jump", f), XS)), jumps)


@pytest.mark.parametrize("text", ["sin(x)", "x^4 - 3x", "sigmoid(100x)", "abs(x)",
                                  "sqrt(abs(x))", "exp(x)"])
def test_continuous_curves_do_not_break(text: str) -> None:
    assert gaps(curve_values(parse(text), XS)).size == 0


def test_corner_breaks_the_derivative_curve() -> None:
    assert near(gaps(curve_values(parse("abs(x)"), XS, order=1)), [0.0])


def test_derivatives_only_where_f_is_defined() -> None:
    f = parse("ln(x)")
    for order in (1, 2):
        ys = curve_values(f, XS, order=order)
        assert np.isnan(ys[XS <= 0]).all()
        assert np.allclose(ys[XS > 0], (1 / XS[XS > 0]) if order == 1 else -1 / XS[XS > 0] ** 2)


SYMMETRIC = np.linspace(-3.0, 3.0, 2000)  # samples ±0.0015 either side of 0


@pytest.mark.parametrize("text", ["1/x", "1/x^2", "ln(abs(x))", "ln(x^2)", "cot(x)"])
def test_poles_with_equal_samples_either_side_break(text: str) -> None:
    """−1/x² (1/x's f′), 1/x², ln|x| take the same value at ±0.0015: no change to see
    between the samples, but x, the argument of the power or ln, changes sign there."""
    expr = parse(text)
    x = symbol("x")
    for order in (0, 1, 2):
        ys = curve_values(expr, SYMMETRIC, order=order)
        i = int(np.searchsorted(SYMMETRIC, 0.0))
        assert not (np.isfinite(ys[i - 1]) and np.isfinite(ys[i])), order
        # and SymPy's |f⁽ⁿ⁾| grows without bound there (a pole, not a hole)
        assert sympy.limit(abs(sympy.diff(expr.sympy, x, order)), x, 0) == sympy.oo


@pytest.mark.parametrize("order", [0, 2])
def test_a_removable_singularity_stays_drawn(order: int) -> None:
    ys = curve_values(parse("sin(x)/x"), SYMMETRIC, order=order)
    assert np.isfinite(ys).all()


def _sided_difference(f, c, side, order, h=1e-4):
    """One-sided difference quotient of f at c from ``side`` (±1): f′ by the slope of the
    chord to c, f″ by the change of slopes just beside c — no derivative formula used."""
    s = side * h
    if order == 1:
        return (f(c + s) - f(c)) / s
    return (f(c + 3 * s) - 2 * f(c + 2 * s) + f(c + s)) / s**2


@pytest.mark.parametrize(("text", "order", "points"), [
    ("|x|", 1, [0.0]), ("|x|", 2, [0.0]), ("max(x, x^2)", 1, [0.0, 1.0]),
    ("relu(2x - 1)", 1, [0.5]), ("x|x|", 2, [0.0]), ("|x - 1| + |x + 1|", 1, [-1.0, 1.0]),
])
def test_the_ends_beside_an_undefined_point_are_the_one_sided_limits(text, order, points):
    from engine.symbolic.curves import one_sided_ends

    expr = parse(text)

    def f(t):
        return float(expr(np.asarray(t)))

    ends = one_sided_ends(expr, points, (-3.0, 3.0), order=order)
    for c in points:
        sides = [_sided_difference(f, c, s, order) for s in (-1, 1)]
        shown = sorted(y for x, y in ends if x == c)
        expected = sorted(set(np.round(sides, 3)))
        assert shown == pytest.approx(expected, abs=2e-3), (c, shown, sides)
    assert one_sided_ends(expr, points, (5.0, 6.0), order=order) == ()  # outside the range
    ys = curve_values(expr, XS, order=order, undefined=points)
    for c in points:  # never a line through the point where the derivative does not exist
        assert np.isnan(ys[np.argmin(np.abs(XS - c))])


@pytest.mark.parametrize(("text", "order", "at"), [
    ("sin(x)/x", 0, 0.0), ("sin(x)/x", 1, 0.0), ("sin(x)/x", 2, 0.0), ("x ln|x|", 0, 0.0),
    ("x/|x|", 0, 0.0), ("(x^2 - 1)/(x - 1)", 0, 1.0), ("sin(3x)/x", 2, 0.0),
    ("exp(-1/x^2)", 0, 0.0), ("sin(x)/x + 1/(x - 2)", 1, 0.0), ("(x - 1) ln|x - 1|", 0, 1.0),
])
def test_a_hole_is_found_and_ends_at_sympys_one_sided_limits(text, order, at):
    """Where the curve is undefined at one point but has limits either side (sin(x)/x at
    0): found, and its ends are SymPy's limits (an independent route), one circle for a
    hole the two sides close, two at a jump (x/|x|)."""
    from engine.symbolic.curves import holes, one_sided_ends

    expr = parse(text)
    found = holes(expr, XS, order=order)
    assert found == pytest.approx((at,), abs=1e-12)
    x = symbol("x")
    g = sympy.diff(expr.sympy, x, order)
    limits = sorted({float(sympy.limit(g, x, at, d)) for d in ("-", "+")})
    shown = sorted(y for _, y in one_sided_ends(expr, found, (-3.0, 3.0), order=order))
    assert shown == pytest.approx(limits, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize(("text", "order"), [
    ("1/x", 0), ("tan(x)", 0), ("ln|x|", 0), ("x ln|x|", 1), ("x^2", 0), ("1/x^2", 1),
    ("sin(1/x)", 0),
])
def test_poles_and_smooth_curves_have_no_hole(text, order):
    from engine.symbolic.curves import holes

    assert holes(parse(text), XS, order=order) == ()
