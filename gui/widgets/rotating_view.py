"""A pyqtgraph view box whose left-drag turns a 3-D picture instead of panning it."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal


class RotatingViewBox(pg.ViewBox):
    """Left-drag emits ``rotated(dx, dy)`` in pixels; panning and wheel zoom are off."""

    rotated = Signal(float, float)

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setAspectLocked(True, ratio=1.0)
        self.setMouseEnabled(x=False, y=False)

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        step = ev.pos() - ev.lastPos()
        self.rotated.emit(step.x(), step.y())
