"""Typeset formulas for the interface with matplotlib's mathtext.

The engine hands out LaTeX strings (SymPy's ``latex``); this module turns them
into pixmaps a QLabel can show, so no raw ``**`` ever reaches the screen.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PySide6.QtGui import QPixmap

DEFAULT_FONT_SIZE = 14


@lru_cache(maxsize=512)
def _png_bytes(latex: str, font_size: int, color: str) -> bytes:
    # Imported here: matplotlib costs start-up time and only formulas need it.
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buffer = io.BytesIO()
    mathtext.math_to_image(
        f"${latex}$", buffer, prop=FontProperties(size=font_size), dpi=110, format="png",
        color=color,
    )
    return buffer.getvalue()


def render(latex: str, font_size: int = DEFAULT_FONT_SIZE, color: str = "#202020") -> QPixmap:
    """A pixmap of ``latex`` (without the surrounding dollars).

    Raises ``ValueError`` when mathtext cannot parse the string, so callers can
    fall back to plain text.
    """
    pixmap = QPixmap()
    try:
        data = _png_bytes(latex, font_size, color)
    except Exception as exc:  # mathtext raises ValueError or ParseException
        raise ValueError(f"cannot typeset {latex!r}: {exc}") from exc
    pixmap.loadFromData(data, "PNG")
    return pixmap
