"""An arrow on a pyqtgraph plot: a shaft you can drag, a head, and a label."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from gui import theme, themed

ROLE_COLORS = {
    "a": theme.BLUE,
    "b": theme.VERMILLION,
    "result": theme.GREEN,
    "result2": theme.PURPLE,
}
def role_color(role: str) -> str:
    """An arrow's colour by its role; the axes are drawn in the theme's text colour."""
    return themed.foreground() if role == "axis" else ROLE_COLORS.get(role, theme.GREY)


HEAD_LENGTH_PX = 16
SHAFT_WIDTH = 3
#: How close (pixels) a press must be to a shaft to grab it.
GRAB_WIDTH_PX = 14
#: Shorter on screen than this, an arrow is drawn without a head (its direction is moot).
MIN_HEAD_PIXELS = 1.0


class _Shaft(pg.PlotCurveItem):
    """The line of an arrow; dragging it reports how far the arrow should move."""

    dragged = Signal(str, float, float, str)  # key, dx, dy, "start" | "move" | "finish"

    def __init__(self) -> None:
        super().__init__()
        self.key: str | None = None
        self._dragging = False
        self.setClickable(True, width=GRAB_WIDTH_PX)

    def mouseDragEvent(self, ev) -> None:
        if self.key is None or ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            if not self.mouseShape().contains(ev.buttonDownPos()):
                ev.ignore()
                return
            self._dragging = True
        if not self._dragging:
            ev.ignore()
            return
        ev.accept()
        # Item coordinates are plot coordinates, so the difference is the translation.
        delta = ev.pos() - ev.buttonDownPos()
        phase = "start" if ev.isStart() else "finish" if ev.isFinish() else "move"
        if ev.isFinish():
            self._dragging = False
        self.dragged.emit(self.key, delta.x(), delta.y(), phase)


class ArrowGlyph(QObject):
    """Shaft, head and label of one arrow, added to ``plot`` and updated in place."""

    def __init__(self, plot: pg.PlotItem, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self.has_head = False
        self.shaft = _Shaft()
        self.head = pg.ArrowItem(headLen=HEAD_LENGTH_PX, tipAngle=32, tailLen=None,
                                 pen=None, brush=theme.GREY)
        self.label = pg.TextItem("", anchor=(0.5, 0.5))
        font = QFont()
        font.setPointSize(12)
        font.setBold(True)
        self.label.setFont(font)
        for item, z in ((self.shaft, 10), (self.head, 11), (self.label, 12)):
            item.setZValue(z)
            plot.addItem(item)

    @property
    def dragged(self):
        return self.shaft.dragged

    def show(self, tail: np.ndarray, vector: np.ndarray, role: str, label: str = "",
             dashed: bool = False, label_side: int = 1, label_gap: float = 0.35,
             draggable_key: str | None = None) -> None:
        """Draw the arrow from ``tail`` to ``tail + vector`` (plot coordinates)."""
        color = QColor(role_color(role))
        if dashed:
            color.setAlpha(150)
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        head = tail + vector
        self.shaft.key = draggable_key
        self.shaft.setData([tail[0], head[0]], [tail[1], head[1]])
        width = (2 if dashed else SHAFT_WIDTH) * themed.line_scale()
        self.shaft.setPen(pg.mkPen(color, width=width, style=style))
        # A zero vector (or one seen end-on in a projection) has no direction: no head,
        # rather than a head pointing anywhere, or left behind where the vector ended.
        self.has_head = self._pixels(vector) >= MIN_HEAD_PIXELS
        if self.has_head:
            # ArrowItem points left at angle 0 and turns clockwise on screen (y down).
            degrees = math.degrees(math.atan2(vector[1], vector[0]))
            self.head.setStyle(angle=180 - degrees, brush=color)
            self.head.setPos(head[0], head[1])
        self._place_label(tail, vector, label, color, label_side, label_gap)
        self.set_visible(True)

    def _pixels(self, vector: np.ndarray) -> float:
        """The vector's length on screen; its length in plot units before the view has a size."""
        px, py = self.plot.getViewBox().viewPixelSize()
        if px > 0 and py > 0 and math.isfinite(px) and math.isfinite(py):
            return float(np.hypot(vector[0] / px, vector[1] / py))
        return math.inf if np.any(vector) else 0.0

    def _place_label(self, tail, vector, text: str, color: QColor, side: int,
                     gap: float) -> None:
        self.label.setText(text, color=color)
        if not text:
            return
        length = float(np.hypot(*vector))
        normal = (np.array([-vector[1], vector[0]]) / length * side if length
                  else np.array([0.0, 1.0]))
        spot = tail + vector / 2 + gap * normal
        self.label.setPos(float(spot[0]), float(spot[1]))
        # Anchor the text box on the side facing the arrow, so long labels clear the shaft.
        self.label.setAnchor((0.5 - 0.5 * normal[0], 0.5 + 0.5 * normal[1]))

    def set_visible(self, visible: bool) -> None:
        self.shaft.setVisible(visible)
        self.head.setVisible(visible and self.has_head)
        self.label.setVisible(visible and bool(self.label.textItem.toPlainText()))
        if not visible:
            self.shaft.key = None
