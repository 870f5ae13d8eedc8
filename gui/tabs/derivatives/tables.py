"""The two small tables: Δy/Δx converging to f′(x₀), and the critical points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from gui.tabs.derivatives.numbers import number
from gui.theme import KIND_COLORS, readable, scheme

if TYPE_CHECKING:
    from engine.symbolic.calculus import CriticalPoint, SidedQuotient, SlopeAt

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
                    item.setForeground(QColor(readable(colors[r], scheme().base)))
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
    """Δy/Δx for shrinking Δx, ending in the exact f′(x₀): the limit Δx → 0.

    Where f′(x₀) exists: Δx, Δy/Δx, and its distance to f′(x₀). Where it does not,
    both sides: Δy/Δx for Δx > 0 and for Δx < 0, ending in the one-sided limits.
    """

    ONE_SIDE = ("Δx", "Δy/Δx", "|Δy/Δx − f′(x₀)|")
    BOTH_SIDES = ("|Δx|", "Δy/Δx, Δx > 0", "Δy/Δx, Δx < 0")

    def __init__(self) -> None:
        super().__init__("secant_table", "Δy/Δx for shrinking Δx approaches the slope f′(x₀)",
                         self.ONE_SIDE)

    def show_quotients(self, rows: Sequence[SidedQuotient], at: SlopeAt,
                       marked: float | None = None) -> None:
        """``rows`` from the engine, largest Δx first; ``at`` is f′(x₀) or why it does not
        exist; the row of Δx = ``marked`` (the slider's) is labelled as such."""
        def dx_text(dx: float) -> str:
            return number(dx, 3) + (" (slider)" if dx == marked else "")

        if at.exists:
            texts = [(dx_text(r.dx), number(r.right, 9), number(r.right_error, 3)) for r in rows]
            texts.append(("→ 0", number(at.slope, 9), "f′(x₀)"))
            headers = self.ONE_SIDE
        else:
            texts = [(dx_text(r.dx), number(r.right, 9), number(r.left, 9)) for r in rows]
            texts.append(("→ 0", at.right_text or "no limit", at.left_text or "no limit"))
            headers = self.BOTH_SIDES
        self.setHorizontalHeaderLabels(list(headers))
        self.set_rows(texts)


class CriticalTable(_Table):
    """Every critical point in the range (f′ = 0, or f′ undefined where f is defined):
    x with its exact value when known, f(x), f″(x) and its kind."""

    def __init__(self) -> None:
        super().__init__("critical_table",
                         "Critical points in the range: f′(x) = 0, or a corner where f′ is "
                         "undefined; kind from f″, or from the sign of f′ on either side",
                         ("x", "f(x)", "f″(x)", "kind"))

    def show_points(self, points: Sequence[CriticalPoint]) -> None:
        texts = [(_x_text(p), number(p.value), number(p.test.get("f''", math.nan)),
                  p.kind if p.differentiable else f"{p.kind} ({p.smoothness or 'corner'})")
                 for p in points]
        self.set_rows(texts, [KIND_COLORS.get(p.kind) for p in points])


def _x_text(point: CriticalPoint) -> str:
    """The decimal, and beside it the exact value when it says more: "0.57735 = √3/3"."""
    decimal = number(point.x)
    exact = point.exact_text
    return f"{decimal} = {exact}" if exact and exact != decimal else decimal
