"""How typed formulas are read (issue 13): one table per reading rule, each checked
against a SymPy expression built by hand, and numerically against NumPy."""

import numpy as np
import pytest
import sympy

from engine.symbolic.expression_functions import sigmoid
from engine.symbolic.expressions import ExpressionError, latex, parse, plain_text, symbol

x, y = symbol("x"), symbol("y")
β, ω = symbol("β"), symbol("ω")
XS = np.array([-2.5, -0.7, 0.3, 1.1, 2.9])


def same(text: str, expected: sympy.Expr, variables: tuple[str, ...] = ("x",)) -> None:
    """``text`` reads as ``expected``: symbolically, and at several points."""
    got = parse(text, variables).sympy
    assert sympy.simplify(got - expected) == 0, (text, got)


FUNCTION_TAKES_THE_PRODUCT = [
    ("sin πx", sympy.sin(sympy.pi * x)),
    ("sin 2πx", sympy.sin(2 * sympy.pi * x)),
    ("sin pi x", sympy.sin(sympy.pi * x)),
    ("cos ωx", sympy.cos(ω * x)),
    ("sin βx", sympy.sin(β * x)),
    ("tanh βx", sympy.tanh(β * x)),
    ("sigmoid βx", sigmoid(β * x)),
    ("σ 2x", sigmoid(2 * x)),
    ("sin 2(x+1)", sympy.sin(2 * (x + 1))),
    ("sin x cos x", sympy.sin(x) * sympy.cos(x)),  # a function ends the product
    ("x sin x", x * sympy.sin(x)),
    ("sin -x", sympy.sin(-x)),
    ("cos sin 2x", sympy.cos(sympy.sin(2 * x))),
    ("sin x + 1", sympy.sin(x) + 1),
]


@pytest.mark.parametrize(("text", "expected"), FUNCTION_TAKES_THE_PRODUCT)
def test_a_function_takes_the_implicit_product_after_it(text, expected):
    same(text, expected)


SPELLING_INDEPENDENT = [
    (("sin x^(2)", "sin x^2", "sin x²", "sin(x^2)"), sympy.sin(x**2)),
    (("ln x^(3)", "ln x^3", "ln x³"), sympy.log(x**3)),
    (("tan x^-1", "tan x⁻¹", "tan x^(-1)", "tan(1/x)"), sympy.tan(1 / x)),
    (("sin^2 x", "sin²x", "sin^2(x)", "(sin x)^2", "sin(x)^2"), sympy.sin(x) ** 2),
]


@pytest.mark.parametrize(("spellings", "expected"), SPELLING_INDEPENDENT)
def test_the_reading_does_not_depend_on_the_spelling(spellings, expected):
    for text in spellings:
        same(text, expected)


SIGNED_EXPONENTS = [
    ("e^-2x", sympy.exp(-2 * x)),
    ("e^-βx", sympy.exp(-β * x)),
    ("e^-x^2", sympy.exp(-(x**2))),
    ("e^{-x}", sympy.exp(-x)),
    ("1/(1+e^-βx)", 1 / (1 + sympy.exp(-β * x))),
    ("2^-x + 1", 2 ** (-x) + 1),
]


@pytest.mark.parametrize(("text", "expected"), SIGNED_EXPONENTS)
def test_a_signed_exponent_takes_the_implicit_product_after_the_sign(text, expected):
    same(text, expected)
    assert parse(text).hints == ()


def test_the_logistic_typed_naturally_is_the_logistic():
    f = parse("1/(1+e^-βx)")
    np.testing.assert_allclose(f(XS, β=3.0), 1 / (1 + np.exp(-3.0 * XS)))


# (typed, reading, variables, what the hint tells to type for the other reading, other)
AMBIGUOUS = [
    ("e^2x", sympy.exp(2) * x, ("x",), "e^(2x)", sympy.exp(2 * x)),
    ("x^2x", x**3, ("x",), "x^(2x)", x ** (2 * x)),
    ("2^3x", 8 * x, ("x",), "2^(3x)", 2 ** (3 * x)),
    ("1/2x", x / 2, ("x",), "1/(2x)", 1 / (2 * x)),
    ("sin x y", sympy.sin(x * y), ("x", "y"), "sin(x)·y", sympy.sin(x) * y),
    ("ln x/2", sympy.log(x) / 2, ("x",), "ln(x/2)", sympy.log(x / 2)),
    ("√2x", sympy.sqrt(2 * x), ("x",), "√(2)·x", sympy.sqrt(2) * x),
    ("2^-1 x", 2 ** (-x), ("x",), "2^(-1)·x", x / 2),
    ("e^-x y", sympy.exp(-x * y), ("x", "y"), "e^(-x)·y", sympy.exp(-x) * y),
]


@pytest.mark.parametrize(("text", "reading", "variables", "typed", "other"), AMBIGUOUS)
def test_an_ambiguous_form_has_one_reading_and_a_hint_to_the_other(
        text, reading, variables, typed, other):
    expression = parse(text, variables)
    same(text, reading, variables)
    assert len(expression.hints) == 1
    hint = expression.hints[0]
    assert hint.startswith("read as ") and f"type {typed} for the other reading" in hint
    # typing what the hint says gives the other reading, without a hint
    assert parse(typed, variables).hints == ()
    same(typed, other, variables)


@pytest.mark.parametrize("text", [
    "sin 2x", "sin πx", "sin βx", "x^2", "x^2 + 1", "e^x", "e^-2x", "2x y", "(x+1)/2",
    "x/2", "sin x^2", "sin(x)y", "cos x sin x", "x^2 y", "1/(2x)", "√x", "√(2x)",
])
def test_no_hint_without_ambiguity(text):
    assert parse(text, ("x", "y")).hints == ()


ACCEPTED = [
    ("|x|", np.abs),
    ("ln|x|", lambda v: np.log(np.abs(v))),
    ("|x - |x - 1||", lambda v: np.abs(v - np.abs(v - 1))),
    ("2|x|^2", lambda v: 2 * np.abs(v) ** 2),
    ("√x", np.sqrt),
    ("√(x+3)", lambda v: np.sqrt(v + 3)),
    ("e^{-x}", lambda v: np.exp(-v)),
    ("y = x^2", lambda v: v**2),
    ("f(x) = x^3 - x", lambda v: v**3 - v),
    ("log10(x)", np.log10),
    ("log2(x)", np.log2),
    ("floor(x)", np.floor),
    ("ceil(x)", np.ceil),
    ("sign(x)", np.sign),
    ("max(x, 0)", lambda v: np.maximum(v, 0)),
    ("min(x, 0.5, x^2)", lambda v: np.minimum(np.minimum(v, 0.5), v**2)),
    ("cbrt(x)", np.cbrt),
    ("∛x", np.cbrt),
    ("x^(1/3)", np.cbrt),
    ("x^(2/3)", lambda v: np.cbrt(v) ** 2),
    ("x^(-1/3)", lambda v: 1 / np.cbrt(v)),
    ("x^(1/5)", lambda v: np.sign(v) * np.abs(v) ** 0.2),
]


@pytest.mark.parametrize(("text", "reference"), ACCEPTED)
def test_what_people_type_is_accepted(text, reference):
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(parse(text)(XS), reference(XS), equal_nan=True)


def test_a_definition_of_two_variables_is_accepted():
    same("f(x, y) = x y", x * y, ("x", "y"))
    same("z = x^2 + y^2", x**2 + y**2, ("x", "y"))


def test_odd_roots_are_real_for_negative_numbers_in_sympy_and_numpy():
    for text in ("cbrt(x)", "x^(1/3)", "∛x"):
        f = parse(text)
        assert f.sympy.subs(x, -8) == -2
        assert float(f(-8.0)) == pytest.approx(-2.0)
    assert parse("(-8)^(1/3)").sympy == -2
    # (∛x)′ = 1/(3∛x²): 1/12 at −8, as a central difference says
    from engine.symbolic.calculus import derivative
    slope = float(derivative(parse("x^(1/3)"))(-8.0))
    h = 1e-6
    assert slope == pytest.approx((np.cbrt(-8 + h) - np.cbrt(-8 - h)) / (2 * h), rel=1e-6)
    assert slope == pytest.approx(1 / 12)


REFUSED = [
    ("sinx", "write sin x", 1),
    ("xsin(x)", "write x sin(…)", 1),
    ("2 + sin2x", "write sin 2x", 5),
    ("sin^-1 x", "asin(x) or 1/sin(x)", 4),
    ("sin⁻¹x", "asin(x) or 1/sin(x)", 4),
    ("x = 2", "'x' is a variable here", 1),
    ("x + 1 = 2", "'=' only after a name", 7),
    ("(x + 1}", "closed by '}'", 7),
    ("|x", "'|'", 1),
    ("(|x)|", "'|' is never closed", 4),
    ("foo(x)", "unknown function 'foo'", 1),
    ("x + qq", "unknown name 'qq'", 5),
]


@pytest.mark.parametrize(("text", "message", "column"), REFUSED)
def test_what_cannot_be_read_is_refused_with_its_column(text, message, column):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert message in str(info.value)
    assert info.value.column == column


@pytest.mark.parametrize("text", [
    "ln x", "log(x)", "|x|", "sign(x)", "relu(x)", "floor(x) + ceil(x)", "max(x, 0)",
    "cbrt(x)", "x^(2/3)", "log10(x)", "sigmoid(x)",
])
def test_printed_formulas_use_the_notes_names(text):
    expr = parse(text).sympy
    printed = latex(expr) + " " + plain_text(expr)
    for leak in ("log", "Heaviside", "DiracDelta", "operatorname{sign}", "real_root"):
        assert leak not in printed, (text, printed)


def test_ln_abs_and_sign_print_as_a_student_writes_them():
    assert plain_text(parse("ln|x|").sympy) == "ln(|x|)"
    assert latex(parse("ln x").sympy) == r"\ln\left(x\right)"
    assert plain_text(parse("sign(x)").sympy) == "sgn(x)"
    assert r"\mathrm{sgn}" in latex(parse("sign(x)").sympy)
    assert plain_text(parse("cbrt(x)").sympy) == "cbrt(x)"
    assert latex(parse("cbrt(x)").sympy) == r"\sqrt[3]{x}"
