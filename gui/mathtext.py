"""Typeset formulas for the interface with matplotlib's mathtext.

The engine hands out LaTeX strings (SymPy's ``latex``); this module turns them
into pixmaps a QLabel can show, so no raw ``**`` ever reaches the screen.
Pictures have a transparent background, the theme's text colour, and as many
pixels as the screen has per point (crisp at 200 %): :func:`set_style` is told
both by :mod:`gui.appearance` when the theme or the screen changes.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QPixmap

DEFAULT_FONT_SIZE = 14
BASE_DPI = 110  # the size formulas were designed at, on a 100 % screen


@dataclass(frozen=True)
class Style:
    """How formulas are drawn now: text colour and device pixels per logical pixel."""

    color: str = "#202020"
    device_pixel_ratio: float = 1.0
    font_scale: float = 1.0  # projector mode draws every formula larger


_style = Style()
# matplotlib is not thread-safe: the typesetting thread and the GUI thread take turns.
_lock = threading.Lock()


def set_style(style: Style) -> None:
    """Draw formulas from now on in ``style`` (labels re-typeset themselves)."""
    global _style
    _style = style


def current_style() -> Style:
    return _style


def png_bytes(latex: str, font_size: int = DEFAULT_FONT_SIZE) -> bytes:
    """PNG of ``latex`` typeset by mathtext in the current style; safe from any thread.

    Raises ``ValueError`` when mathtext cannot parse the string.
    """
    style = _style
    return _png(latex, font_size * style.font_scale, style.color, style.device_pixel_ratio)


@lru_cache(maxsize=1024)
def _png(latex: str, font_size: float, color: str, device_pixel_ratio: float) -> bytes:
    # Imported here: matplotlib costs start-up time and only formulas need it.
    from matplotlib import figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser

    text = f"${latex}$"
    prop = FontProperties(size=font_size)
    buffer = io.BytesIO()
    try:
        with _lock:
            width, height, depth, _, _ = MathTextParser("path").parse(text, dpi=72, prop=prop)
            picture = figure.Figure(figsize=(width / 72.0, height / 72.0))
            picture.text(0, depth / height, text, fontproperties=prop, color=color)
            picture.savefig(buffer, dpi=BASE_DPI * device_pixel_ratio, format="png",
                            transparent=True)
    except Exception as exc:  # mathtext raises ValueError or ParseException
        raise ValueError(f"cannot typeset {latex!r}: {exc}") from exc
    return buffer.getvalue()


def pixmap(data: bytes) -> QPixmap:
    """A pixmap from :func:`png_bytes`' output, at the current device-pixel ratio."""
    result = QPixmap()
    result.loadFromData(data, "PNG")
    result.setDevicePixelRatio(_style.device_pixel_ratio)
    return result


def render(latex: str, font_size: int = DEFAULT_FONT_SIZE) -> QPixmap:
    """A pixmap of ``latex`` (without the surrounding dollars), rendered here and now.

    Raises ``ValueError`` when mathtext cannot parse the string, so callers can
    fall back to plain text.  For many formulas use ``gui.widgets.typeset_queue``,
    which renders off the GUI thread.
    """
    return pixmap(png_bytes(latex, font_size))
