"""derivation_steps(): named rules in reading order, ending in derivative()'s result."""

import pytest
import sympy

from engine.symbolic.derivation_steps import MAX_STEPS, derivation_steps
from engine.symbolic.expressions import parse, symbol
from engine.symbolic.symbolic_derivative import derivative

x, y = symbol("x"), symbol("y")


def test_power_rule_is_a_single_step() -> None:
    (step,) = derivation_steps(parse("x^5"))
    assert step.rule == "power rule"
    assert (step.before, step.after) == (x**5, 5 * x**4)
    assert step.after_latex == "5 x^{4}"
    assert "n·xⁿ⁻¹" in step.explanation


def test_product_rule_reads_as_the_notes() -> None:
    steps = derivation_steps(parse("(x^4+2)cos x"))
    first, last = steps[0], steps[-1]
    assert first.rule == "product rule"
    assert "f = x^4 + 2" in first.explanation and "g = cos(x)" in first.explanation
    # f′g + fg′ = 4x³·cos x + (x⁴ + 2)·(−sin x), before expanding
    assert first.after == 4 * x**3 * sympy.cos(x) + (x**4 + 2) * (-sympy.sin(x))
    assert {"sum rule", "power rule", "constant rule", "trig rule"} <= {s.rule for s in steps}
    assert last.rule == "simplify"
    assert last.after == 4 * x**3 * sympy.cos(x) - x**4 * sympy.sin(x) - 2 * sympy.sin(x)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("(x^2+1)/(x-3)", "quotient rule"),
        ("sin(x^2)", "chain rule"),
        ("3x^2", "constant multiple rule"),
        ("e^x", "exponential rule"),
        ("2^x", "exponential rule"),
        ("ln x", "log rule"),
        ("cosh x", "hyperbolic rule"),
        ("atan x", "inverse trig rule"),
        ("abs(x)", "absolute value rule"),
        ("sigmoid(x)", "sigmoid rule"),
        ("relu(x)", "relu rule"),
        ("x^x", "logarithmic differentiation"),
        ("x + 1", "sum rule"),
        ("7", "constant rule"),
    ],
)
def test_each_rule_is_named(text: str, rule: str) -> None:
    steps = derivation_steps(parse(text))
    assert steps[0].rule == rule


TEXTS = [
    "x^5", "(x^4+2)cos x", "(x^2+1)/(x-3)", "sin(x^2) e^(3x)", "1/(1+e^(-βx))",
    "x^x", "sqrt(1+x^2)/x", "tan(x) sec(x)", "σ(2x) relu(x-1)", "a x^3 + b x",
    "ln(sin x)", "acos(x/2) asin(x/3)", "csc x cot x", "x^2 abs(x)", "2^(x^2)",
]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_steps_end_in_the_derivative_and_each_step_is_right(text: str) -> None:
    expr = parse(text)
    steps = derivation_steps(expr)
    assert steps[-1].after == derivative(expr).sympy
    for step in steps[:-1]:
        # every step is a true statement d/dx before = after (checked by SymPy's diff)
        difference = (sympy.diff(step.before, x) - step.after).rewrite(sympy.exp)
        assert sympy.simplify(difference) == 0, step
    closing = steps[-1]
    if closing.rule == "simplify":
        assert sympy.simplify((closing.before - closing.after).rewrite(sympy.exp)) == 0
    else:
        assert sympy.simplify(sympy.diff(closing.before, x) - closing.after) == 0


def test_partial_derivative_holds_other_variable_constant() -> None:
    steps = derivation_steps(parse("x^4 y", ("x", "y")), "x")
    assert steps[0].rule == "constant multiple rule"
    assert steps[-1].after == 4 * x**3 * y
    steps_y = derivation_steps(parse("x^4 y", ("x", "y")), "y")
    assert steps_y[-1].after == x**4


def test_long_expressions_are_capped() -> None:
    text = " + ".join(f"sin({k}x^{k})" for k in range(2, 30))
    steps = derivation_steps(parse(text))
    assert len(steps) <= MAX_STEPS
    assert steps[-1].after == derivative(parse(text)).sympy
