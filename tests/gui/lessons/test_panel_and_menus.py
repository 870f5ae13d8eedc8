"""Opening lessons: File → Open lesson…, Help → Lessons, the command line; bad files
say why and change nothing; the panel's question, verdict and controls."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from engine.lessons import FORMAT
from gui.lessons.controller import SHIPPED, is_lesson_file
from gui.main_window import MainWindow

LESSON = {"format": FORMAT, "version": 1, "title": "Tiny", "steps": [
    {"title": "One", "text": "Power: $x^5$ and **bold**", "tab": "derivatives",
     "state": {"formula": "x^5", "x0": 2.0}, "lock": ["formula_input"], "hide": ["show_f2"],
     "question": {"kind": "number", "prompt": "$f'(2)$?",
                  "compute": {"derivative": "x^5", "at": 2}, "why": "5·2⁴"}},
    {"title": "Two", "text": "Which?", "tab": "derivatives",
     "question": {"kind": "choice", "prompt": "Pick", "choices": ["a", "b"], "answer": 0}},
]}


def _write(tmp_path, document) -> str:
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_menus_list_the_shipped_lessons(window):
    actions = {a.objectName() for a in window.findChildren(QAction)}
    assert "open_lesson_action" in actions
    menu = window.findChild(QMenu, "lessons_menu")
    titles = [a.text() for a in menu.actions()]
    assert titles == ["The notes, step by step", "Lecture demo (20 minutes)"]
    assert len(titles) == len(SHIPPED)
    menu.actions()[1].trigger()
    assert window.lessons.panel.isVisible()
    assert window.lessons.panel.lesson_title.text() == "Lecture demo (20 minutes)"


def test_a_number_question_in_the_panel(window, tmp_path):
    assert window.lessons.open_path(_write(tmp_path, LESSON))
    panel = window.lessons.panel
    tab = window.tab("derivatives")
    formula = tab.findChild(QWidget, "formula_input")
    hidden = tab.findChild(QWidget, "show_f2")
    assert not formula.isEnabled() and hidden.isHidden()
    assert tab.state()["formula"] == "x^5" and tab.state()["x0"] == 2.0
    assert "bold" in panel.text.toPlainText() and "**" not in panel.text.toPlainText()
    assert panel.answer.isVisible() and not panel.choices.isVisible()
    panel.answer.setText("79")
    panel.check.click()
    assert "Not quite" in panel.verdict.text() and "80" in panel.verdict.text()
    panel.answer.setText("80")
    panel.check.click()
    assert "Right: 80" in panel.verdict.text()
    assert panel.progress.text() == "Step 1 of 2"
    panel.next.click()
    assert formula.isEnabled() and not hidden.isHidden()  # the step's changes are undone
    assert panel.choices.isVisible() and not panel.answer.isVisible()
    assert panel.progress.text() == "Step 2 of 2"
    panel.check.click()
    assert "Choose one" in panel.verdict.text()
    panel.findChild(QWidget, "lesson_choice_0").click()
    panel.check.click()
    assert "Right" in panel.verdict.text()
    panel.back.click()
    assert not formula.isEnabled()
    window.lessons.player.close()
    assert formula.isEnabled() and not panel.isVisible()


@pytest.mark.parametrize(("content", "words"), [
    ("{", "damaged"),
    (json.dumps({"format": "gradient-lab-session", "version": 1, "tabs": {}}), "not a Gradient"),
    (json.dumps(dict(LESSON, steps=[{"title": "x", "tab": "nope"}])), "step 1"),
])
def test_bad_lesson_files_say_why_and_change_nothing(window, tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = window.tab("derivatives").state()
    assert not window.lessons.open_path(str(path))
    assert words in window.lessons.last_message
    assert "Traceback" not in window.lessons.last_message
    assert window.lessons.player.lesson is None and not window.lessons.panel.isVisible()
    assert window.tab("derivatives").state() == before


def test_a_state_the_tab_refuses_is_a_message(window, tmp_path):
    document = dict(LESSON, steps=[{"title": "Bad", "tab": "descent",
                                    "state": {"max_steps": -5}}])
    problems = []
    window.lessons.player.problem.connect(problems.append)
    assert window.lessons.open_path(_write(tmp_path, document))
    assert problems and "could not load its descent state" in problems[0]
    assert window.lessons.panel.problem.isVisible()


def test_the_command_line_tells_a_lesson_from_a_session(tmp_path):
    lesson = _write(tmp_path, LESSON)
    session = tmp_path / "session.json"
    session.write_text(json.dumps({"format": "gradient-lab-session", "version": 1, "tabs": {}}))
    assert is_lesson_file(lesson)
    assert not is_lesson_file(session)
    assert not is_lesson_file(tmp_path / "missing.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        assert not is_lesson_file(tmp_path / "pipe")  # never blocks


def test_main_opens_a_lesson_from_the_command_line(tmp_path, monkeypatch, qapp):
    from gui import app

    opened = []
    monkeypatch.setattr("gui.lessons.controller.LessonController.open_path",
                        lambda self, path: opened.append(path) or True)
    monkeypatch.setattr(app, "take_screenshots", lambda *a: 0)
    path = _write(tmp_path, LESSON)
    assert app.main([path, "--screenshot", str(tmp_path / "shots")]) == 0
    assert opened == [path]


def test_a_first_start_offers_the_notes_lesson_until_one_is_opened(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    button = window.lessons.start_here
    assert button.isVisible() and "The notes, step by step" in button.text()
    button.click()
    assert window.lessons.panel.isVisible()
    assert window.lessons.player.lesson.title == "The notes, step by step"
    assert not button.isVisible()
    window.shutdown()
    again = MainWindow(settings=settings)  # the next start: no offer, it was taken
    qtbot.addWidget(again)
    again.show()
    assert again.lessons.start_here is None
    again.shutdown()


def test_teacher_tools_are_folded_away_for_a_student(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    lessons = window.lessons
    assert lessons.open_shipped("lecture_demo.json")
    panel = lessons.panel
    assert panel.teacher.isVisible() and not lessons.authoring.save_button.isVisible()
    panel.teacher.click()
    assert lessons.authoring.save_button.isVisible()
    window.shutdown()


def test_the_dock_says_when_the_window_shows_another_tab(window, tmp_path, qtbot):
    assert window.lessons.open_path(_write(tmp_path, LESSON))
    panel = window.lessons.panel
    keys = [page.spec.key for page in window.pages]
    assert keys[window.tabs.currentIndex()] == "derivatives"
    assert not panel.elsewhere.isVisible()
    window.tabs.setCurrentIndex(keys.index("vectors"))  # the student looks elsewhere
    assert panel.elsewhere.isVisible()
    note = panel.elsewhere_note.text()
    assert "Derivatives" in note and "Vectors" in note
    button = panel.go_to_tab
    assert button.isVisible() and button.width() > 0 and "Derivatives" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert keys[window.tabs.currentIndex()] == "derivatives"
    assert not panel.elsewhere.isVisible()
    # a step shown while another tab is in front brings its own tab: nothing to say
    window.tabs.setCurrentIndex(keys.index("vectors"))
    panel.next.click()
    assert keys[window.tabs.currentIndex()] == "derivatives"
    assert not panel.elsewhere.isVisible()
    panel.close_button.click()  # an ended lesson says nothing about tabs
    window.tabs.setCurrentIndex(keys.index("vectors"))
    assert not panel.isVisible()
