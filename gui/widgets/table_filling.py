"""Filling many cells of a table whose columns fit their contents, measured once.

A ``QHeaderView.ResizeMode.ResizeToContents`` column is measured again over all its rows
each time one of its cells changes, so filling n rows costs n² text measurements: a
256-row basin table took 4–6 s of the GUI thread per snapshot.  Inside
:func:`filling` those columns stop fitting and painting waits; on leaving, each column
is measured once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHeaderView, QTableWidget

FITTED = QHeaderView.ResizeMode.ResizeToContents


@contextmanager
def filling(table: QTableWidget) -> Iterator[None]:
    """Change any number of ``table``'s cells inside; its fitted columns are measured once."""
    header = table.horizontalHeader()
    fitted = [i for i in range(table.columnCount()) if header.sectionResizeMode(i) == FITTED]
    table.setUpdatesEnabled(False)
    for i in fitted:
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        for i in fitted:
            header.setSectionResizeMode(i, FITTED)
        table.setUpdatesEnabled(True)
