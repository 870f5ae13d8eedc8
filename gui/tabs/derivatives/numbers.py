"""Numbers as the tab writes them: true minus signs, no "−0", x₀ as its field shows it.

Qt-free, so the readouts and the tab's model use the same spelling as the tables.
"""

from __future__ import annotations

import math

#: Decimals of the x₀ field; x₀ is kept at this precision so the field, the
#: plot's label and the sentences all show the value in use.
X0_DECIMALS = 3


def number(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits, "undefined" for NaN, ±∞, never "−0"."""
    if math.isnan(value):
        return "undefined"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    if float(text) == 0.0:  # −0.0, or a tiny negative rounded away: zero has no sign
        return "0"
    return text.replace("-", "−")


def x0_value(x0: float) -> float:
    """x₀ rounded to the precision its field shows (the value the tab then uses)."""
    return round(float(x0), X0_DECIMALS) + 0.0  # + 0.0 turns −0.0 into 0.0


def x0_text(x0: float) -> str:
    """x₀ exactly as the field shows it, without trailing zeros: 1.495, −2, 0."""
    return number(x0_value(x0), 15)


def shifted_x(x0: float) -> str:
    """x − x₀ written as a reader would: "x" at 0, "(x − 1.5)", "(x + 1.495)"."""
    x0 = x0_value(x0)
    if x0 == 0:
        return "x"
    return f"(x − {x0_text(x0)})" if x0 > 0 else f"(x + {x0_text(-x0)})"
