"""The window's look (theme, font, projector mode), carried to a recorder process.

A recording is drawn in another process (:mod:`gui.record.child`), which has
its own QApplication: it is given the parent's scheme, application font and
projector flag so its frames look like the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from gui import theme


@dataclass(frozen=True)
class Look:
    scheme: theme.Scheme
    font: str  # QFont.toString()
    projector: bool


def current_look() -> Look:
    """The running application's look."""
    from PySide6.QtWidgets import QApplication

    from gui.appearance import appearance

    return Look(theme.scheme(), QApplication.font().toString(), appearance().projector)


def apply_look(look: Look) -> None:
    """Make this process's application look like ``look`` (after ``create_application``)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from gui import mathtext
    from gui.appearance import PROJECTOR_SCALE, appearance, palette_for

    app = QApplication.instance()
    appearance().set_projector(look.projector)  # line widths; the font is set next
    font = QFont()
    font.fromString(look.font)
    app.setFont(font)
    theme.set_scheme(look.scheme)
    theme.configure_pyqtgraph()
    app.setPalette(palette_for(look.scheme))
    mathtext.set_style(mathtext.Style(look.scheme.foreground, 1.0,
                                      PROJECTOR_SCALE if look.projector else 1.0))
