"""Run something once a widget has painted: work that must not delay a first picture.

A tab built but never shown (a session opened on another tab, a test) paints
nothing: after :data:`UNPAINTED_MS` without a paint the work starts anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

UNPAINTED_MS = 1000


class _AfterPaint(QObject):
    def __init__(self, target: QWidget, then: Callable[[], object]) -> None:
        super().__init__(target)
        self._target, self._then = target, then
        self._done = False
        target.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self, self._run)  # after this paint, not inside it
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._target.removeEventFilter(self)
        self.deleteLater()
        self._then()


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call ``then`` (on the GUI thread) right after ``widget`` next paints (a plot view
    paints through its viewport), or after :data:`UNPAINTED_MS` if it does not."""
    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    _AfterPaint(target, then)
