"""Plain text as written by hand: the superscripts, subscripts and minus signs shown."""

import pytest

from engine.notation import handwritten, subscript, superscript


@pytest.mark.parametrize(("value", "raised"), [(2, "²"), (-6, "⁻⁶"), ("10", "¹⁰"), (0, "⁰")])
def test_superscript(value, raised):
    assert superscript(value) == raised


def test_subscript_keeps_a_separating_comma():
    assert subscript("12,3") == "₁₂,₃" and subscript(7) == "₇"


@pytest.mark.parametrize(("plain", "written"), [
    ("-x^4·sin(x) + 4x^3·cos(x) - 2sin(x)", "−x⁴·sin(x) + 4x³·cos(x) − 2sin(x)"),
    ("x^3 - 3x·y^2", "x³ − 3x·y²"), ("(-1)^n", "(−1)^n"), ("2^(1/2)", "2^(1/2)"),
    ("x^10 + 1", "x¹⁰ + 1"), ("f = -x", "f = −x"),
])
def test_handwritten(plain, written):
    assert handwritten(plain) == written
