"""Named surfaces: formulas, compiled gradients and listed critical points, checked
against finite differences and engine.symbolic.calculus.critical_points."""

import numpy as np
import pytest

from engine.descent.surfaces import (
    KINDS,
    SURFACE_KEYS,
    Surface,
    check_domain,
    surface,
    surface_formulas,
    surface_names,
)
from engine.symbolic.calculus import critical_points
from engine.symbolic.expressions import ExpressionError

WORK_LIMIT_S = 60.0  # a loaded machine may need many times the interactive budget

TOL = 1e-5


def fd_gradient(s: Surface, p: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences (f(p + h e) − f(p − h e)) / 2h, an independent route to ∇f."""
    e = np.eye(2) * h
    return np.stack([(s.value(p + e[i]) - s.value(p - e[i])) / (2 * h) for i in range(2)], -1)


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_compiled_gradient_matches_finite_differences(key):
    s = surface(key)
    x0, x1, y0, y1 = s.domain
    rng = np.random.default_rng(7)
    p = rng.uniform((x0, y0), (x1, y1), size=(20, 2))
    exact, approx = s.gradient(p), fd_gradient(s, p)
    scale = 1.0 + np.abs(exact)
    assert np.max(np.abs(exact - approx) / scale) < 1e-4


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_listed_points_are_found_and_classified_by_calculus(key):
    s = surface(key)
    # the search's 1.5 s budget is the window's; this test is about what it finds
    result = critical_points(s.expression, s.box, time_limit=WORK_LIMIT_S)
    found = [(p.x, p.y, p.kind) for p in result.points]
    for point in s.critical_points:
        assert point.kind in KINDS
        near = [f for f in found if abs(f[0] - point.x) < TOL and abs(f[1] - point.y) < TOL]
        assert near, f"{key}: {point} not found"
        assert near[0][2] == point.kind
    # the lists are complete, except where the module says why not
    if key == "rastrigin":
        assert len(result.points) > 100  # a local minimum near every integer point
    elif key == "notes_quartic":
        assert not result.isolated  # ∇f = 0 on the whole line x = 0
    else:
        assert len(result.points) == len(s.critical_points)


def test_himmelblau_has_four_minima_one_maximum_four_saddles():
    s = surface("himmelblau")
    kinds = [p.kind for p in s.critical_points]
    assert (kinds.count("minimum"), kinds.count("maximum"), kinds.count("saddle")) == (4, 1, 4)
    maximum = next(p for p in s.critical_points if p.kind == "maximum")
    assert (maximum.x, maximum.y) == pytest.approx((-0.270845, -0.923039), abs=1e-6)
    assert len(s.global_minima) == 4


def test_global_minima_and_their_absence():
    assert {(round(p.x, 5), round(p.y, 5)) for p in surface("six_hump_camel").global_minima} == {
        (0.08984, -0.71266), (-0.08984, 0.71266)}  # fmt: skip
    assert surface("styblinski_tang").global_minima[0][:2] == pytest.approx((-2.903534,) * 2)
    assert surface("notes_quadratic").global_minima == ()


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_each_surface_is_presentable(key):
    s = surface(key)
    assert surface_names()[key] == s.name
    assert surface_formulas()[key] == s.expression.text  # the preset list, read without SymPy
    assert check_domain(s.domain) == s.domain
    assert "**" not in s.expression.latex
    x0, x1, y0, y1 = s.domain
    assert x0 <= s.start[0] <= x1 and y0 <= s.start[1] <= y1
    assert np.isfinite(s.value(np.array(s.start)))


def test_grid_matches_a_hand_written_himmelblau():
    xs, ys, Z = surface("himmelblau").grid(50)
    X, Y = np.meshgrid(xs, ys)
    assert Z == pytest.approx((X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2)


def test_notes_examples_have_the_notes_gradients():
    p = np.array([[1.5, -2.0]])
    assert surface("notes_quadratic").gradient(p) == pytest.approx(np.array([[4 * 1.5, 4.0]]))
    quartic = np.array([[4 * 1.5**3 * -2.0, 1.5**4]])  # (4x³y, x⁴)
    assert surface("notes_quartic").gradient(p) == pytest.approx(quartic)


def test_user_formula_with_a_parameter():
    s = Surface.from_formula("a x^2 + y^2", (-1, 1, -2, 2))
    assert s.key == "custom" and s.params == {"a": 1.0} and s.critical_points == ()
    p = np.array([[1.0, 1.0]])
    assert s.with_params(a=3).value(p) == pytest.approx([4.0])
    assert s.with_params(a=3).gradient(p) == pytest.approx(np.array([[6.0, 2.0]]))
    with pytest.raises(ValueError, match="finite"):
        s.with_params(a=float("nan"))
    with pytest.raises(ValueError, match="no parameter"):
        s.with_params(b=1)


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ((0, 0, -1, 1), "below its maximum"),
        ((1, -1, -1, 1), "below its maximum"),
        ((0, float("nan"), -1, 1), "finite"),
        ((0, 1e308, -1, 1), "finite"),
        ((0, 1, 2), "four numbers"),
        (("a", 1, 2, 3), "four numbers"),
    ],
)
def test_bad_domains_are_refused_with_a_message(domain, message):
    with pytest.raises(ValueError, match=message):
        Surface.from_formula("x^2 + y^2", domain)


def test_bad_formula_raises_the_parser_error():
    with pytest.raises(ExpressionError):
        Surface.from_formula("x^^2 + y", (-1, 1, -1, 1))
    with pytest.raises(ValueError, match="unknown surface"):
        surface("nope")


def test_no_two_named_surfaces_have_the_same_f():
    # the Gradient descent tab tells a named surface by its formula's text alone
    functions = [surface(key).expression.sympy for key in SURFACE_KEYS]
    assert all(a != b for i, a in enumerate(functions) for b in functions[i + 1:])
