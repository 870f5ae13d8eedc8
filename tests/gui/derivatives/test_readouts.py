"""Issue 12's confusing readouts of the Derivatives tab, checked as they appear on screen."""

import math
import re

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from gui.tabs.derivatives.numbers import number, shifted_x
from tests.gui.derivatives.test_screen import enter

NEGATIVE_ZERO = re.compile(r"[−-]0(?![.\d])")


def visible_texts(tab):
    texts = [label.text() for label in tab.findChildren(QLabel) if label.isVisible()]
    for table in (tab.ui.secant_table, tab.ui.critical_table):
        texts += [table.cell_text(r, c) for r in range(table.rowCount())
                  for c in range(table.columnCount())]
    return texts


def drag_x0(tab, value):
    tab.ui.plot.x0_line.setValue(value)
    tab.ui.plot.x0_line.sigDragged.emit(tab.ui.plot.x0_line)  # as a mouse drag reports it


def test_number_never_writes_minus_zero():
    assert number(-0.0) == "0" and number(-1e-30, 3) == "−1e−30" and number(-2.5) == "−2.5"
    assert shifted_x(-1.495) == "(x + 1.495)" and shifted_x(0.0) == "x"


def test_no_minus_zero_on_screen(qtbot, tab):
    enter(qtbot, tab, "-x^2")  # f(0) = −(0²) is −0.0 in floating point
    tab.point_controls.x0.setValue(0.0)
    qtbot.waitUntil(tab.is_steady, timeout=20_000)
    shown = visible_texts(tab)
    assert "f(x₀) = 0" in tab.ui.tangent_label.text()
    assert not [t for t in shown if NEGATIVE_ZERO.search(t)]


def test_tangent_equation_folds_the_sign_of_x0(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    tab.point_controls.x0.setValue(-1.495)
    text = tab.ui.tangent_label.text()
    y0, slope = math.sin(-1.495), math.cos(-1.495)
    assert f"y = {number(y0, 4)} + {number(slope, 4)}·(x + 1.495)" in text
    assert "− −" not in text and "x − −" not in text


def test_x0_label_field_and_value_in_use_agree_after_a_drag(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    drag_x0(tab, 1.4953712)
    field = tab.point_controls.x0.text()
    assert field == "1.495"
    assert tab.model.x0 == 1.495
    assert tab.ui.plot.x0_line.label.toPlainText() == "x₀ = 1.495"
    assert "At x₀ = 1.495:" in tab.ui.tangent_label.text()
    xs, ys = tab.ui.plot.tangent.getData()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(math.cos(1.495), rel=1e-12)


def test_limit_table_rows_run_from_large_to_small_dx_with_the_slider_row_in_place(qtbot, tab):
    enter(qtbot, tab, "x^2")
    tab.point_controls.dx.set_value(0.05)
    tab.point_controls.dx.value_changed.emit(tab.point_controls.dx.value())
    table = tab.ui.secant_table
    dx_cells = [table.cell_text(r, 0) for r in range(table.rowCount() - 1)]
    dxs = [float(cell.split()[0].replace("−", "-")) for cell in dx_cells]
    assert dxs == sorted(dxs, reverse=True)
    assert "0.05 (slider)" in dx_cells
    # (x0 + dx)² − x0² over dx = 2x0 + dx at x0 = 1: an independent closed form
    for row, dx in enumerate(dxs):
        assert float(table.cell_text(row, 1).replace("−", "-")) == pytest.approx(2 + dx, rel=1e-6)


def test_legend_sits_outside_the_curves_area(tab):
    item = tab.ui.plot.getPlotItem()
    legend = tab.ui.plot.legend.sceneBoundingRect()
    assert legend.height() > 5 and legend.width() > 100
    assert not legend.intersects(item.vb.sceneBoundingRect())
    assert item.sceneBoundingRect().contains(legend)


def test_kind_labels_stay_inside_the_plot(qtbot, tab):
    enter(qtbot, tab, "x^3 - 3x")
    for box in tab.range_controls.toggles[1:]:
        box.setChecked(False)  # f alone: its maximum (−1, 2) is at the top of the view
    view = tab.ui.plot.getPlotItem().vb.sceneBoundingRect()
    labels = [label for label, _kind in tab.ui.plot._labels]
    assert sorted(label.toPlainText() for label in labels) == ["maximum", "minimum"]
    for label in labels:
        assert view.contains(label.sceneBoundingRect()), label.toPlainText()


@pytest.mark.parametrize("size", [(1360, 800), (1000, 700), (760, 600)])
def test_no_table_cell_is_cut_off(qtbot, tab, size):
    tab.resize(*size)
    enter(qtbot, tab, "x^3 - 20x^2 + 3ln(x+4)")  # long negative values and "undefined"
    tab.point_controls.x0.setValue(-3.999)
    for table in (tab.ui.secant_table, tab.ui.critical_table):
        metrics = QFontMetrics(table.font())
        assert table.rowCount() > 0
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                text = table.cell_text(r, c)
                assert metrics.horizontalAdvance(text) <= table.columnWidth(c), (text, c)


def test_an_error_line_moves_nothing_while_typing(qtbot, tab):
    plot, controls = tab.ui.plot, tab.point_controls
    before = (plot.mapTo(tab, plot.rect().topLeft()), plot.size(),
              controls.mapTo(tab, controls.rect().topLeft()))
    tab.ui.formula.line.clear()
    qtbot.keyClicks(tab.ui.formula.line, "(3 + x^2")  # no prefix of it is a formula
    qtbot.waitUntil(tab.ui.formula.error.isVisible, timeout=3000)
    tab.range_controls.x_max.setValue(-5.0)  # refused: says so over the plot
    assert tab.ui.range_error.isVisible()
    QApplication.sendPostedEvents()  # run any pending layout pass: nothing may move
    QApplication.processEvents()
    after = (plot.mapTo(tab, plot.rect().topLeft()), plot.size(),
             controls.mapTo(tab, controls.rect().topLeft()))
    assert after == before


def test_fit_to_f_shows_f_when_its_derivatives_dwarf_it(qtbot, tab):
    enter(qtbot, tab, "sin(10x)/10")  # |f| ≤ 0.1 while |f″| = |10 sin 10x| reaches 10
    low, high = tab.ui.plot.getPlotItem().viewRange()[1]
    assert high - low > 15
    tab.range_controls.fit_to_f.setChecked(True)
    low, high = tab.ui.plot.getPlotItem().viewRange()[1]
    assert low < -0.099 and high > 0.099 and high - low < 0.3
    assert tab.state()["fit_to_f"] is True
