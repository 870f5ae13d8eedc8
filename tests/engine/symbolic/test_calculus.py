"""derivative(), tangent/secant/limit table and compiled ∇f, H: checked by SymPy's own
diff on independently built expressions, by finite differences and by closed forms."""

import warnings
import zlib

import numpy as np
import pytest
import sympy

from engine.symbolic.calculus import (
    derivative,
    difference_quotients,
    gradient_function,
    hessian_function,
    secant,
    tangent,
    value_function,
)
from engine.symbolic.expressions import parse, symbol

x, y, a, beta = symbol("x"), symbol("y"), symbol("a"), symbol("β")
E, sin, cos, tan, ln = sympy.exp, sympy.sin, sympy.cos, sympy.tan, sympy.log

# (typed text, the same function built from SymPy objects)
BATTERY = [
    ("x^5", x**5),
    ("(x^4+2)cos x", (x**4 + 2) * cos(x)),
    ("3x^2 - 2x + 7", 3 * x**2 - 2 * x + 7),
    ("x^-2", x**-2),
    ("sqrt(x)", sympy.sqrt(x)),
    ("x^(3/2)", x ** sympy.Rational(3, 2)),
    ("1/x", 1 / x),
    ("e^x", E(x)),
    ("e^(2x)", E(2 * x)),
    ("exp(-x^2)", E(-(x**2))),
    ("x e^(-x)", x * E(-x)),
    ("2^x", 2**x),
    ("ln x", ln(x)),
    ("ln(x^2+1)", ln(x**2 + 1)),
    ("log(x, 10)", ln(x) / ln(10)),
    ("x ln x", x * ln(x)),
    ("sin x", sin(x)),
    ("cos 2x", cos(2 * x)),
    ("tan x", tan(x)),
    ("sin x cos x", sin(x) * cos(x)),
    ("sin(x)^2", sin(x) ** 2),
    ("sin x²", sin(x**2)),
    ("cot x", sympy.cot(x)),
    ("sec x", sympy.sec(x)),
    ("csc x", sympy.csc(x)),
    ("asin(x/2)", sympy.asin(x / 2)),
    ("acos(x/2)", sympy.acos(x / 2)),
    ("atan x", sympy.atan(x)),
    ("sinh x", sympy.sinh(x)),
    ("cosh x", sympy.cosh(x)),
    ("tanh x", sympy.tanh(x)),
    ("tanh(x^2)", sympy.tanh(x**2)),
    ("sigmoid(x)", 1 / (1 + E(-x))),
    ("σ(2x+1)", 1 / (1 + E(-(2 * x + 1)))),
    ("1/(1+e^(-βx))", 1 / (1 + E(-beta * x))),
    ("a x^2 + a", a * x**2 + a),
    ("(x^2+1)/(x-3)", (x**2 + 1) / (x - 3)),
    ("sin(x)/x", sin(x) / x),
    ("x/(1+x^2)", x / (1 + x**2)),
    ("(x+1)^3", (x + 1) ** 3),
    ("(x^2+1)^10", (x**2 + 1) ** 10),
    ("x^x", x**x),
    ("x^(sin x)", x ** sin(x)),
    ("abs(x - 5)", sympy.Abs(x - 5)),
    ("relu(x - 5)", sympy.Max(0, x - 5)),
    ("e^(sin x)", E(sin(x))),
    ("sqrt(1 + cos(x)^2)", sympy.sqrt(1 + cos(x) ** 2)),
    ("ln(cosh x)", ln(sympy.cosh(x))),
    ("π x^2", sympy.pi * x**2),
    ("e", sympy.E),
]


def _reference(expr: sympy.Expr, order: int = 1) -> sympy.Expr:
    return sympy.diff(expr, x, order)


@pytest.mark.parametrize(("text", "built"), BATTERY, ids=[t for t, _ in BATTERY])
def test_derivative_matches_sympy_diff(text: str, built: sympy.Expr) -> None:
    ours = derivative(parse(text)).sympy
    reference = _reference(built)
    difference = (ours - reference).rewrite(sympy.exp)
    assert sympy.expand(difference) == 0 or sympy.simplify(difference) == 0


@pytest.mark.parametrize(("text", "built"), BATTERY, ids=[t for t, _ in BATTERY])
def test_derivative_matches_central_differences(text: str, built: sympy.Expr) -> None:
    f = parse(text)
    fprime = derivative(f)
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    xs = rng.uniform(0.3, 1.4, size=8)  # inside every domain, clear of tan's pole at π/2
    h = 1e-5
    central = (f(xs + h) - f(xs - h)) / (2 * h)
    np.testing.assert_allclose(fprime(xs), central, rtol=1e-6, atol=1e-6)
    # and independently of our evaluator: SymPy's own lambdify of its own diff
    plain = sympy.lambdify([x, beta, a], _reference(built), modules="numpy")
    np.testing.assert_allclose(fprime(xs), plain(xs, 1.0, 1.0), rtol=1e-9, atol=1e-12)


def test_notes_examples_exactly() -> None:
    assert derivative(parse("x^5")).sympy == 5 * x**4
    assert derivative(parse("x^5")).plain == "5x^4"
    product = derivative(parse("(x^4+2)cos x")).sympy
    assert product == 4 * x**3 * cos(x) - x**4 * sin(x) - 2 * sin(x)
    assert product.is_Add and len(product.args) == 3
    xy = parse("x^4 y", variables=("x", "y"))
    assert derivative(xy, "x").sympy == 4 * x**3 * y
    assert derivative(xy, "y").sympy == x**4
    plane = parse("2x^2 + 4y", variables=("x", "y"))
    assert (derivative(plane, "x").sympy, derivative(plane, "y").sympy) == (4 * x, 4)


def test_second_derivative_and_parameters_are_kept() -> None:
    f = parse("a x^3")
    second = derivative(f, "x", 2)
    assert second.sympy == 6 * a * x
    assert second.parameters == ("a",)
    np.testing.assert_allclose(second(np.array([2.0]), a=0.5), [6.0])
    with pytest.raises(ValueError):
        derivative(f, "y")
    with pytest.raises(ValueError):
        derivative(f, "x", 0)


def test_tidy_keeps_powers_and_factors_rational_functions() -> None:
    assert derivative(parse("(x+1)^3")).sympy == 3 * (x + 1) ** 2
    assert derivative(parse("(x^2+1)/(x-1)")).sympy == (x**2 - 2 * x - 1) / (x - 1) ** 2


def test_tangent_of_x_squared_at_3() -> None:
    line = tangent(parse("x^2"), 3.0)
    assert (line.x0, line.y0, line.slope, line.intercept) == (3.0, 9.0, 6.0, -9.0)
    np.testing.assert_allclose(line.line([0.0, 1.0]), [-9.0, -3.0])


def test_tangent_uses_parameters() -> None:
    line = tangent(parse("a sin x"), 0.0, {"a": 2.0})
    assert line.slope == pytest.approx(2.0)


def test_secant_slope_is_difference_quotient() -> None:
    s = secant(parse("x^3"), 1.0, 0.5)
    assert (s.x1, s.y1) == (1.5, 3.375)
    assert s.slope == pytest.approx((3.375 - 1.0) / 0.5)
    assert s.line(1.5) == pytest.approx(3.375)
    with pytest.raises(ValueError):
        secant(parse("x^3"), 1.0, 0.0)


def test_difference_quotients_converge_to_the_derivative() -> None:
    rows = difference_quotients(parse("x^2"), 1.0, dxs=(1.0, 0.1, 0.01, 0.001))
    # (f(1+h) − f(1))/h = 2 + h exactly, so the error is h
    for row in rows:
        assert row.dy == pytest.approx(2 * row.dx + row.dx**2)
        assert row.quotient == pytest.approx(2 + row.dx)
        assert row.error == pytest.approx(row.dx, rel=1e-6)
    default_rows = difference_quotients(parse("sin x"), 0.5)
    assert default_rows[-1].error < 1e-5
    assert [r.error for r in default_rows[:4]] == sorted(r.error for r in default_rows[:4])[::-1]


def test_gradient_and_hessian_functions_vectorised() -> None:
    f = parse("x^4 y + sin(x y)", variables=("x", "y"))
    points = np.array([[0.5, -1.0], [1.5, 2.0], [-0.3, 0.7]])
    grad = gradient_function(f)(points)
    hess = hessian_function(f)(points)
    assert grad.shape == (3, 2) and hess.shape == (3, 2, 2)
    assert grad.dtype == np.float64
    px, py = points[:, 0], points[:, 1]
    np.testing.assert_allclose(grad[:, 0], 4 * px**3 * py + py * np.cos(px * py))
    np.testing.assert_allclose(grad[:, 1], px**4 + px * np.cos(px * py))
    h = 1e-6
    for k in range(2):
        step = np.zeros(2)
        step[k] = h
        grad_f = gradient_function(f)
        column = (grad_f(points + step) - grad_f(points - step)) / (2 * h)
        np.testing.assert_allclose(hess[:, :, k], column, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(value_function(f)(points), px**4 * py + np.sin(px * py))


def test_gradient_of_notes_plane_and_nan_safety() -> None:
    grad = gradient_function(parse("2x^2 + 4y", variables=("x", "y")))
    np.testing.assert_allclose(grad(np.array([[1.0, 5.0], [-2.0, 0.0]])), [[4.0, 4.0], [-8.0, 4.0]])
    root_grad = gradient_function(parse("sqrt(x) + a y", variables=("x", "y")), {"a": 3.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = root_grad(np.array([[-1.0, 0.0], [4.0, 1.0], [0.0, 0.0]]))
    assert np.isnan(values[0, 0]) and np.isnan(values[2, 0])
    np.testing.assert_allclose(values[1], [0.25, 3.0])
    with pytest.raises(ValueError):
        gradient_function(parse("x^2"))


def test_gradient_and_hessian_are_each_one_compiled_function(monkeypatch) -> None:
    import engine.symbolic.gradient_functions as gf

    calls = []
    real_compile = gf.compile_numpy

    def counting(exprs, args, cse=False):
        calls.append(len(exprs))
        return real_compile(exprs, args, cse)

    monkeypatch.setattr(gf, "compile_numpy", counting)
    f = parse("(x^2+y-11)^2+(x+y^2-7)^2 + a", variables=("x", "y"))
    points = np.array([[3.0, 2.0], [0.0, 0.0]])
    grad = gradient_function(f, {"a": 5.0})(points)
    hess = hessian_function(f)(points)
    assert calls == [2, 3]  # (f_x, f_y) together, then (r, s, t) together
    # by hand: f_x = 4x(x²+y−11) + 2(x+y²−7), f_y = 2(x²+y−11) + 4y(x+y²−7)
    np.testing.assert_allclose(grad, [[0.0, 0.0], [-14.0, -22.0]])
    np.testing.assert_allclose(hess[1], [[-42.0, 0.0], [0.0, -26.0]])


def test_evaluation_never_aliases_its_input_and_stays_silent() -> None:
    xs = np.array([1.0, np.inf, -2.0])
    identity = parse("x")(xs)
    assert identity is not xs and np.isnan(identity[1]) and np.isinf(xs[1])
    assert parse("5")(xs).tolist() == [5.0, 5.0, 5.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        roots = parse("sqrt(x) + 1/(x - 1) + e^(1000x)")(xs)
        plane = gradient_function(parse("2x^2 + 4y + sqrt(-y)", ("x", "y")))(
            np.array([[1.0, 1.0], [1e308, -1.0]])
        )
    assert np.isnan(roots).all()
    assert np.isnan(plane[0, 1]) and np.isnan(plane[1, 0]) and plane[1, 1] == pytest.approx(3.5)
