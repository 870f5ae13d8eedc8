"""Compiled formulas write small integer powers as products (engine/symbolic/compiled.py):
the values are checked against SymPy worked out to 40 digits, and against NumPy's own
power at the edges of the float range (0, −0, ±∞, NaN, overflow)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import sympy

from engine.symbolic.compiled import compile_numpy, integer_power

x, y = sympy.symbols("x y", real=True)
POWERS = [n for n in range(-16, 17) if n not in (-1, 0, 1)]


def _exact(expr: sympy.Expr, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """expr at each (x, y) by SymPy to 40 digits (the floats' binary values exactly)."""
    return np.array([float(expr.evalf(40, subs={x: sympy.Float(a, 40), y: sympy.Float(b, 40)}))
                     for a, b in zip(xs, ys, strict=True)])  # fmt: skip


@pytest.mark.parametrize("n", POWERS)
def test_a_power_agrees_with_sympy_to_the_last_digits(n):
    rng = np.random.default_rng(n + 100)
    xs = rng.uniform(-3, 3, 40) * 10.0 ** rng.integers(-3, 4, 40)
    ys = rng.uniform(-3, 3, 40)
    for expr in (x**n, (x - y) ** n, 3 * x**n * y - (x + 2 * y) ** n):
        got = compile_numpy(expr, [x, y])(xs, ys)
        # products round up to ⌈log₂|n|⌉ + 1 times where pow rounds once: a few ulp
        np.testing.assert_allclose(got, _exact(expr, xs, ys), rtol=1e-12, atol=0)


def test_rosenbrock_gradient_agrees_with_the_hand_written_one():
    f = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    grad = compile_numpy([sympy.diff(f, v) for v in (x, y)], [x, y], cse=True)
    xs, ys = np.random.default_rng(0).uniform((-2, -1), (2, 3), (1000, 2)).T
    gx, gy = grad(xs, ys)
    hand_x, hand_y = -2 * (1 - xs) - 400 * xs * (ys - xs * xs), 200 * (ys - xs * xs)
    np.testing.assert_allclose(gx, hand_x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gy, hand_y, rtol=1e-12, atol=1e-12)


def test_no_power_of_a_float_array_is_left_to_numpy_pow():
    # what makes ∇ of Rosenbrock fast: x³ is not np.power (the C library's pow per element)
    source = inspect.getsource(compile_numpy(400 * x**3 - 400 * x * y + 2 * x - 2, [x, y]))
    assert "**3" not in source and "(_a0*_a0*_a0)" in source
    source = inspect.getsource(compile_numpy(1 / (x + y) ** 5, [x, y]))
    assert "**" not in source and "integer_power(_a0 + _a1, -5)" in source


@pytest.mark.parametrize("n", POWERS)
def test_edges_of_the_float_range_match_numpy_power(n):
    # results that are 0, ±∞, NaN or normal floats (not the subnormal range, where
    # products round differently from pow)
    edges = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 1e200, -1e200, 1e-200,
                      -1e-200, 2.0, -0.5])  # fmt: skip
    with np.errstate(all="ignore"):
        got, numpy_power = integer_power(edges, n), np.power(edges, float(n))
    np.testing.assert_array_equal(got, numpy_power)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(numpy_power))


def test_integer_arrays_and_python_numbers_keep_their_meaning():
    np.testing.assert_array_equal(integer_power(np.array([2, -3]), 3), [8, -27])
    np.testing.assert_allclose(integer_power(np.array([2, -4]), -2), [0.25, 0.0625], rtol=0)
    assert integer_power(3, 4) == 81 and integer_power(2.0, -2) == 0.25
    with pytest.raises(ZeroDivisionError):  # as 0 ** -2.0, which lambdify wrote before
        integer_power(0, -2)
