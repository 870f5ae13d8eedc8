"""critical_points(): f′ = 0 / ∇f = 0 against closed forms, classified by f″ or rt − s²."""

import math
import time

import numpy as np
import pytest
import sympy

from engine.symbolic.critical_points import critical_points
from engine.symbolic.expressions import parse
from engine.symbolic.stationary import INCONCLUSIVE, INFLECTION, MAXIMUM, MINIMUM, SADDLE

XY = ("x", "y")


def _kinds(result) -> list[tuple[tuple[float, ...], str]]:
    return [(p.coords, p.kind) for p in result.points]


def test_cubic_minus_three_x() -> None:
    result = critical_points(parse("x^3 - 3x"), (-3, 3))
    assert [(p.x, p.kind) for p in result.points] == [(-1.0, MAXIMUM), (1.0, MINIMUM)]
    assert result.points[0].test["f''"] == -6.0 and result.points[0].value == 2.0
    assert result.points[1].exact == (sympy.Integer(1),)
    assert result.global_min.coords == (-3.0,) and result.global_min.value == -18.0
    assert result.global_min.location == "endpoint"
    assert result.global_max.value == 18.0


def test_x4_is_a_minimum_by_the_fourth_derivative() -> None:
    (point,) = critical_points(parse("x^4"), (-1, 2)).points
    assert point.kind == MINIMUM and point.x == 0.0
    assert point.test["f''"] == 0.0 and point.test["f^(4)"] == 24.0
    assert "higher-order" in point.note


def test_x3_is_an_inflection() -> None:
    (point,) = critical_points(parse("x^3"), (-1, 1)).points
    assert point.kind == INFLECTION
    assert point.test["f'''"] == 6.0


def test_sine_on_minus_two_pi_to_two_pi() -> None:
    result = critical_points(parse("sin x"), (-2 * math.pi, 2 * math.pi))
    expected = [-3 * math.pi / 2, -math.pi / 2, math.pi / 2, 3 * math.pi / 2]
    np.testing.assert_allclose([p.x for p in result.points], expected, atol=1e-10)
    assert [p.kind for p in result.points] == [MAXIMUM, MINIMUM, MAXIMUM, MINIMUM]
    assert result.global_max.value == pytest.approx(1.0)


def test_x_e_to_the_minus_x() -> None:
    result = critical_points(parse("x e^(-x)"), (-1, 5))
    (point,) = result.points
    assert point.x == pytest.approx(1.0, abs=1e-10)
    assert point.kind == MAXIMUM
    assert point.test["f''"] == pytest.approx(-math.exp(-1))
    assert result.global_max.value == pytest.approx(math.exp(-1))
    assert result.global_min.value == pytest.approx(-math.e)


def test_touching_root_found_numerically() -> None:
    # f′ = x²(x + 3)eˣ: a simple root at −3 and a double root at 0 (no sign change)
    result = critical_points(parse("x^3 e^x"), (-5, 1))
    assert [p.kind for p in result.points] == [MINIMUM, INFLECTION]
    np.testing.assert_allclose([p.x for p in result.points], [-3.0, 0.0], atol=1e-7)


def test_parameters_and_irrational_roots() -> None:
    result = critical_points(parse("x^3 - a x"), (-3, 3), {"a": 6.0})
    np.testing.assert_allclose([p.x for p in result.points], [-math.sqrt(2), math.sqrt(2)])


def test_poles_and_corners_are_not_critical_points() -> None:
    assert critical_points(parse("1/x^2"), (-1, 1)).points == ()
    result = critical_points(parse("abs(x)"), (-1, 2))
    assert result.global_min.value == pytest.approx(0.0, abs=1e-9)
    assert result.global_max.coords == (2.0,)


def test_constant_function_is_not_isolated() -> None:
    result = critical_points(parse("5"), (0, 1))
    assert not result.isolated and result.points == ()


HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                     (3.584428, -1.848126)]  # fmt: skip


def test_himmelblau_nine_points() -> None:
    f = parse("(x^2+y-11)^2+(x+y^2-7)^2", XY)
    # the work's budget, not the window's 1.5 s that a loaded machine runs out of (0/0/0)
    result = critical_points(f, ((-5, 5), (-5, 5)), time_limit=60.0)
    kinds = [p.kind for p in result.points]
    assert (kinds.count(MINIMUM), kinds.count(MAXIMUM), kinds.count(SADDLE)) == (4, 1, 4)
    minima = sorted(p.coords for p in result.points if p.kind == MINIMUM)
    np.testing.assert_allclose(minima, sorted(HIMMELBLAU_MINIMA), atol=1e-5)
    (peak,) = (p for p in result.points if p.kind == MAXIMUM)
    np.testing.assert_allclose(peak.coords, (-0.270845, -0.923039), atol=1e-5)
    assert peak.value == pytest.approx(181.616522, abs=1e-5)
    for p in result.points:
        x0, y0 = p.coords
        # ∇f by hand: f_x = 4x(x²+y−11) + 2(x+y²−7), f_y = 2(x²+y−11) + 4y(x+y²−7)
        assert abs(4 * x0 * (x0**2 + y0 - 11) + 2 * (x0 + y0**2 - 7)) < 1e-8
        assert abs(2 * (x0**2 + y0 - 11) + 4 * y0 * (x0 + y0**2 - 7)) < 1e-8
        assert p.test["rt-s²"] == pytest.approx(p.test["r"] * p.test["t"] - p.test["s"] ** 2)


def test_six_hump_camel() -> None:
    f = parse("(4 - 2.1x^2 + x^4/3)x^2 + x y + (-4 + 4y^2)y^2", XY)
    result = critical_points(f, ((-3, 3), (-2, 2)), time_limit=60.0)
    kinds = [p.kind for p in result.points]
    assert (kinds.count(MINIMUM), kinds.count(MAXIMUM), kinds.count(SADDLE)) == (6, 2, 7)
    assert result.global_min.value == pytest.approx(-1.0316284535, abs=1e-9)
    best = sorted(p.coords for p in result.points if p.value < -1.03)
    np.testing.assert_allclose(best, [(-0.0898420, 0.7126564), (0.0898420, -0.7126564)],
                               atol=1e-6)  # fmt: skip


def test_rosenbrock_minimum() -> None:
    result = critical_points(parse("(1-x)^2 + 100(y-x^2)^2", XY), ((-2, 2), (-1, 3)))
    (point,) = result.points
    np.testing.assert_allclose(point.coords, (1.0, 1.0), atol=1e-10)
    assert point.kind == MINIMUM
    assert point.test == pytest.approx({"r": 802.0, "s": -400.0, "t": 200.0, "rt-s²": 400.0})


def test_saddle_and_monkey_saddle() -> None:
    (saddle,) = critical_points(parse("x^2 - y^2", XY), ((-1, 1), (-1, 1))).points
    assert saddle.kind == SADDLE and saddle.test["rt-s²"] == -4.0
    (monkey,) = critical_points(parse("x^3 - 3x y^2", XY), ((-1, 1), (-1, 1))).points
    assert monkey.coords == (0.0, 0.0)
    # rt − s² = 0, but f changes sign along y = 0: neither (issue 13)
    assert monkey.kind == SADDLE and monkey.test["rt-s²"] == 0.0


def test_x4y_has_a_line_of_critical_points() -> None:
    start = time.perf_counter()
    result = critical_points(parse("x^4 y", XY), ((-1, 1), (-1, 1)))
    assert time.perf_counter() - start < 2.0
    assert not result.isolated
    assert result.curve is not None and sympy.solve(result.curve) == [0]
    assert all(p.kind == INCONCLUSIVE for p in result.points)


def test_notes_plane_has_no_critical_points() -> None:
    result = critical_points(parse("2x^2 + 4y", XY), ((-1, 1), (-1, 1)))
    assert result.points == () and result.isolated
    assert result.global_min.value == pytest.approx(-4.0)
    assert result.global_max.value == pytest.approx(6.0)


def test_transcendental_surface() -> None:
    result = critical_points(parse("sin(x) cos(y)", XY), ((-2, 2), (-2, 2)))
    expected = {((-math.pi / 2, 0.0), MINIMUM), ((math.pi / 2, 0.0), MAXIMUM),
                ((0.0, -math.pi / 2), SADDLE), ((0.0, math.pi / 2), SADDLE)}  # fmt: skip
    assert len(result.points) == len(expected)
    for (coords, kind) in expected:
        assert any(np.allclose(p.coords, coords, atol=1e-9) and p.kind == kind
                   for p in result.points)  # fmt: skip


def test_bad_domains() -> None:
    with pytest.raises(ValueError):
        critical_points(parse("x^2"), (1, 0))
    with pytest.raises(ValueError):
        critical_points(parse("x y", XY), ((0, 1), (1, 1)))


def test_relu_is_flat_on_an_interval_not_a_cloud_of_points() -> None:
    result = critical_points(parse("relu(x)"), (-2, 2))
    # the corner at 0 is the one isolated critical point (f′ undefined there)
    assert [(p.x, p.differentiable) for p in result.points] == [(0.0, False)]
    assert not result.isolated
    assert "whole interval [-2," in result.note
    assert result.global_max.coords == (2.0,) and result.global_min.value == 0.0


def test_points_where_f_is_undefined_are_left_out_with_a_note() -> None:
    # f′ = 2x/(x² + 1) vanishes at 0, but ln(−x² − 1) is undefined for every real x
    result = critical_points(parse("ln(-x^2-1)"), (-3, 3))
    assert result.points == () and result.global_min is None
    assert "left out 1 point" in result.note and "(0)" in result.note
    # the same in two variables: ∇f = 0 at the origin, f undefined there
    surface = critical_points(parse("ln(-x^2-y^2-1)", XY), ((-1, 1), (-1, 1)))
    assert surface.points == () and "left out 1 point" in surface.note
    # a defined neighbour is kept: ln(x² + 1) has its minimum at 0
    (point,) = critical_points(parse("ln(x^2+1)"), (-3, 3)).points
    assert point.kind == MINIMUM and point.value == 0.0 and point.note


_X = sympy.Symbol("x")


@pytest.mark.parametrize("text, f, domain, x0", [
    ("x^10", _X**10, (-1, 1), 0),
    ("x^11", _X**11, (-1, 1), 0),
    ("-(x - 1/2)^12", -(_X - sympy.Rational(1, 2)) ** 12, (-1, 1), sympy.Rational(1, 2)),
    # f′(−1 ± h) underflows in floats, not in SymPy
    ("(x + 1)^200", (_X + 1) ** 200, (-3, 3), -1),
])
def test_where_every_derivative_to_order_8_vanishes_the_sign_of_f_prime_decides(
        text, f, domain, x0):
    (point,) = critical_points(parse(text), domain).points
    assert point.x == pytest.approx(float(x0)) and "first-derivative test" in point.note
    # independently: f itself either side of x0, in exact rationals
    h = sympy.Rational(1, 10)
    left, middle, right = (f.subs(_X, x0 + d) for d in (-h, 0, h))
    expected = (MINIMUM if left > middle < right else MAXIMUM if left < middle > right
                else INFLECTION)
    assert point.kind == expected


def test_the_sign_test_also_decides_at_a_root_known_only_numerically() -> None:
    # no closed form for the root of f′ = 10(x − cos x)^9 (1 + sin x): x = cos x ≈ 0.739085
    (point,) = critical_points(parse("(x - cos(x))^10"), (0, 1.5), time_limit=60.0).points
    assert point.x == pytest.approx(0.7390851332, abs=1e-6)
    assert point.kind == MINIMUM  # (x − cos x)^10 ≥ 0 = f there
