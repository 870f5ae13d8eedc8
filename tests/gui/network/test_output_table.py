"""The notes' table: every cell's text fits its column on one line."""

import numpy as np

from engine.network.inspection import TableRow
from gui.tabs.network.output_table import OutputTable


def test_inputs_fit_on_one_line_in_a_narrow_panel(qtbot):
    table = OutputTable()
    qtbot.addWidget(table)
    table.resize(300, 200)
    table.show()
    qtbot.waitExposed(table)
    rows = [TableRow(input=np.array([0.157302, -0.873979]), output=np.array([0.5994]),
                     quantized=1),
            TableRow(input=np.array([-0.27, -0.0729]), output=np.array([0.1016]), quantized=0)]
    table.show_rows(rows, np.array([1, 0]))
    assert table.cell_text(0, 0) == "[0.157, −0.874]"
    metrics = table.fontMetrics()
    for r in range(2):
        needed = metrics.horizontalAdvance(table.cell_text(r, 0))
        assert table.columnWidth(0) >= needed + 6  # the cell's margins
