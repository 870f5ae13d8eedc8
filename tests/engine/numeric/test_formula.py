"""The NumPy route (engine/numeric) against the SymPy route (engine/symbolic): the same
values of f, f′, f″ and ∇f, to 1e-9 relative, over formulas using every function."""

import subprocess
import sys
import zlib

import numpy as np
import pytest

from engine.numeric.curves import first_curves
from engine.numeric.formula import read_numeric
from engine.symbolic.curves import curve_values
from engine.symbolic.expression_functions import FUNCTIONS
from engine.symbolic.expression_tokens import ExpressionError
from engine.symbolic.expressions import parse
from engine.symbolic.function_names import FUNCTION_ARITIES
from engine.symbolic.symbolic_derivative import derivative

RTOL = 1e-9

# every function name, the power cases (whole, odd-root and even-root fractions, a
# negative exponent, a variable exponent), parameters, e and π, implicit products
FORMULAS_1D = [
    "(x^4+2)cos x", "x^5", "x^3 - 2x + 1", "e^-x", "e^(x/2) sin 3x", "ln|x|", "ln x",
    "√x", "sqrt(x^2+1)", "sin²x", "sigmoid(2x - 1)", "σ(x)", "relu(x - 0.5)",
    "max(x, x^2)", "min(x, 0.3, cos x)", "max(sin x, cos x, x/3, -1)", "floor x",
    "ceil(x/2)", "tan x", "cot x", "sec x", "csc x", "asin(x/4)", "acos(x/4)",
    "atan x", "arcsin(x/5)", "arccos(x/5)", "arctan(2x)", "sinh x", "cosh x", "tanh x",
    "exp(-x^2)", "log(x^2+1)", "log(x^2+1, 3)", "log10(x^2+1)", "log2(x^2+2)",
    "cbrt x", "cbrt(x^2-1)", "x^(1/3)", "x^(2/3)", "x^(-1/3)", "x^0.2", "x^(1/2)",
    "x^1.5", "x^-2", "1/x", "1/(x^2-1)", "x^x", "2^x", "x^π", "|x|", "abs(sin x)",
    "sign x", "sgn(x - 1)", "a x^2 + b", "sin(k x) / k", "e^(-x^2/(2 s^2))", "x e^x",
    "x^2 sin(1/x)", "(x-1)(x+2)/(x+3)", "π x - e", "0.5x^3 - 1.5x", "x^(1/3 + 1/3)",
    "2^(1/2) x", "(x^2)^(1/2)", "-x^4 + 3x^2", "sin(cos(tan x))", "exp(sin x) ln(x^2+1)",
]
FORMULAS_2D = [
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "(1 - x)^2 + 100(y - x^2)^2", "x^2 + 10y^2",
    "sin x cos y", "x y e^(-(x^2+y^2))", "ln(1 + x^2 + y^2)", "|x| + y^2",
    "max(x, y) + 0.1(x^2+y^2)", "a x^2 + b y^2", "sigmoid(x - y) + tanh(x y)",
    "(x^2+y^2)^(1/3)", "sqrt(x^2 + y^2 + 1)",
]


def _close(got: np.ndarray, want: np.ndarray) -> None:
    finite = np.isfinite(want)
    assert np.array_equal(np.isfinite(got), finite)
    scale = 1.0 + np.abs(want[finite])
    assert np.all(np.abs(got[finite] - want[finite]) <= RTOL * scale)


def _points(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return np.sort(rng.uniform(low, high, n))


def test_the_routes_know_the_same_functions() -> None:
    assert {name: spec.arities for name, spec in FUNCTIONS.items()} == FUNCTION_ARITIES
    used = {name for formula in FORMULAS_1D for name in FUNCTION_ARITIES if name in formula}
    assert used == set(FUNCTION_ARITIES)


@pytest.mark.parametrize("text", FORMULAS_1D)
def test_f_and_its_two_derivatives_agree_with_sympy(text: str) -> None:
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    xs = _points(rng, -4.0, 4.0, 400)
    exact = parse(text)
    numeric = read_numeric(text)
    assert numeric.parameters == exact.parameters
    params = {p: 0.7 + k for k, p in enumerate(exact.parameters)}
    f, f1, f2 = numeric.jets(xs, **params)
    _close(f, exact(xs, **params))
    _close(numeric(xs, **params), exact(xs, **params))
    _close(f1, derivative(exact, "x", 1)(xs, **params))
    _close(f2, derivative(exact, "x", 2)(xs, **params))


@pytest.mark.parametrize("text", FORMULAS_2D)
def test_f_and_the_gradient_agree_with_sympy(text: str) -> None:
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    x, y = rng.uniform(-3, 3, (2, 300))
    exact = parse(text, ("x", "y"))
    numeric = read_numeric(text, ("x", "y"))
    params = {p: 1.5 + k for k, p in enumerate(exact.parameters)}
    _close(numeric(x, y, **params), exact(x, y, **params))
    grid_x, grid_y = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-1, 3, 20))
    _close(numeric(grid_x, grid_y, **params), exact(grid_x, grid_y, **params))
    gradient = numeric.gradient(x, y, **params)
    _close(gradient[:, 0], derivative(exact, "x", 1)(x, y, **params))
    _close(gradient[:, 1], derivative(exact, "y", 1)(x, y, **params))


def test_a_constant_is_broadcast_and_undefined_values_are_nan() -> None:
    numeric = read_numeric("3")
    f, f1, f2 = numeric.jets(np.linspace(0, 1, 5))
    assert f.tolist() == [3.0] * 5 and f1.tolist() == [0.0] * 5 and f2.tolist() == [0.0] * 5
    assert np.isnan(read_numeric("ln x")(np.array([-1.0]))).all()
    assert np.isnan(read_numeric("1/x")(np.array([0.0]))).all()  # ∞ is no value to draw


@pytest.mark.parametrize("text", ["sin(", "x +* 2", "foo(x)", "sinx", "x, y", "max(x)"])
def test_what_the_reader_refuses_it_refuses_too(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)
    with pytest.raises(ExpressionError):
        read_numeric(text)


def test_reading_imports_no_sympy() -> None:
    code = ("import sys, numpy; from engine.numeric.formula import read_numeric; "
            "read_numeric('(x^4+2)cos x').jets(numpy.zeros(3)); "
            "print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("text", ["(x^4+2)cos x", "tan x", "floor x", "1/x", "|x|", "ln x",
                                  "√x", "x^(1/3)", "sign x", "1/(x^2-1)", "relu(x)"])
def test_first_curves_are_the_symbolic_routes_curves(text: str) -> None:
    xs = np.linspace(-3, 3, 2000)
    exact = parse(text)
    drawn = first_curves(read_numeric(text), xs)
    for order, ys in enumerate(drawn):
        want = curve_values(exact, xs, {}, order)
        both = np.isfinite(ys) & np.isfinite(want)
        assert np.allclose(ys[both], want[both], rtol=RTOL, atol=RTOL)
        # the same gaps, but for a sample either side of a break the routes may choose
        assert np.count_nonzero(np.isfinite(ys) != np.isfinite(want)) <= 4
