"""Degenerate two-variable critical points (rt − s² = 0): one point, not a cloud, and a
verdict only where a sound argument gives one; each verdict is checked independently
by the sign of f − f(0, 0) on a fine ring of points around the critical point."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from engine.symbolic.critical_points import critical_points
from engine.symbolic.degenerate_2d import maths
from engine.symbolic.expressions import parse, symbol

XY = ("x", "y")
BOX = ((-2, 2), (-2, 2))
TIME = 30.0


def signs_near_origin(text: str) -> set[int]:
    """Signs of f − f(0, 0) on small circles and parabolas through 0 (independent check)."""
    f = sympy.lambdify([symbol("x"), symbol("y")], parse(text, XY).sympy, "numpy")
    t = np.linspace(-0.05, 0.05, 2001)
    t = t[t != 0]
    theta = np.linspace(0, 2 * np.pi, 721)
    points = [(r * np.cos(theta), r * np.sin(theta)) for r in (1e-2, 1e-3)]
    points += [(k * t**2, t) for k in (0.5, 1.0, 1.5, 2.0)]
    points += [(t, k * t**2) for k in (0.5, 1.0, 1.5, 2.0)]
    values = np.concatenate([f(x, y) - f(0.0, 0.0) for x, y in points])
    return set(np.sign(values[values != 0]).astype(int))


@pytest.mark.parametrize(("text", "kind"), [
    ("x^4 - 4x^2 y + 3y^2", "saddle"),
    ("x^2 - 2x y^2 + y^4 + y^6", "minimum"),
    ("x^2 - 3x y^2 + 2y^4", "saddle"),
    ("x^4 + y^4", "minimum"),
    ("-x^4 - y^4", "maximum"),
    ("x^3 - 3x y^2", "saddle"),
    ("x^3 + y^3", "saddle"),
])
def test_degenerate_point_is_found_once_and_decided_soundly(text: str, kind: str) -> None:
    found = critical_points(parse(text, XY), BOX, time_limit=TIME)
    assert [p.coords for p in found.points] == [(0.0, 0.0)]  # no cloud of fake points
    point = found.points[0]
    assert point.test["rt-s²"] == 0.0
    assert point.kind == kind
    assert "rt − s² = 0" in point.note and "**" not in point.note
    expected = {"minimum": {1}, "maximum": {-1}, "saddle": {-1, 1}}[kind]
    assert signs_near_origin(text) == expected


def test_undecidable_point_says_so() -> None:
    # f = x²y²: rt − s² = 0 and f ≥ 0, but ∇f = 0 on both axes (a curve): not isolated
    found = critical_points(parse("x^2 y^2", XY), BOX, time_limit=TIME)
    assert not found.isolated and "x²·y²" not in found.note and "**" not in found.note


def test_curves_are_written_in_maths() -> None:
    found = critical_points(parse("x^4 y", XY), BOX, time_limit=TIME)
    assert "x³ = 0" in found.note
    assert maths(symbol("x") ** 3 - 3 * symbol("x") * symbol("y") ** 2) == "x³ − 3x·y²"


@pytest.mark.parametrize(("text", "which"), [("1/(x^2+y^2)", "max"), ("-1/(x^2+y^2)", "min"),
                                            ("ln(x^2+y^2)", "min")])
def test_no_global_extremum_where_f_is_unbounded(text: str, which: str) -> None:
    found = critical_points(parse(text, XY), BOX, time_limit=TIME)
    extremum = found.global_max if which == "max" else found.global_min
    r = sympy.Symbol("r", positive=True)
    polar = parse(text, XY).sympy.subs({symbol("x"): r, symbol("y"): 0})
    expected = sympy.limit(polar, r, 0)  # along a ray, independently
    assert expected == (sympy.oo if which == "max" else -sympy.oo)
    assert not extremum.attained and extremum.value == float(expected)
    assert extremum.note.endswith("as (x, y) → (0, 0)")


def test_a_dense_lattice_is_flagged_incomplete() -> None:
    found = critical_points(parse("sin(3x) cos(3y)", XY), ((-5, 5), (-5, 5)), time_limit=TIME)
    # f_x = 3cos 3x cos 3y, f_y = −3sin 3x sin 3y: ∇f = 0 where cos 3x = 0 = sin 3y
    # or sin 3x = 0 = cos 3y; count them exactly
    k = np.arange(-10, 11)
    odd = np.sum(np.abs((2 * k + 1) * np.pi / 6) <= 5)  # cos 3t = 0 in [−5, 5]
    even = np.sum(np.abs(k * np.pi / 3) <= 5)  # sin 3t = 0 in [−5, 5]
    assert 2 * odd * even == 180
    assert len(found.points) < 180 and not found.complete and "too dense" in found.note
