"""Vectors tab as a person sees it: zero vectors, the view, focus, typed numbers, labels."""

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gui.tabs.vectors.scene import OPERATIONS
from tests.gui.screen import stray_windows
from tests.gui.vectors.test_tab import _drag, _row

HELP = Path(__file__).resolve().parents[3] / "resources" / "help.html"


def _choose(tab, operation):
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index(operation))


def _heads(view):
    """Every arrowhead on screen: (key, position in plot units)."""
    return {key: np.array([g.head.pos().x(), g.head.pos().y()])
            for key, g in view.glyphs.items() if g.head.isVisible()}


def test_k_zero_leaves_no_arrowhead_of_k_a(qtbot, tab):
    _choose(tab, "scale")
    assert "result" in _heads(tab.plane)
    tab.k_slider.setValue(0)
    assert _row(tab, "result") == (0, 0)
    assert "result" not in _heads(tab.plane)
    assert tab.plane.glyphs["result"].label.isVisible()  # "0a" still names the point
    tab.k_slider.setValue(10)
    np.testing.assert_array_equal(_heads(tab.plane)["result"], [1, 1])


def test_a_dragged_onto_b_and_a_typed_zero_leave_no_arrowhead(qtbot, tab):
    _drag(qtbot, tab, (1, 1), (3, 2))
    assert _row(tab, "result") == (0, 0)
    assert set(_heads(tab.plane)) == {"a", "b"}
    tab.table.edit_cell("a", 0, "0")
    tab.table.edit_cell("a", 1, "0")
    assert set(_heads(tab.plane)) == {"b", "result"}  # OA = 0 has no head; AB = OB does


def test_parallel_vectors_in_space_draw_no_head_for_a_cross_b(qtbot, tab):
    tab.views.setCurrentIndex(1)
    space = tab.space
    assert "cross" in _heads(space)
    for index, text in enumerate(("2", "4", "6")):
        space.set_component("a", index, text)
    for index, text in enumerate(("1", "2", "3")):
        space.set_component("b", index, text)
    assert space.table.cell_text("a × b", 3) == "0"
    assert "cross" not in _heads(space)
    label = space.glyphs["cross"].label
    assert label.isVisible() and label.textItem.toPlainText() == "a × b = 0"


def test_the_view_follows_b_dragged_outside_it(qtbot, tab):
    (x0, x1), (y0, y1) = tab.plane.plot.getViewBox().viewRange()
    outside = (x1 + 3.0, y1 + 2.0)
    handle = tab.plane.handles["b"]
    handle.setPos(QPointF(*outside))  # where a drag past the edge puts it
    handle.sigPositionChangeFinished.emit(handle)  # the mouse is let go
    (x0, x1), (y0, y1) = tab.plane.plot.getViewBox().viewRange()
    bx, by = tab.model.plane.vectors["b"]
    assert (bx, by) == pytest.approx(np.round(np.array(outside) * 2) / 2)
    assert x0 < bx < x1 and y0 < by < y1


def test_tab_moves_focus_out_of_the_table(qtbot, tab):
    tab.table.setFocus()
    tab.table.setCurrentCell(0, 1)
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert not tab.table.hasFocus()


@pytest.mark.parametrize(("text", "value"), [("1/2", 0.5), ("sqrt(2)", 2 ** 0.5),
                                             ("-3/4", -0.75)])
def test_the_table_takes_fractions_and_roots(qtbot, tab, text, value):
    tab.table.edit_cell("a", 0, text)
    assert tab.model.plane.vectors["a"][0] == pytest.approx(value, rel=1e-15)
    assert tab.message_label.text() == ""
    assert float(tab.table.cell_text("a", 1).replace("−", "-")) == pytest.approx(value, abs=5e-4)


def test_k_can_be_typed_and_slider_and_field_show_the_k_in_use(qtbot, tab):
    _choose(tab, "scale")
    field = tab.k_field
    assert field.isVisible() and field.isEnabled() and field.text() == "2"
    field.setText("1/4")
    field.editingFinished.emit()
    assert tab.model.plane.k == 0.25 and _row(tab, "result") == (0.25, 0.25)
    assert field.text() == "0.25" and tab.k_slider.value() in (2, 3)
    field.setText("7")
    field.editingFinished.emit()
    assert tab.model.plane.k == 0.25 and field.text() == "0.25"
    assert "k must lie between −3 and 3" in tab.message_label.text()
    tab.k_slider.setValue(-12)
    assert tab.model.plane.k == -1.2 and field.text() == "−1.2"


def test_i_cross_j_labels_each_spot_once(qtbot, tab):
    tab.views.setCurrentIndex(1)
    space = tab.space
    for key, vector in (("a", ("1", "0", "0")), ("b", ("0", "1", "0"))):
        for index, text in enumerate(vector):
            space.set_component(key, index, text)
    shown = {key: g.label for key, g in space.glyphs.items() if g.label.isVisible()}
    texts = sorted(label.textItem.toPlainText() for label in shown.values())
    assert texts == ["a = i", "a × b = k", "b = j"]
    spots = [label.pos() for label in shown.values()]
    for i, p in enumerate(spots):
        for q in spots[i + 1:]:
            assert np.hypot(p.x() - q.x(), p.y() - q.y()) > 0.2


def test_help_and_tab_both_say_drag_by_the_shaft(qtbot, tab):
    help_text = HELP.read_text(encoding="utf-8")
    vectors_part = help_text.split("<h3>Vectors</h3>")[1].split("<h3>")[0]
    assert "shaft" in vectors_part and "tail" not in vectors_part
    assert "shaft" in tab.plane.plot_widget.toolTip()


def test_no_stray_window(qtbot, tab):
    _choose(tab, "unit")
    tab.views.setCurrentIndex(1)
    assert stray_windows(tab) == []


def test_the_unit_vector_rows_show_their_hats(qtbot, tab):
    _choose(tab, "unit")
    table = tab.table
    image = table.viewport().grab().toImage()

    def ink(key):
        """Pixels of the name cell that differ from the cell's background."""
        rect = table.visualItemRect(table.item(table._keys.index(key), 0))
        background = image.pixelColor(rect.left() + 2, rect.top() + 2)
        return sum(image.pixelColor(x, y) != background
                   for x in range(rect.left(), rect.right())
                   for y in range(rect.top(), rect.bottom()))

    assert table.cell_text("result2", 0) == "b\u0302"
    # b̂ is b plus its hat: more ink than the plain b row, as â has more than a
    assert ink("result2") > ink("b") and ink("result") > ink("a")
