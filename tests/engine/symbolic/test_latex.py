"""The LaTeX the app typesets: unambiguous names, and every string mathtext can render."""

import pytest

from engine.symbolic.calculus import derivation_steps, derivative
from engine.symbolic.expressions import parse
from gui.mathtext import png_bytes

FORMULAS = (
    "relu(x)", "relu(x)^2", "sigmoid(x)", "sigmoid(2x)^3", "abs(x)", "(x^4+2)cos(x)",
    "x^5", "1/(1+e^(-beta x))", "tanh(theta x)", "ln(x)/x", "sqrt(x^2+1)", "e^(sin x)",
    "a x^2 + b x + c", "tan(x)^2", "x abs(x)",
)


def _typesets(latex: str) -> bool:
    png_bytes(latex)  # as the GUI typesets it (a cases environment included)
    return True


@pytest.mark.parametrize("text", FORMULAS)
def test_every_formula_derivative_and_step_typesets(text):
    f = parse(text)
    strings = [f.latex, derivative(f).latex, derivative(f, order=2).latex]
    for step in derivation_steps(f):
        strings += [step.before_latex, step.after_latex]
    assert all(_typesets(s) for s in strings)


def test_the_unit_step_is_h_not_theta():
    # θ is a parameter name in the app (tanh(θx)); the step must not look like it.
    assert derivative(parse("relu(x)")).latex == r"H\left(x\right)"


def test_powers_of_sigmoid_and_relu_print():
    assert parse("sigmoid(x)^2").latex == r"\sigma^{2}\left(x\right)"
    assert parse("relu(x)^3").latex == r"\mathrm{relu}^{3}\left(x\right)"


def test_the_product_rule_result_reads_as_in_the_notes():
    steps = derivation_steps(parse("(x^4+2)cos(x)"))
    assert steps[-1].after_latex == (
        r"4 x^{3} \cos{\left(x \right)} - x^{4} \sin{\left(x \right)}"
        r" - 2 \sin{\left(x \right)}"
    )
    assert sum(steps[-1].after_terms) == derivative(parse("(x^4+2)cos(x)")).sympy
