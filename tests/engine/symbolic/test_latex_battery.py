"""Every LaTeX string the engine hands the GUI for the calculus battery typesets with
matplotlib's mathtext (as gui/mathtext.py does), with H(u) for the unit step."""

import pytest

from engine.symbolic.calculus import TooComplexError, derivation_steps, derivative
from engine.symbolic.expressions import parse
from gui.mathtext import png_bytes
from tests.engine.symbolic.test_calculus import BATTERY

# mathtext's own parser recurses per level: 30 nested sin( … ) exceed Python's limit,
# which gui/mathtext.py reports as "cannot typeset" (the GUI then shows plain text)
TEXTS = [text for text, _ in BATTERY] + [
    "relu(x)^2", "sigmoid(x)^3", "abs(x)", "x abs(x)", "asin(x) acos(x)", "atan(1/x)",
    "tanh(θ x)", "1/(1+e^(-β x))", "ln(-x^2-1)", "e^(e^(e^x))", "tan(1/x)", "(x+1)^200",
    "sin(cos(tan(x^7 e^x ln(x))))^5/(1+x^2)^3", "relu(sigmoid(x))", "abs(relu(x) - 1)",
]  # fmt: skip


def _strings(text: str) -> list[str]:
    f = parse(text)
    strings = [f.latex]
    try:
        strings += [derivative(f).latex, derivative(f, "x", 2).latex]
        for step in derivation_steps(f):
            strings += [step.before_latex, step.after_latex]
    except TooComplexError:
        pass  # the GUI shows the refusal's message instead
    return strings


@pytest.mark.parametrize("text", TEXTS)
def test_latex_renders_with_mathtext(text: str) -> None:
    for latex in _strings(text):
        assert "**" not in latex and r"\theta" not in latex.replace("θ", "")
        png_bytes(latex)  # as the GUI typesets it (a cases environment included)


def test_the_step_function_and_its_derivative_are_named_h_and_delta() -> None:
    second = derivative(parse("relu(x)"), "x", 2).latex
    assert second.startswith(r"\delta") and "θ" not in second
    # d/dx relu(θx) = θ·H(θx): θ appears only where the parameter does
    step = derivative(parse("relu(θ x)")).latex
    assert step.count("θ") == 2 and "H" in step and r"\theta" not in step
