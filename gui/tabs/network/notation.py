"""The notes' symbols as plain Unicode text: W¹₂₁, b²₁, a⁰, ∂C/∂W¹ (for tooltips and labels)."""

from __future__ import annotations

from engine.notation import subscript, superscript


def sup(value: int | str) -> str:
    return superscript(value)


def sub(*indices: int) -> str:
    """Subscripts of 1-based indices; commas only where a number has two digits."""
    text = ("," if any(i >= 10 for i in indices) else "").join(str(i) for i in indices)
    return subscript(text)


def weight_name(m: int, i: int, j: int, gradient: bool = False) -> str:
    """W^m_ij (or ∂C/∂W^m_ij) for 0-based unit indices i (layer m) and j (layer m−1)."""
    name = f"W{sup(m)}{sub(i + 1, j + 1)}"
    return f"∂C/∂{name}" if gradient else name


def bias_name(m: int, i: int, gradient: bool = False) -> str:
    name = f"b{sup(m)}{sub(i + 1)}"
    return f"∂C/∂{name}" if gradient else name


def number(value: float, digits: int = 4) -> str:
    """A value for people: 4 significant digits, a true minus sign."""
    return f"{value:.{digits}g}".replace("-", "−")
