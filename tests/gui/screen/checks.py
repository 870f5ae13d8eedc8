"""What a person sees, checked the way a person would: stray windows, labels that are
cut off or laid out with no room, and pictures that do not fit."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-z]+;|&#\d+;")
ELLIPSIS = "…"
# A pixel of slack: font metrics round, and a label laid out to its size hint is exact.
SLACK_PX = 1


def visible_top_levels(besides: QWidget | None = None) -> list[QWidget]:
    """Visible top-level widgets other than ``besides`` (the main window)."""
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not besides]


def describe(widget: QWidget) -> str:
    """Where a widget is, by its object names up the tree, and what it says."""
    names = []
    node: QWidget | None = widget
    while node is not None:
        names.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    text = widget.text() if isinstance(widget, QLabel) else widget.windowTitle()
    return f"{'/'.join(reversed(names))} {text[:60]!r}"


def _is_rich(label: QLabel) -> bool:
    kind = label.textFormat()
    if kind == Qt.TextFormat.RichText:
        return True
    return kind == Qt.TextFormat.AutoText and bool(_TAG.search(label.text()))


def _text_size_needed(label: QLabel, width: int) -> tuple[int, int]:
    """(width, height) the label's text needs; for wrapped text, at ``width``."""
    text = label.text()
    if _is_rich(label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(width)
            return width, int(doc.size().height())
        return int(doc.idealWidth()), int(doc.size().height())
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        box = metrics.boundingRect(0, 0, max(width, 1), 100_000,
                                   int(Qt.TextFlag.TextWordWrap), text)
        return width, box.height()
    lines = text.split("\n")
    return (max(metrics.horizontalAdvance(line) for line in lines),
            metrics.height() * len(lines))


def label_problem(label: QLabel) -> str | None:
    """Why a visible label does not show all it holds, or None when it does."""
    rect = label.contentsRect()
    margin = label.margin()
    room_w, room_h = rect.width() - 2 * margin, rect.height() - 2 * margin
    indent = max(label.indent(), 0)
    pixmap = label.pixmap()
    if pixmap is not None and not pixmap.isNull():
        size = pixmap.deviceIndependentSize()
        if room_w <= 0 or room_h <= 0:
            return (f"holds a {size.width():.0f}×{size.height():.0f} picture but is "
                    f"{rect.width()}×{rect.height()}")
        if label.hasScaledContents():
            return None
        if size.width() > room_w + SLACK_PX or size.height() > room_h + SLACK_PX:
            return (f"picture {size.width():.0f}×{size.height():.0f} does not fit in "
                    f"{room_w}×{room_h}")
        return None
    text = label.text()
    if not text.strip():
        return None
    if room_w <= 0 or room_h <= 0:
        return f"holds text but is laid out {rect.width()}×{rect.height()}"
    if ELLIPSIS in text and label.toolTip() and label.toolTip() != text:
        return None  # elided on purpose, the full text one hover away
    need_w, need_h = _text_size_needed(label, room_w - indent)
    if need_w > room_w - indent + SLACK_PX:
        return f"text needs {need_w} px wide, has {room_w - indent}"
    if need_h > room_h + SLACK_PX:
        return f"text needs {need_h} px high, has {room_h}"
    return None


def clipped_labels(root: QWidget) -> list[str]:
    """Each visible label under ``root`` that is cut off or has no room, in words."""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible():
            continue
        problem = label_problem(label)
        if problem:
            found.append(f"{describe(label)}: {problem}")
    return found
