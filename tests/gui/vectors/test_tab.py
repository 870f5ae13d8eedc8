"""The Vectors tab: drags, cell edits and translations reach the table, plot and formulas."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from gui.tabs.vectors.scene import OPERATIONS

NOTES_LINE = "AB = OB − OA = (3 − 1)i + (2 − 1)j = 2i + j"


def _row(tab, key):
    """(x, y) of a table row, read back from the cells the user sees."""
    return tuple(float(tab.table.cell_text(key, c).replace("−", "-")) for c in (1, 2))


def _screen(tab, x, y) -> QPoint:
    box = tab.plane.plot.getViewBox()
    return tab.plane.plot_widget.mapFromScene(box.mapViewToScene(QPointF(x, y)))


def _drag(qtbot, tab, start, end, steps=12):
    viewport = tab.plane.plot_widget.viewport()
    p0, p1 = _screen(tab, *start), _screen(tab, *end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, p0 + (p1 - p0) * (i / steps))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p1)


def _formula_is(qtbot, tab, line, index=0):
    qtbot.waitUntil(lambda: len(tab.formulas.texts) > index
                    and tab.formulas.texts[index] == line, timeout=2000)


def test_opens_on_the_notes_example(qtbot, tab):
    assert _row(tab, "a") == (1, 1) and _row(tab, "b") == (3, 2)
    assert _row(tab, "result") == (2, 1)
    _formula_is(qtbot, tab, NOTES_LINE)
    # |AB| = √5 and θ = atan(1/2), by hand.
    assert tab.table.cell_text("result", 3) == "2.236"
    assert tab.table.cell_text("result", 4) == "26.565"
    label = tab.formulas.findChildren(type(tab.message_label))[0]
    qtbot.waitUntil(lambda: not label.pixmap().isNull(), timeout=3000)
    assert label.toolTip() == NOTES_LINE


def test_mouse_drag_of_b_updates_ab_components_and_formula(qtbot, tab):
    _drag(qtbot, tab, (3, 2), (4, 3))
    np.testing.assert_array_equal(tab.model.plane.vectors["b"], [4, 3])
    expected = tab.model.plane.vectors["b"] - tab.model.plane.vectors["a"]
    assert _row(tab, "result") == tuple(expected) == (3, 2)
    _formula_is(qtbot, tab, "AB = OB − OA = (4 − 1)i + (3 − 1)j = 3i + 2j")


def test_handle_move_snaps_to_the_chosen_grid(qtbot, tab):
    tab.plane.handles["b"].setPos(QPointF(4.2, 2.8))
    assert _row(tab, "b") == (4, 3)
    tab.snap_step_combo.setCurrentIndex(0)  # 0.5 unit
    tab.plane.handles["b"].setPos(QPointF(4.3, 2.6))
    assert _row(tab, "b") == (4.5, 2.5)
    tab.snap_check.setChecked(False)
    tab.plane.handles["a"].setPos(QPointF(1.25, 0.75))
    assert _row(tab, "a") == (1.25, 0.75)
    assert _row(tab, "result") == (4.5 - 1.25, 2.5 - 0.75)


def test_editing_a_cell_moves_the_arrow(qtbot, tab):
    tab.table.edit_cell("b", 0, "5")
    np.testing.assert_array_equal(tab.model.plane.vectors["b"], [5, 2])
    handle = tab.plane.handles["b"].pos()
    assert (handle.x(), handle.y()) == (5, 2)
    shaft_x, shaft_y = tab.plane.glyphs["b"].shaft.getData()
    assert (shaft_x[-1], shaft_y[-1]) == (5, 2)
    assert _row(tab, "result") == (4, 1)
    _formula_is(qtbot, tab, "AB = OB − OA = (5 − 1)i + (2 − 1)j = 4i + j")


def test_dragging_an_arrow_by_its_shaft_keeps_its_components(qtbot, tab):
    _drag(qtbot, tab, (2, 1.5), (3, 0.5))
    assert _row(tab, "result") == (2, 1)
    assert tab.table.cell_text("result", 6) == "(2, 0)"
    assert "components unchanged, same vector 2i + j" in tab.notes_label.text()
    shaft_x, shaft_y = tab.plane.glyphs["result"].shaft.getData()
    assert (shaft_x[0], shaft_y[0], shaft_x[-1], shaft_y[-1]) == (2, 0, 4, 1)
    tab.reset_tails_button.click()
    assert tab.table.cell_text("result", 6) == "(1, 1)" and tab.notes_label.text() == ""


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1e308", "-2000000", ""])
def test_invalid_cell_text_is_refused_with_a_message(qtbot, tab, text):
    tab.table.edit_cell("a", 1, text)
    assert tab.message_label.text().endswith("The vector is unchanged.")
    np.testing.assert_array_equal(tab.model.plane.vectors["a"], [1, 1])
    assert _row(tab, "a") == (1, 1)
    _formula_is(qtbot, tab, NOTES_LINE)
    tab.table.edit_cell("a", 1, "2")
    assert tab.message_label.text() == ""


@pytest.mark.parametrize(("operation", "row"), [
    ("sum", (4, 3)), ("difference", (-2, -1)), ("scale", (2, 2)),
    ("dot", (15 / 13, 10 / 13)), ("unit", (1 / 2 ** 0.5, 1 / 2 ** 0.5)),
])
def test_each_operation_shows_its_result(qtbot, tab, operation, row):
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index(operation))
    np.testing.assert_allclose(_row(tab, "result"), row, atol=5e-4)
    qtbot.waitUntil(lambda: len(tab.formulas.texts) >= 2, timeout=2000)


def test_sum_draws_the_parallelogram(qtbot, tab):
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index("sum"))
    copies = {a.key: a for a in tab.model.plane.scene().arrows if a.dashed}
    np.testing.assert_array_equal(copies["b_copy"].tail, [1, 1])
    np.testing.assert_array_equal(copies["a_copy"].head, [4, 3])


def test_angle_between_draws_an_arc_and_reports_a_zero_vector(qtbot, tab):
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index("angle"))
    _formula_is(qtbot, tab, "cos θ = a·b / (|a||b|) = 5 / (1.414 × 3.606) = 0.981, "
                            "θ = 11.31° = 0.197 rad", index=3)
    assert tab.plane.marks[0].isVisible()
    tab.table.edit_cell("b", 0, "0")
    tab.table.edit_cell("b", 1, "0")
    qtbot.waitUntil(lambda: any("undefined" in t for t in tab.formulas.texts), timeout=2000)
    assert tab.table.cell_text("b", 4) == "undefined"


def test_k_slider_scales_a(qtbot, tab):
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index("scale"))
    tab.k_slider.setValue(-15)
    assert _row(tab, "result") == (-1.5, -1.5)
    _formula_is(qtbot, tab, "(−1.5)a = ((−1.5)·1)i + ((−1.5)·1)j = −1.5i − 1.5j")


def test_space_view_opens_offscreen_and_shows_the_cross_product(qtbot, tab):
    tab.views.setCurrentIndex(1)
    space = tab.space
    a, b = space.vectors["a"], space.vectors["b"]
    by_hand = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    cells = [float(space.table.cell_text("a × b", c).replace("−", "-")) for c in (1, 2, 3)]
    assert tuple(cells) == by_hand
    qtbot.waitUntil(lambda: len(space.formulas.texts) == 3, timeout=2000)
    assert space.formulas.texts[1].startswith("|a × b| = |a||b| sin θ = ")
    space.azimuth.setValue(120)
    space.elevation.setValue(-30)
    assert space.glyphs["cross"].shaft.isVisible()
    assert space.set_component("a", 2, "1e308") is False
    assert "unchanged" in space.message_label.text()
    assert space.set_component("b", 2, "3") is True
    assert space.table.cell_text("b", 3) == "3"


def test_space_drag_rotates_the_picture(qtbot, tab):
    tab.views.setCurrentIndex(1)
    viewport = tab.space.plot_widget.viewport()
    before = tab.space.azimuth.value()
    centre = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for i in range(1, 9):
        QTest.mouseMove(viewport, centre + QPoint(10 * i, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre + QPoint(80, 0))
    assert tab.space.azimuth.value() < before


def test_state_round_trip_and_reset(qtbot, tab):
    tab.table.edit_cell("a", 0, "-2")
    tab.operation_combo.setCurrentIndex(list(OPERATIONS).index("dot"))
    saved = tab.state()
    tab.reset()
    assert _row(tab, "a") == (1, 1) and tab.model.plane.operation == "ab"
    tab.set_state(saved)
    assert _row(tab, "a") == (-2, 1) and tab.operation_combo.currentData() == "dot"
    with pytest.raises(ValueError):
        tab.set_state({"plane": {"a": [1, 2, 3, 4]}})
    assert _row(tab, "a") == (-2, 1)


def test_demo_is_the_notes_example(qtbot, tab):
    tab.table.edit_cell("b", 1, "7")
    tab.start_demo()
    assert tab.is_steady()
    assert tab.formulas.texts[0] == NOTES_LINE
    assert tab.export_target() is tab.plane.plot
