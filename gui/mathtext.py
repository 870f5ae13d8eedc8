"""Typeset formulas for the interface with matplotlib's mathtext.

The engine hands out LaTeX strings (SymPy's ``latex``); this module turns them
into pixmaps a QLabel can show, so no raw ``**`` ever reaches the screen.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache

from PySide6.QtGui import QPixmap

DEFAULT_FONT_SIZE = 14
DEFAULT_COLOR = "#202020"

# matplotlib is not thread-safe: the typesetting thread and the GUI thread take turns.
_lock = threading.Lock()


@lru_cache(maxsize=512)
def png_bytes(latex: str, font_size: int = DEFAULT_FONT_SIZE, color: str = DEFAULT_COLOR) -> bytes:
    """PNG of ``latex`` typeset by mathtext; safe to call from any thread.

    Raises ``ValueError`` when mathtext cannot parse the string.
    """
    # Imported here: matplotlib costs start-up time and only formulas need it.
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buffer = io.BytesIO()
    try:
        with _lock:
            mathtext.math_to_image(f"${latex}$", buffer, prop=FontProperties(size=font_size),
                                   dpi=110, format="png", color=color)
    except Exception as exc:  # mathtext raises ValueError or ParseException
        raise ValueError(f"cannot typeset {latex!r}: {exc}") from exc
    return buffer.getvalue()


def pixmap(data: bytes) -> QPixmap:
    """A pixmap from :func:`png_bytes`' output (GUI thread only)."""
    result = QPixmap()
    result.loadFromData(data, "PNG")
    return result


def render(latex: str, font_size: int = DEFAULT_FONT_SIZE, color: str = DEFAULT_COLOR) -> QPixmap:
    """A pixmap of ``latex`` (without the surrounding dollars), rendered here and now.

    Raises ``ValueError`` when mathtext cannot parse the string, so callers can
    fall back to plain text.  For many formulas use ``gui.widgets.typeset_queue``,
    which renders off the GUI thread.
    """
    return pixmap(png_bytes(latex, font_size, color))
