"""Typeset formulas for the interface: pixmaps of matplotlib's mathtext pictures.

The typesetting itself (PNG bytes, the current :class:`Style`, piecewise layouts) is
``gui.mathtext_png``, which is Qt-free so helper processes can run it
(``gui.widgets.typeset_queue``); this module turns its pictures into pixmaps.
"""

from __future__ import annotations

from PySide6.QtGui import QPixmap

from gui.mathtext_png import (
    DEFAULT_FONT_SIZE,
    Style,
    current_style,
    png_bytes,
    set_style,
    split_cases,
)

__all__ = ["DEFAULT_FONT_SIZE", "Style", "current_style", "pixmap", "png_bytes", "render",
           "set_style", "split_cases"]


def pixmap(data: bytes) -> QPixmap:
    """A pixmap from :func:`png_bytes`' output, at the current device-pixel ratio."""
    result = QPixmap()
    result.loadFromData(data, "PNG")
    result.setDevicePixelRatio(current_style().device_pixel_ratio)
    return result


def render(latex: str, font_size: int = DEFAULT_FONT_SIZE) -> QPixmap:
    """A pixmap of ``latex`` (without the surrounding dollars), rendered here and now.

    Raises ``ValueError`` when mathtext cannot parse the string, so callers can
    fall back to plain text.  For many formulas use ``gui.widgets.typeset_queue``,
    which renders off the GUI thread.
    """
    return pixmap(png_bytes(latex, font_size))
