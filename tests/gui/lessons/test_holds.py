"""A control a lesson step locks stays locked, one it hides stays hidden, even when the
tab itself would enable or show it; once the step is left, what the tab asked for holds."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QWidget

from engine.lessons import FORMAT
from gui.tabs.vectors.scene import OPERATIONS

LESSON = {"format": FORMAT, "version": 1, "title": "Holds", "steps": [
    {"title": "Locked", "text": "Add them.", "tab": "vectors", "state": {"operation": "sum"},
     "lock": ["k_slider"], "hide": ["k_field"]},
    {"title": "Free", "text": "Now anything.", "tab": "vectors"},
]}


@pytest.fixture
def vectors(qtbot, window, tmp_path):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(LESSON), encoding="utf-8")
    assert window.lessons.open_path(str(path))
    tab = window.tab("vectors")
    return tab, tab.findChild(QWidget, "k_slider"), tab.findChild(QWidget, "k_field")


def _choose(tab, operation: str) -> None:
    tab.findChild(QWidget, "operation_combo").setCurrentIndex(list(OPERATIONS).index(operation))


def test_the_tab_cannot_unlock_or_unhide_what_the_step_holds(qtbot, window, vectors):
    tab, slider, field = vectors
    assert not slider.isEnabled() and field.isHidden()
    _choose(tab, "scale")  # the tab turns k on for k·a
    assert tab.model.plane.operation == "scale"
    qtbot.wait(50)  # the tab's own change has been answered
    assert not slider.isEnabled()
    field.show()  # as a tab showing its control again would
    qtbot.wait(50)
    assert field.isHidden()


def test_leaving_the_step_gives_what_the_tab_asked_for_meanwhile(qtbot, window, vectors):
    tab, slider, field = vectors
    _choose(tab, "scale")
    qtbot.wait(50)
    window.lessons.panel.next.click()
    assert slider.isEnabled() and field.isEnabled() and not field.isHidden()
