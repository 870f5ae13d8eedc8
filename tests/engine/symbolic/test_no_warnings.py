"""No NumPy/SciPy warning reaches the console from the formula engine, whatever
formula the parser accepts: undefined values become NaN silently."""

import warnings

import numpy as np
import pytest

from engine.symbolic.calculus import (
    critical_points,
    derivative,
    difference_quotients,
    gradient_function,
    hessian_function,
    tangent,
    value_function,
)
from engine.symbolic.expressions import parse
from tests.engine.symbolic.test_budget import HOSTILE_1D, HOSTILE_2D
from tests.engine.symbolic.test_calculus import BATTERY

ONE_VARIABLE = [text for text, _ in BATTERY] + [text for text, _ in HOSTILE_1D] + [
    "ln(-x^2-1)", "sqrt(-1-x^2)", "1/(x-1)", "x^999", "e^(1000x)", "e^(-x^2)/x",
    "(x+1)^1000", "e^(e^(e^x))", "tan(1/x)", "sin(1/x)", "1e299 x^3", "x/1e299",
    "relu(x)", "abs(x)^0.5", "asin(5x)", "heaviside", "sigmoid(1000x)", "ln(0 x + 1)",
]  # fmt: skip
POINTS = (-3.0, -1.0, 0.0, 1e-300, 1.0, 3.0, 1e308, -1e308)



@pytest.mark.parametrize("text", ONE_VARIABLE)
def test_one_variable_calculus_is_silent(text: str) -> None:
    try:
        f = parse(text)
    except ValueError:
        return  # the parser's refusal is its own test's business
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            derivative(f, "x", 2)
            critical_points(f, (-3, 3))
        except ValueError:
            pass  # a clear refusal (too complex) is allowed; a warning is not
        for x0 in POINTS:
            try:
                tangent(f, x0)
                difference_quotients(f, x0)
            except ValueError:
                pass
        f(np.array(POINTS))


TWO_VARIABLES = [text for text, _ in HOSTILE_2D] + [
    "(x^2+y-11)^2+(x+y^2-7)^2", "ln(-x^2-y^2-1)", "sqrt(x) + y", "e^(1000 x y)",
    "x^4 y", "1/(x y)", "(x^2+y^2)^500",
]  # fmt: skip


@pytest.mark.parametrize("text", TWO_VARIABLES)
def test_two_variable_calculus_is_silent(text: str) -> None:
    f = parse(text, ("x", "y"))
    points = np.array([[0.0, 0.0], [1e308, -1e308], [1.0, 2.0], [-3.0, 1e-300]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            critical_points(f, ((-2, 2), (-2, 2)))
            gradient_function(f)(points)
            hessian_function(f)(points)
        except ValueError:
            pass
        value_function(f)(points)
