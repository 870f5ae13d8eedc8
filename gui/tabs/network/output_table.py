"""The notes' table, live: Input, Output a^L, Quantized (and the target y beside it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from engine.network.inspection import TableRow
from gui.tabs.network.notation import number
from gui.theme import GREEN, VERMILLION
from gui.widgets.table_filling import filling

HEADERS = ("Input", "Output aᴸ", "Quantized", "Target y")


class OutputTable(QTableWidget):
    """``show_rows`` with the engine's TableRow list and the matching targets."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("output_table")
        self.setToolTip("The notes' table for the first training samples: a^L and 1·(a^L > ½); "
                        "green where it matches y")
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # the inputs take the room they need: a stretched share wrapped them over two lines
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(False)

    def show_rows(self, rows: Sequence[TableRow], targets: np.ndarray) -> None:
        with filling(self):
            if self.rowCount() != len(rows):
                self.setRowCount(len(rows))
            for r, (row, target) in enumerate(zip(rows, targets, strict=False)):
                inputs = ", ".join(number(v, 3) for v in row.input)
                outputs = ", ".join(number(v) for v in row.output)
                good = row.quantized == int(target)
                cells = (f"[{inputs}]", outputs, f"[{row.quantized}]", f"{int(target)}")
                for c, text in enumerate(cells):
                    item = self.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        self.setItem(r, c, item)
                    item.setText(text)
                self.item(r, 2).setForeground(QColor(GREEN if good else VERMILLION))

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""
