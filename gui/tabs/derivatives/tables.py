"""The two small tables: Δy/Δx converging to f′(x₀), and the critical points."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from gui.tabs.derivatives.numbers import number
from gui.theme import KIND_COLORS

#: Pixels beyond a cell's text width (grid line and rounding).
CELL_SLACK = 4


class _Table(QTableWidget):
    def __init__(self, name: str, tooltip: str, headers: Sequence[str]) -> None:
        super().__init__(0, len(headers))
        self.setObjectName(name)
        self.setToolTip(tooltip)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().setVisible(False)
        # columns are sized to their contents by _fit_columns, never elided
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setDefaultSectionSize(20)

    def set_rows(self, rows: Sequence[Sequence[str]], colors: Sequence[str | None] = ()) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == len(row) - 1 and r < len(colors) and colors[r]:
                    item.setForeground(QColor(colors[r]))
                self.setItem(r, c, item)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text; spare width shared out evenly.

        When even that does not fit, the table scrolls sideways rather than cut
        a number to "−153.4…".
        """
        header = self.horizontalHeader()
        needed = [max(header.sectionSizeFromContents(c).width(), self.sizeHintForColumn(c))
                  + CELL_SLACK for c in range(self.columnCount())]
        spare = max(0, self.viewport().width() - sum(needed)) // max(1, len(needed))
        for c, width in enumerate(needed):
            self.setColumnWidth(c, width + spare)

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""


class SecantTable(_Table):
    """Rows Δx → Δy/Δx → error, ending in the exact f′(x₀): the limit Δx → 0."""

    def __init__(self) -> None:
        super().__init__("secant_table", "Δy/Δx for shrinking Δx approaches the slope f′(x₀)",
                         ("Δx", "Δy/Δx", "|Δy/Δx − f′(x₀)|"))

    def show_quotients(self, rows: Sequence[tuple[float, float, float]], exact: float,
                       marked: float | None = None) -> None:
        """``rows`` are (Δx, Δy/Δx, error) from the engine, largest Δx first; ``exact`` is
        f′(x₀); the row of Δx = ``marked`` (the slider's) is labelled as such."""
        texts = [(number(dx, 3) + (" (slider)" if dx == marked else ""), number(q, 9),
                  number(err, 3)) for dx, q, err in rows]
        texts.append(("→ 0", number(exact, 9), "f′(x₀)"))
        self.set_rows(texts)


class CriticalTable(_Table):
    """x, f(x), f″(x) and the kind of every solution of f′(x) = 0 in the range."""

    def __init__(self) -> None:
        super().__init__("critical_table", "Solutions of f′(x) = 0 in the range, classified by f″",
                         ("x", "f(x)", "f″(x)", "kind"))

    def show_points(self, rows: Sequence[tuple[float, float, float, str]]) -> None:
        texts = [(number(x), number(y), number(f2), kind) for x, y, f2, kind in rows]
        self.set_rows(texts, [KIND_COLORS.get(kind) for *_, kind in rows])
