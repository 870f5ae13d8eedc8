"""Global extrema that exist are listed at every point where f takes them; those that
do not exist say why (a pole: sympy.limit gives ±∞; a hole: the limit is not a value
of f). Corners, kinks and holes are critical points, classified without f″."""

from __future__ import annotations

import math

import pytest
import sympy

from engine.symbolic.critical_points import critical_points
from engine.symbolic.expressions import parse, symbol

X = symbol("x")
TIME = 30.0  # generous: the machine running the tests may be busy


@pytest.mark.parametrize(("text", "pole", "side", "which"), [
    ("1/x", 0, "-", "min"), ("1/x", 0, "+", "max"), ("ln(x)", 0, "+", "min"),
    ("1/x^2", 0, "-", "max"), ("cot(x)", 0, "-", "min"), ("ln(x^2)", 0, "-", "min"),
    ("1/(x^2-1)", -1, "+", "min"), ("tan(x)", -sympy.pi / 2, "+", "min"),
])
def test_no_global_extremum_at_a_pole(text: str, pole: sympy.Expr, side: str, which: str) -> None:
    expr = parse(text)
    found = critical_points(expr, (-3, 3), time_limit=TIME)
    extremum = found.global_min if which == "min" else found.global_max
    expected = sympy.limit(expr.sympy, X, pole, side)  # the independent route
    assert expected == (-sympy.oo if which == "min" else sympy.oo)
    assert not extremum.attained and extremum.value == float(expected)
    assert extremum.coords[0] == pytest.approx(float(pole))
    sign = "−∞" if which == "min" else "∞"
    assert extremum.note.startswith(f"no global {'minimum' if which == 'min' else 'maximum'}: "
                                    f"f → {sign} as x → ")
    assert extremum.note.endswith("⁻" if side == "-" else "⁺")


def test_one_over_x_says_where_it_goes_to_minus_infinity() -> None:
    found = critical_points(parse("1/x"), (-3, 3), time_limit=TIME)
    assert found.global_min.note == "no global minimum: f → −∞ as x → 0⁻"


def test_hole_infimum_is_not_attained() -> None:
    expr = parse("(x^2-1)/(x-1)")
    found = critical_points(expr, (1, 3), time_limit=TIME)
    assert sympy.limit(expr.sympy, X, 1, "+") == 2
    low = found.global_min
    assert not low.attained and low.value == pytest.approx(2.0)
    assert "never takes that value" in low.note
    assert found.global_max.attained and found.global_max.value == pytest.approx(4.0)


@pytest.mark.parametrize(("text", "domain", "which", "places", "value"), [
    ("x^2", (-3, 3), "max", (-3.0, 3.0), 9.0),
    ("cos(pi x)", (-1, 1), "min", (-1.0, 1.0), -1.0),
    ("sin(pi x)^2", (0, 1), "min", (0.0, 1.0), 0.0),
    ("abs(x)", (-2, 2), "max", (-2.0, 2.0), 2.0),
])
def test_extreme_value_taken_at_several_points_lists_them_all(
    text: str, domain: tuple[float, float], which: str, places: tuple[float, ...], value: float
) -> None:
    found = critical_points(parse(text), domain, time_limit=TIME)
    extremum = found.global_min if which == "min" else found.global_max
    coords = sorted([extremum.coords[0], *(c[0] for c in extremum.others)])
    assert coords == pytest.approx(list(places), abs=1e-9)
    assert extremum.value == pytest.approx(value, abs=1e-12) and extremum.attained


@pytest.mark.parametrize(("text", "domain", "ends"), [
    ("cos(pi x)", (-1, 1), (-1.0, 1.0)), ("sin(pi x)^2", (0, 1), (0.0, 1.0)),
])
def test_stationary_endpoints_are_critical_points(
    text: str, domain: tuple[float, float], ends: tuple[float, float]
) -> None:
    expr = parse(text)
    xs = [p.x for p in critical_points(expr, domain, time_limit=TIME).points]
    fp = sympy.diff(expr.sympy, X)
    for end in ends:
        assert fp.subs(X, sympy.Integer(int(end))) == 0  # f′ really vanishes there
        assert any(abs(x - end) < 1e-12 for x in xs)


@pytest.mark.parametrize(("text", "kind", "differentiable"), [
    ("abs(x)", "minimum", False), ("-abs(x)", "maximum", False), ("relu(x)", "minimum", False),
    ("sqrt(abs(x))", "minimum", False), ("abs(x)^3", "minimum", True),
    ("abs(x)^5", "minimum", True), ("x abs(x)", "inflection", True),
    ("x + abs(x)/2", "inflection", False),
])
def test_corners_and_kinks_at_zero_are_classified(
    text: str, kind: str, differentiable: bool
) -> None:
    found = critical_points(parse(text), (-2, 2), time_limit=TIME)
    at_zero = [p for p in found.points if abs(p.x) < 1e-12]
    assert len(at_zero) == 1
    point = at_zero[0]
    assert point.kind == kind and point.differentiable is differentiable
    assert math.isfinite(point.value) and point.value == 0.0


def test_removable_singularity_is_the_extension_critical_point() -> None:
    expr = parse("sin(x)/x")
    found = critical_points(expr, (-1, 1), time_limit=TIME)
    assert len(found.points) == 1
    point = found.points[0]
    f2 = sympy.limit(sympy.diff(expr.sympy, X, 2), X, 0)  # −1/3, independently
    assert point.x == 0.0 and point.kind == "maximum"
    assert point.test["f''"] == pytest.approx(float(f2)) and point.value == pytest.approx(1.0)
    assert "removable" in point.note


def test_exact_critical_points_carry_plain_text_and_latex() -> None:
    found = critical_points(parse("x^3 - x"), (-2, 2), time_limit=TIME)
    texts = [p.exact_text for p in found.points]
    assert texts == ["−√3/3", "√3/3"]
    assert found.points[1].exact_latex == r"\frac{\sqrt{3}}{3}"
    roots = sorted(float(r) for r in sympy.solve(3 * X**2 - 1, X))
    assert [p.x for p in found.points] == pytest.approx(roots)


def test_roots_closer_than_the_sampling_step_are_all_found() -> None:
    expr = parse("e^x (x - 1.0003)^2 (x - 1.0011)^2")
    found = critical_points(expr, (0, 2), time_limit=TIME)
    # the independent route: f′ = e^x·(x − a)(x − b)·q(x) with q quadratic, solved by SymPy
    fp = sympy.factor(sympy.diff(expr.sympy, X) / sympy.exp(X))
    exact = sorted(float(r) for r in sympy.Poly(fp, X).real_roots() if 0 <= float(r) <= 2)
    assert [p.x for p in found.points] == pytest.approx(exact, abs=1e-9)
    assert len(exact) == 3 and found.complete


def test_a_list_cut_short_is_flagged_incomplete() -> None:
    found = critical_points(parse("sin(x)"), (-1000, 1000), time_limit=TIME)
    assert not found.complete and found.note
    assert len(found.points) <= 200 < 2000 / math.pi
