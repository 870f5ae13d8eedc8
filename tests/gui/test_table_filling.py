"""Filling a table whose columns fit their contents: the same widths as cell by cell, the
columns fitting again afterwards, even when the filling fails half-way."""

import pytest
from PySide6.QtWidgets import QHeaderView

from gui.tabs.descent.tables import Table
from gui.widgets.table_filling import filling

FITTED = QHeaderView.ResizeMode.ResizeToContents


@pytest.fixture
def table(qtbot):
    widget = Table("t", ("label", "f", "starts"), "", elide_first=True)
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill(table, rows):
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.put(r, c, text)


ROWS = [(f"■ label {i}", f"{1.5 ** i:.6g}", "x" * (i % 17)) for i in range(120)]


def test_columns_fit_their_widest_text_as_cell_by_cell(qtbot, table):
    fill(table, ROWS)
    by_cell = [table.columnWidth(c) for c in range(3)]
    fill(table, [("", "", "")] * 3)
    with filling(table):
        fill(table, ROWS)
        assert not table.updatesEnabled()
    assert table.updatesEnabled()
    header = table.horizontalHeader()
    assert [header.sectionResizeMode(c) for c in (1, 2)] == [FITTED, FITTED]
    assert [table.columnWidth(c) for c in (1, 2)] == by_cell[1:]
    for c in (1, 2):
        assert table.columnWidth(c) >= table.sizeHintForColumn(c)


def test_a_failure_inside_still_leaves_the_columns_fitting(table):
    with pytest.raises(RuntimeError), filling(table):
        fill(table, ROWS[:5])
        raise RuntimeError("half-way")
    assert table.updatesEnabled()
    assert table.horizontalHeader().sectionResizeMode(2) == FITTED
    assert table.columnWidth(2) >= table.sizeHintForColumn(2)


def test_put_leaves_an_unchanged_cell_alone(table):
    fill(table, ROWS[:2])
    item = table.item(0, 0)
    table.put(0, 0, ROWS[0][0])
    assert table.item(0, 0) is item and item.text() == ROWS[0][0]
