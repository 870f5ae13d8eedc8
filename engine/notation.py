"""Plain text the way mathematics is written by hand: x³ − 3x·y², W²₁₂, 10⁻⁶.

One table of superscripts and subscripts for every label, title and message, and
:func:`handwritten` for a formula's plain text (``x^3 - 3x·y^2`` → ``x³ − 3x·y²``).
"""

from __future__ import annotations

import re

_SUPERSCRIPTS = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def superscript(value: int | str) -> str:
    """``value`` raised: 2 → ², -6 → ⁻⁶ (other characters are kept)."""
    return str(value).translate(_SUPERSCRIPTS)


def subscript(value: int | str) -> str:
    """``value`` lowered: 12 → ₁₂ (other characters, such as a comma, are kept)."""
    return str(value).translate(_SUBSCRIPTS)


def handwritten(plain: str) -> str:
    """A formula's plain text with integer powers raised and a true minus sign:
    ``-x^4·sin(x) + 4x^3 - 2`` → ``−x⁴·sin(x) + 4x³ − 2``."""
    text = plain.replace(" - ", " − ").replace("(-", "(−").replace("= -", "= −")
    text = re.sub(r"\^(\d+)", lambda m: superscript(m.group(1)), text)
    return "−" + text[1:] if text.startswith("-") else text
