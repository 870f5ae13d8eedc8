"""Sizes are bounded before SymPy computes (issue 14, items 1, 6, 7, 16): every hostile
formula is refused quickly with a message naming the limit, or read and usable."""

import time

import numpy as np
import pytest
import sympy

from engine.symbolic.compiled import compile_numpy
from engine.symbolic.expression_builder import MAX_TREE_DEPTH
from engine.symbolic.expressions import ExpressionError, latex, parse, plain_text, symbol

# Refused at once, not after a hang (these hung for minutes before): a bound
# generous enough for a loaded machine, far below any hang.
NO_HANG_S = 5.0

x = symbol("x")

REFUSED = [
    ("((x*1e100)^999)^999", ("x",), "coefficient too large (beyond 10^308"),
    ("((x×1e100)⁹⁹⁹)⁹⁹⁹", ("x",), "coefficient too large"),
    ("((y/1e100)^999)^100", ("x", "y"), "coefficient too small (below 10^-308"),
    ("((10x)^999)^999", ("x",), "coefficient too large"),
    ("2^3000", ("x",), "number too large (beyond 10^308"),
    ("x + 10^400", ("x",), "number too large"),
    ("pi^1000", ("x",), "number too large"),
    ("e^1000 x", ("x",), "number too large"),
    ("2^-3000", ("x",), "number too small"),
    ("10^10^10", ("x",), "number too large"),
    ("1e299*1e299 + x", ("x",), "number too large"),
    ("asin(1e100)", ("x",), "asin(…) is not a real number"),
    ("sqrt(-1) x", ("x",), "not a real number"),
    ("acos(2) + x", ("x",), "not a real number"),
    ("((x+1)^999)^999", ("x",), "exponent too large (at most 1000)"),
    ("(x^3 y^2)^400", ("x", "y"), "exponent too large"),
    ("x^(10^300)", ("x",), "exponent too large"),
]


@pytest.mark.parametrize(("text", "variables", "message"), REFUSED)
def test_a_formula_too_big_to_compute_is_refused_at_once(text, variables, message):
    started = time.perf_counter()
    with pytest.raises(ExpressionError) as info:
        parse(text, variables)
    assert time.perf_counter() - started < NO_HANG_S
    assert message in str(info.value)
    assert info.value.column is not None


def test_sin_of_a_huge_integer_is_the_true_value():
    # NumPy would see the float nearest 10³⁰⁰; SymPy's value is the true one
    f = parse("sin(10^300) + x")
    expected = float(sympy.N(sympy.sin(sympy.Integer(10) ** 300), 20))
    np.testing.assert_allclose(f(np.array([0.0, 1.0])), [expected, expected + 1])


def test_large_but_plottable_formulas_print_within_python_int_limits():
    for text in ("(10x)^300", "x^999 + 1e299", "(2x+1)^999"):
        f = parse(text)
        assert latex(f.sympy) and plain_text(f.sympy)
        assert np.isfinite(f(np.array([0.5]))).all() or text == "(10x)^300"


def test_compiled_code_takes_constants_beyond_a_float_as_infinity():
    # derivatives can build such constants (1e300·x^999 → 999e300·x^998)
    huge = sympy.Integer(10) ** 400
    with np.errstate(all="ignore"):
        assert compile_numpy(huge * x, [x])(np.array([1.0]))[0] == np.inf
        assert compile_numpy(sympy.pi**1000 * x, [x])(np.array([1.0]))[0] == np.inf


def test_a_flat_sum_of_many_terms_is_not_nested():
    terms = 240
    f = parse("+".join(["x"] * terms))
    assert f.sympy == terms * x
    product = parse("*".join(["x"] * 200))
    assert product.sympy == x**200


def test_real_nesting_is_refused_naming_the_limit():
    with pytest.raises(ExpressionError) as info:
        parse("sin " * 120 + "x")
    assert f"more than {MAX_TREE_DEPTH} levels" in str(info.value)


def test_constants_inside_functions_are_worked_out_to_full_precision():
    # σ(cos 10¹⁰⁰): cos of the float nearest 10¹⁰⁰ would be another number entirely
    cos_value = float(sympy.N(sympy.cos(sympy.Integer(10) ** 100), 30))
    expected = 1 / (1 + np.exp(-cos_value))
    f = parse("sigmoid(cos(1e100)) + 0x")
    assert float(f(np.zeros(1))[0]) == pytest.approx(expected, rel=1e-12)
    assert float(parse("sigmoid(cos(1e100))").sympy.evalf(20)) == pytest.approx(expected)


def test_prepare_prints_and_compiles_once_ahead_of_use():
    f = parse("sin(" * 29 + "x" + ")" * 29).prepare()
    assert {"latex", "plain", "_compiled"} <= set(vars(f))
    assert np.isfinite(f(np.array([0.3]))).all()
