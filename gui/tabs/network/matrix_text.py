"""Small matrices as bracketed monospace text: the inspector's a^m, z^m, δ^m, ∂C/∂W^m."""

from __future__ import annotations

import numpy as np

MAX_ROWS = 8
MAX_COLUMNS = 4


def _cell(value: float) -> str:
    # ASCII signs keep the monospace columns aligned (U+2212 is wider in some fonts)
    return f"{value:+.3e}" if value else f"{'0':>10}"


def matrix_text(values: np.ndarray) -> str:
    """``values`` (a column or a matrix) between ⎡ ⎤ brackets, cut to 8 × 4 with an ellipsis."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    rows, cols = values.shape
    shown = values[:MAX_ROWS, :MAX_COLUMNS]
    lines = ["  ".join(_cell(v) for v in row) + ("  …" if cols > MAX_COLUMNS else "")
             for row in shown]
    if rows > MAX_ROWS:
        lines.append(f"⋮ ({rows} rows)".center(len(lines[0])))
    if len(lines) == 1:
        return f"[ {lines[0]} ]"
    left = ["⎡", *["⎢"] * (len(lines) - 2), "⎣"]
    right = ["⎤", *["⎥"] * (len(lines) - 2), "⎦"]
    return "\n".join(f"{a} {line} {b}" for a, line, b in zip(left, lines, right, strict=True))
