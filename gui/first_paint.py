"""Run something once a widget has painted: work that must not delay a first picture."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


class _AfterPaint(QObject):
    def __init__(self, target: QWidget, then: Callable[[], object]) -> None:
        super().__init__(target)
        self._target, self._then = target, then
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._target.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint, not inside it
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call ``then`` (on the GUI thread) right after ``widget`` next paints (a plot view
    paints through its viewport)."""
    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    _AfterPaint(target, then)
