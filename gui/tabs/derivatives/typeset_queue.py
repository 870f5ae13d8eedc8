"""Typeset formulas one per event-loop turn, so a long derivation never freezes the tab.

matplotlib's mathtext takes 30–120 ms per formula; a derivation can have a dozen.
Rendering them one at a time from a zero-delay timer lets input and painting
run in between.
"""

from __future__ import annotations

from collections import deque

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from gui.widgets.math_label import MathLabel


class TypesetQueue(QObject):
    """``add(label, latex)``; ``drained()`` fires when every queued label is typeset."""

    drained = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: deque[tuple[MathLabel, str, str | None]] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_one)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def add(self, label: MathLabel, latex: str, fallback: str | None = None) -> None:
        """Typeset ``latex`` into ``label`` soon (plain ``fallback`` if mathtext refuses it)."""
        self._pending.append((label, latex, fallback))
        self._timer.start()

    def clear(self) -> None:
        self._pending.clear()
        self._timer.stop()

    def _render_one(self) -> None:
        if self._pending:
            label, latex, fallback = self._pending.popleft()
            if shiboken6.isValid(label):  # its row may have been replaced meanwhile
                label.set_latex(latex, fallback)
        if self._pending:
            self._timer.start()
        else:
            self.drained.emit()
