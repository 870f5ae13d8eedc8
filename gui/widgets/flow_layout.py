"""A layout that lines its widgets up left to right and wraps them onto the next row when
the row is full, like words in a paragraph: a row of buttons that never scrolls sideways
or cuts a button off in a narrow column (a 1280-pixel screen's network tab)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

SPACING = 6


class FlowLayout(QLayout):
    """Items in reading order, wrapped to the width it is given (height for width)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one row."""
        shown = [item.sizeHint() for item in self._visible()]
        margins = self.contentsMargins()
        width = sum(s.width() for s in shown) + SPACING * max(0, len(shown) - 1)
        height = max((s.height() for s in shown), default=0)
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: one item a row."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items
                if item.widget() is None or not item.widget().isHidden()]

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items row by row inside ``rect`` (or only measure); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        row: list[tuple[QLayoutItem, QSize]] = []
        for item in self._visible():
            size = item.sizeHint()
            if row and x + size.width() > area.right() + 1:
                self._place(row, area.x(), y, row_height, move)
                x, y, row_height, row = area.x(), y + row_height + SPACING, 0, []
            row.append((item, size))
            x += size.width() + SPACING
            row_height = max(row_height, size.height())
        self._place(row, area.x(), y, row_height, move)
        return y + row_height - rect.y() + margins.bottom()

    @staticmethod
    def _place(row: list[tuple[QLayoutItem, QSize]], x: int, y: int, height: int,
               move: bool) -> None:
        """One row, each item centred in the row's height."""
        if not move:
            return
        for item, size in row:
            item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
            x += size.width() + SPACING
