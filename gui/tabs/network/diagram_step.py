"""One walkthrough step drawn over the network diagram: lit units and links, with values.

The step (engine.network.walkthrough.Step) says which layer of units and
which layer of links it lights up and their values; this module only turns
them into highlight strokes and labels.  Labels are written when the layer
is small enough to read them (``MAX_UNIT_LABELS``, ``MAX_LINK_LABELS``);
a wide layer is lit without numbers (the formula panel has them).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from engine.network.walkthrough import Step
from gui import themed
from gui.tabs.network.notation import number, sub, sup
from gui.theme import PURPLE

MAX_UNIT_LABELS = 12
MAX_LINK_LABELS = 16
LINK_LABEL_AT = (0.22, 0.42)  # along a link from a^{m−1}_j, first to last i: a fan's labels
DIGITS = 4  # as the formulas show them
HIGHLIGHT = QColor(PURPLE)  # apart from both signs' colours (blue, orange)


def _number(value: float) -> str:
    return number(float(value) + 0.0, DIGITS)  # + 0.0: no "−0" for a product that is −0.0


def unit_label(step: Step, i: int) -> str:
    """The text next to unit i of the lit layer: 'z¹₂ = 0.5', or before → after."""
    name = f"{step.unit_symbol}{sup(step.unit_layer)}{sub(i + 1)}"
    if step.units_before is not None:
        return f"{name}: {_number(step.units_before[i])} → {_number(step.units[i])}"
    return f"{name} = {_number(step.units[i])}"


def link_label(step: Step, i: int, j: int) -> str:
    """The text on link ij of the lit layer of links."""
    if step.links_before is not None:
        return f"{_number(step.links_before[i, j])} → {_number(step.links[i, j])}"
    return _number(step.links[i, j])


def paint_step(painter: QPainter, step: Step, nodes: list[np.ndarray],
               node_sizes: list[float], metrics: QFontMetrics) -> list[str]:
    """Light up ``step``'s links and units at ``nodes`` (per layer: n × 2 centres).

    Returns the label texts painted, in order (what the user reads on the diagram).
    """
    painted: list[str] = []
    m = step.link_layer
    if m is not None and step.links is not None and 0 < m < len(nodes):
        start, end = nodes[m - 1], nodes[m]
        if step.links.shape == (len(end), len(start)):
            painter.setPen(QPen(HIGHLIGHT, 2.5))
            for i in range(len(end)):
                for j in range(len(start)):
                    painter.drawLine(QLineF(QPointF(*start[j]), QPointF(*end[i])))
            if step.links.size <= MAX_LINK_LABELS:
                first, last = LINK_LABEL_AT
                for i in range(len(end)):
                    t = first + (last - first) * i / max(1, len(end) - 1)
                    for j in range(len(start)):
                        at = start[j] + t * (end[i] - start[j])
                        painted.append(_boxed(painter, metrics, QPointF(*at),
                                              link_label(step, i, j)))
    layer = step.unit_layer
    if 0 <= layer < len(nodes) and len(nodes[layer]) == step.units.size:
        s = node_sizes[layer]
        painter.setPen(QPen(HIGHLIGHT, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for x, y in nodes[layer].tolist():
            painter.drawRect(QRectF(x - s / 2 - 3, y - s / 2 - 3, s + 6, s + 6))
        if step.units.size <= MAX_UNIT_LABELS:
            for i, (x, y) in enumerate(nodes[layer].tolist()):
                text = unit_label(step, i)
                # the label sits above the unit, clear of the links on either side
                painted.append(_boxed(painter, metrics, QPointF(x, y - s / 2 - 14), text))
    return painted


def _boxed(painter: QPainter, metrics: QFontMetrics, centre: QPointF, text: str) -> str:
    """``text`` centred at ``centre`` on a background box, highlighted rim (readable over links)."""
    width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
    rect = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
    painter.setPen(QPen(HIGHLIGHT, 1))
    painter.setBrush(QColor(themed.background()))
    painter.drawRect(rect)
    painter.setPen(QColor(themed.foreground()))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return text
