"""An editable table of vector components; typed text is handed on, never interpreted here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
)

from engine.vectors import format_number
from gui import theme
from gui.tabs.vectors.arrows import role_color

AXES = ("x", "y", "z")


@dataclass(frozen=True)
class TableRow:
    key: str
    name: str
    components: Sequence[float]
    extras: Sequence[str]
    editable: bool
    role: str


class _NameDelegate(QStyledItemDelegate):
    """Draws a vector's name unclipped: the standard delegate clips text to one line's
    height, which cuts the hat off b̂ (a combining accent above a tall letter)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        text, options.text = options.text, ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter,
                              options.widget)
        painter.save()
        painter.setFont(options.font)
        painter.setPen(options.palette.color(options.palette.ColorRole.Text)
                       if index.data(Qt.ItemDataRole.ForegroundRole) is None
                       else index.data(Qt.ItemDataRole.ForegroundRole).color())
        painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class VectorTable(QTableWidget):
    """Rows of vectors: name, components, then read-only extras (|v|, θ, tail, …).

    ``edited(key, index, text)`` is emitted when the user types into an editable
    component cell; the owner validates the text and calls :meth:`show_rows` again,
    which also puts back a refused value.
    """

    edited = Signal(str, int, str)

    def __init__(self, name: str, dims: int, extras: Sequence[str], tooltip: str) -> None:
        super().__init__(0, 1 + dims + len(extras))
        self.setObjectName(name)
        self.setToolTip(tooltip)
        self.dims = dims
        self.setHorizontalHeaderLabels(["Vector", *AXES[:dims], *extras])
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # set by _spread_columns
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegateForColumn(0, _NameDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # Tab leaves the table (to the next control) instead of cycling through its cells.
        self.setTabKeyNavigation(False)
        self._keys: list[str] = []
        self.itemChanged.connect(self._on_item_changed)

    def show_rows(self, rows: Sequence[TableRow]) -> None:
        """Fill the table (without reporting the fill as an edit)."""
        self.blockSignals(True)
        try:
            self.setRowCount(len(rows))
            self._keys = [row.key for row in rows]
            for r, row in enumerate(rows):
                name = QTableWidgetItem(row.name)
                name.setForeground(QColor(role_color(row.role)))
                font = name.font()
                font.setBold(True)
                name.setFont(font)
                self._put(r, 0, name, editable=False)
                for c, value in enumerate(row.components):
                    self._put(r, 1 + c, QTableWidgetItem(format_number(value)), row.editable)
                for c, text in enumerate(row.extras):
                    self._put(r, 1 + self.dims + c, QTableWidgetItem(text), editable=False)
        finally:
            self.blockSignals(False)
        self._spread_columns()
        # As tall as its rows, so the space below goes to notes rather than blank cells.
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        self.setFixedHeight(height + sum(self.rowHeight(r) for r in range(len(rows))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._spread_columns()

    def _spread_columns(self) -> None:
        """Each column as wide as its widest text ("undefined" included, never cut off),
        plus an equal share of the width left over."""
        header = self.horizontalHeader()
        needed = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
                  for c in range(self.columnCount())]
        spare = max(0, self.viewport().width() - sum(needed))
        share, rest = divmod(spare, max(1, len(needed)))
        for c, width in enumerate(needed):
            header.resizeSection(c, width + share + (1 if c < rest else 0))

    def _put(self, row: int, column: int, item: QTableWidgetItem, editable: bool) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
            item.setToolTip("Type a number and press Enter: the arrow moves.")
        else:
            item.setBackground(QColor(theme.scheme().window))  # read-only: the window colour
        item.setFlags(flags)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setItem(row, column, item)

    def edit_cell(self, key: str, index: int, text: str) -> None:
        """Type ``text`` into component ``index`` of ``key``'s row, as a user would."""
        self.item(self._keys.index(key), 1 + index).setText(text)

    def cell_text(self, key: str, column: int) -> str:
        return self.item(self._keys.index(key), column).text()

    def event(self, event: QEvent) -> bool:
        # A key typed onto an editable cell starts editing it (AnyKeyPressed), so it must not
        # be taken by a one-key shortcut of the window first (S steps, R resets: the first
        # letter of "sqrt(2)" was lost)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            item = self.currentItem()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if (plain and event.text().isprintable() and event.text().strip() and item is not None
                    and item.flags() & Qt.ItemFlag.ItemIsEditable):
                event.accept()
                return True
        return super().event(event)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        index = item.column() - 1
        if 0 <= index < self.dims and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edited.emit(self._keys[item.row()], index, item.text())
