"""The worked examples and starting values of the Derivatives tab.

The formulas are the notes' own examples (power rule x⁵, product rule
(x⁴+2)·cos x) and the activation curves they draw with a slider: the logistic
curve g(h) = 1/(1 + e^(−βh)) and tanh(θh), both with the slider running −1…25
and starting at 5, as in the notes' ``@interact(beta=(-1, 25))``.
"""

from __future__ import annotations

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
#: Range of the Δx slider (log scale): small enough to watch Δy/Δx settle.
DX_RANGE = (1e-4, 2.0)

#: Limits of the range boxes: wide enough for any lesson, small enough that
#: 2,000 samples still resolve the curve and float64 keeps its digits.
X_LIMIT = 1e4
MIN_X_SPAN = 1e-6
