"""Every control of the Vectors tab shows the value in use after each way the state can
change without the control being touched: a session opened, a state code pasted, a
lesson step loaded, the notes' example (R), a refused input."""

import json

from PySide6.QtGui import QGuiApplication

from engine.lessons import FORMAT
from gui import state_code
from gui.tabs.vectors.controls import K_STEPS_PER_UNIT

CHANGED = {"plane": {"operation": "dot", "k": -1.5, "a": [2.0, -1.0], "b": [0.5, 4.0],
                     "offsets": {}},
           "space": {"a": [1.0, 2.0, 3.0], "b": [0.0, 0.0, 1.0], "azimuth": -40,
                     "elevation": 60},
           "snap": False, "snap_step": 1.0, "view": 1}


def shown(tab) -> dict:
    """What the controls show, in the state's terms."""
    def cells(table, key, n):
        return [float(table.cell_text(key, c).replace("−", "-")) for c in range(1, n + 1)]

    space = tab.space
    return {"operation": tab.operation_combo.currentData(),
            "k_slider": tab.k_slider.value() / K_STEPS_PER_UNIT,
            "k_field": float(tab.k_field.text().replace("−", "-")),
            "a": cells(tab.table, "a", 2), "b": cells(tab.table, "b", 2),
            "space_a": cells(space.table, "a", 3), "space_b": cells(space.table, "b", 3),
            "azimuth": space.azimuth.value(), "elevation": space.elevation.value(),
            "snap": tab.snap_check.isChecked(), "snap_step": tab.snap_step_combo.currentData(),
            "view": tab.views.currentIndex()}


def in_use(tab) -> dict:
    state = tab.model.state()
    plane, space = state["plane"], state["space"]
    return {"operation": plane["operation"], "k_slider": plane["k"], "k_field": plane["k"],
            "a": plane["a"], "b": plane["b"], "space_a": space["a"], "space_b": space["b"],
            "azimuth": space["azimuth"], "elevation": space["elevation"],
            "snap": state["snap"], "snap_step": state["snap_step"], "view": state["view"]}


def _check(tab, expected: dict) -> None:
    assert shown(tab) == in_use(tab)
    assert in_use(tab)["a"] == expected["plane"]["a"]
    assert in_use(tab)["azimuth"] == expected["space"]["azimuth"]


def test_a_session_opened_from_a_file(qtbot, window, tmp_path):
    tab = window.tab("vectors")
    assert shown(tab) == in_use(tab)
    saved = window.sessions.collect()
    saved["vectors"] = CHANGED
    path = tmp_path / "session.json"
    window.sessions.apply(saved)
    assert window.sessions.save_path(str(path))
    tab.reset()
    assert shown(tab) == in_use(tab) and tab.model.plane.operation == "ab"
    assert window.sessions.open_path(str(path))
    _check(tab, CHANGED)


def test_a_state_code_pasted(qtbot, window):
    tab = window.tab("vectors")
    QGuiApplication.clipboard().setText(state_code.encode({"vectors": CHANGED}))
    window.paste_state_code()
    _check(tab, CHANGED)


def test_a_lesson_step(qtbot, window, tmp_path):
    tab = window.tab("vectors")
    lesson = {"format": FORMAT, "version": 1, "title": "Vectors", "steps": [
        {"title": "k·a", "text": "Scale a.", "tab": "vectors",
         "state": {"plane": {"operation": "sum", "k": 0.5, "a": [2.0, -1.0]},
                   "space": {"azimuth": -40}, "snap": False}}]}
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(lesson), encoding="utf-8")
    assert window.lessons.open_path(str(path))
    assert tab.model.plane.k == 0.5 and not tab.model.plane.snap
    assert shown(tab) == in_use(tab) and in_use(tab)["a"] == [2.0, -1.0]
    window.lessons.player.close(quietly=True)
    window.lessons.panel.hide()  # a closed window's dock would otherwise stay a window


def test_the_notes_example_and_refusals(qtbot, window):
    tab = window.tab("vectors")
    tab.set_state(CHANGED)
    tab.reset()
    assert shown(tab) == in_use(tab) and in_use(tab)["b"] == [3.0, 2.0]
    tab.operation_combo.setCurrentIndex(tab.operation_combo.findData("scale"))
    tab.k_field.setText("9")
    tab.k_field.editingFinished.emit()
    tab.table.edit_cell("a", 0, "oops")
    tab.space.set_component("a", 0, "inf")
    assert tab.k_field.text() == "2" and tab.k_slider.value() == 2 * K_STEPS_PER_UNIT
    tab.operation_combo.setCurrentIndex(tab.operation_combo.findData("sum"))
    assert shown(tab) == in_use(tab) and in_use(tab)["k_field"] == 2.0
