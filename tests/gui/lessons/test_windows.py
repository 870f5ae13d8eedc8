"""The lesson panel never becomes a window of its own: not when it floats beside a tab
too wide for the screen and the main window closes, not for a question's old choices."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from engine.lessons import FORMAT
from gui.main_window import MainWindow

CHOICES = {"format": FORMAT, "version": 1, "title": "Choices", "steps": [
    {"title": f"Q{i}", "text": "Which?", "tab": "derivatives",
     "question": {"kind": "choice", "prompt": "Pick", "choices": ["a", "b", "c"], "answer": 0}}
    for i in range(3)
]}


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(CHOICES), encoding="utf-8")
    assert window.lessons.open_path(str(path))
    yield window
    window.shutdown()


def _other_visible_windows(window: MainWindow) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r}" for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not window]


def test_old_choices_never_become_top_level_windows(qtbot, window):
    panel = window.lessons.panel
    for _ in range(2):
        panel.next.click()
    stray = [w for w in QApplication.topLevelWidgets()
             if w.metaObject().className() == "QRadioButton"]
    assert stray == []


def test_a_floating_panel_closes_with_the_main_window(qtbot, window):
    panel = window.lessons.panel
    panel.setFloating(True)
    qtbot.waitUntil(panel.isVisible)
    assert _other_visible_windows(window) != []  # it floats as its own window now
    window.close()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5000)
    assert _other_visible_windows(window) == []
