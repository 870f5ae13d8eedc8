"""The worked examples and starting values of the Derivatives tab.

The formulas are the notes' own examples (power rule x⁵, product rule
(x⁴+2)·cos x) and the activation curves they draw with a slider: the logistic
curve g(h) = 1/(1 + e^(−βh)) and tanh(θh), both with the slider running −1…25
and starting at 5, as in the notes' ``@interact(beta=(-1, 25))``.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.expression_tokens import GREEK_NAMES

PRESETS: tuple[tuple[str, str], ...] = (
    ("x⁵  (power rule)", "x^5"),
    ("(x⁴+2)·cos x  (product rule)", "(x^4+2)cos(x)"),
    ("x³ − 3x", "x^3 - 3x"),
    ("sin x", "sin(x)"),
    ("eˣ", "e^x"),
    ("ln x", "ln(x)"),
    ("|x|", "abs(x)"),
    ("logistic 1/(1+e^(−βx))", "1/(1+e^(-beta x))"),
    ("tanh(θx)", "tanh(theta x)"),
    ("ReLU", "relu(x)"),
)

DEFAULT_FORMULA = "(x^4+2)cos(x)"
DEFAULT_X_RANGE = (-3.0, 3.0)
DEFAULT_X0 = 1.0
DEFAULT_DX = 1.0

#: Limits of the range boxes: wide enough for any lesson, small enough that
#: 2,000 samples still resolve the curve and float64 keeps its digits.
X_LIMIT = 1e4
MIN_X_SPAN = 1e-6


@dataclass(frozen=True)
class ParameterRange:
    """Where a parameter's slider runs and where it starts."""

    low: float
    high: float
    start: float
    step: float = 0.1


_NOTES_RANGE = ParameterRange(-1.0, 25.0, 5.0)
_RANGES = {"β": _NOTES_RANGE, "θ": _NOTES_RANGE}
_DEFAULT_RANGE = ParameterRange(-5.0, 5.0, 1.0)

_LATIN_OF = {greek: latin for latin, greek in GREEK_NAMES.items()}


def parameter_range(name: str) -> ParameterRange:
    """The slider range for parameter ``name`` (β and θ as in the notes)."""
    return _RANGES.get(name, _DEFAULT_RANGE)


def ascii_name(name: str) -> str:
    """``β`` → ``beta``: parameter names as they appear in objectNames."""
    return _LATIN_OF.get(name, name)
