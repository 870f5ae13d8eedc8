"""Names a screen reader can say: every control described, important news announced.

Controls get an accessible name (what they are: their own text, the label that
names them, or the first sentence of their tooltip) and an accessible
description (the tooltip), unless a view gave them better ones. Status lines
that matter (a refusal, a divergence, a finished run) are announced.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit)
#: What Tab may stop on: widgets worked from the keyboard that draw their own focus.
KEYBOARD_STOPS = (*CONTROLS, QAbstractItemView, QTabBar, QTextEdit, QPlainTextEdit, QGroupBox,
                  QLabel)
_MARKUP = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).replace("&", "").split())


def _first_sentence(text: str) -> str:
    plain = _plain(text)
    head = re.split(r"(?<=[.:;])\s", plain, maxsplit=1)[0]
    return head.rstrip(".:;")


def _buddies(root: QWidget) -> dict[QWidget, str]:
    named = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and _plain(label.text()):
            named[buddy] = _plain(label.text()).rstrip(":")
    return named


def accessible_name_for(control: QWidget, buddy_text: str = "") -> str:
    """What a screen reader should call ``control``."""
    own = _plain(control.text()) if isinstance(control, QAbstractButton) else ""
    for candidate in (own, buddy_text, _first_sentence(control.toolTip())):
        if candidate:
            return candidate
    return control.objectName().replace("_", " ")


def describe_controls(root: QWidget) -> int:
    """Give every control under ``root`` a name and description; returns how many changed."""
    buddies = _buddies(root)
    changed = 0
    for control in root.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or control.objectName().startswith("qt_"):
            continue
        if not control.accessibleName():
            control.setAccessibleName(accessible_name_for(control, buddies.get(control, "")))
            changed += 1
        if not control.accessibleDescription() and control.toolTip():
            control.setAccessibleDescription(_plain(control.toolTip()))
    return changed


def keyboard_path(root: QWidget) -> int:
    """Tab visits the controls under ``root`` and always moves on; returns how many changed.

    A table's cells are walked with the arrow keys, so Tab leaves it (it cycled through the
    cells for ever); a plot or scroll area does nothing from the keyboard and draws no focus,
    so Tab passes it by (a click still focuses it, for the mouse wheel).
    """
    changed = 0
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QAbstractItemView):
            if widget.tabKeyNavigation():
                widget.setTabKeyNavigation(False)
                changed += 1
        elif (not isinstance(widget, KEYBOARD_STOPS) and widget.focusProxy() is None
              and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            changed += 1
    return changed


def announce(widget: QWidget) -> None:
    """Tell assistive technology that ``widget``'s text changed and matters now."""
    widget.setAccessibleName(_plain(widget.text()) if isinstance(widget, QLabel) else "")
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
