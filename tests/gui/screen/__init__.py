"""What a person sees (tests/gui/screen): the helpers other GUI tests import, and the
screen-level tests themselves (first start, label clipping, the tour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def stray_windows(*expected: QWidget) -> list[str]:
    """Visible top-level widgets other than ``expected`` (tooltips and popups excluded)."""
    transient = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
    return [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w not in expected
        and w.windowType() not in transient
    ]


def shows_text(label: QLabel) -> bool:
    """The label is on screen with a real size (not collapsed to 0 px)."""
    return label.isVisible() and label.width() > 4 and label.height() > 4
