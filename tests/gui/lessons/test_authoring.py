"""Teachers write lessons in the app; a lesson made that way opens and plays identically."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from engine.lessons import load_lesson
from gui.main_window import MainWindow


def _window(qtbot, tmp_path, name: str) -> MainWindow:
    window = MainWindow(settings=QSettings(str(tmp_path / f"{name}.ini"),
                                           QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _play(window: MainWindow, qtbot) -> list[tuple[str, dict, bool]]:
    """Each step's tab, that tab's state once loaded, and whether 80 is a right answer."""
    player = window.lessons.player
    seen = []
    for index in range(len(player.lesson.steps)):
        assert player.go(index)
        step = player.step
        right = player.answer("80").correct if step.question else False
        if step.run_until:
            qtbot.waitUntil(lambda: bool(player.run_note), timeout=60_000)
        seen.append((step.tab, window.tab(step.tab).state(), right))
    return seen


def test_a_lesson_made_in_the_app_opens_and_plays_identically(qtbot, tmp_path):
    author = _window(qtbot, tmp_path, "author")
    derivatives = author.tab("derivatives")
    derivatives.set_state(dict(derivatives.state(), formula="x^5", x0=2.0))
    author.tabs.setCurrentIndex(1)
    add = author.findChild(QAction, "add_lesson_step_action")
    add.trigger()  # no lesson open: a new one with this step
    lessons = author.lessons
    assert lessons.panel.isVisible() and len(lessons.player.lesson.steps) == 1

    dialog = lessons.authoring.edit_dialog()
    dialog.title.setText("Power rule")
    dialog.text.setPlainText("$f(x) = x^5$, so $f'(x) = 5x^4$.")
    dialog.kind.setCurrentText("number")
    dialog.prompt.setText("What is $f'(2)$?")
    dialog.answer.setText("eighty")
    dialog.accept()  # not a number: the dialog stays open and says why
    assert dialog.isVisible() and "finite number" in dialog.problem.text()
    dialog.answer.setText("80")
    dialog.why.setText("5·2⁴")
    dialog.lock.setText("formula_input")
    dialog.accept()
    assert not dialog.isVisible()
    assert lessons.player.step.title == "Power rule"
    assert [w.objectName() for w in lessons.player.controls("lock")] == ["formula_input"]
    assert not lessons.player.controls("lock")[0].isEnabled()

    author.tabs.setCurrentIndex(2)
    descent = author.tab("descent")
    descent.set_state(dict(descent.state(), formula="x^2 + 2y^2", starts=[[2.0, 1.5]],
                           optimizers=["gd"]))
    lessons.authoring.add_button.click()
    dialog = lessons.authoring.edit_dialog()
    dialog.run_unit.setCurrentText("steps")
    dialog.run_count.setValue(30)
    dialog.accept()
    assert lessons.player.step.run_until == ("steps", 30)

    path = tmp_path / "made.json"
    assert lessons.authoring.save_path(str(path))
    saved = load_lesson(path)
    assert saved == lessons.player.lesson
    played = _play(author, qtbot)
    author.shutdown()

    reader = _window(qtbot, tmp_path, "reader")
    assert reader.lessons.open_path(str(path))
    assert _play(reader, qtbot) == played
    assert [right for *_, right in played] == [True, False]
    reader.shutdown()


def test_saving_where_it_cannot_says_why(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, "w")
    window.lessons.authoring.add_step()
    assert not window.lessons.authoring.save_path(str(tmp_path / "missing" / "l.json"))
    assert "Could not save" in window.lessons.last_message
    window.shutdown()


@pytest.mark.parametrize("button", ["lesson_add_step", "lesson_edit_step", "lesson_save"])
def test_the_teacher_buttons_are_on_the_panel(qtbot, tmp_path, button):
    window = _window(qtbot, tmp_path, "b")
    window.lessons.authoring.add_step()
    from PySide6.QtWidgets import QPushButton

    widget = window.lessons.panel.findChild(QPushButton, button)
    assert widget.isVisible() and widget.width() > 0
    window.shutdown()


def test_a_step_dialog_accepted_after_its_lesson_closed_says_so(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, "closed")
    window.findChild(QAction, "add_lesson_step_action").trigger()
    dialog = window.lessons.authoring.edit_dialog()
    window.lessons.player.close()  # the lesson goes while its step's dialog is open
    dialog.accept()
    assert dialog.isVisible() and "closed" in dialog.problem.text()
    dialog.reject()
    window.shutdown()


def test_a_step_dialog_never_writes_into_another_step_or_lesson(qtbot, tmp_path):
    """Random actions typed into a step dialog's fields after the lesson under it had
    changed (issue 14): OK must not write the edits where the dialog was not opened."""
    window = _window(qtbot, tmp_path, "moved")
    add = window.findChild(QAction, "add_lesson_step_action")
    add.trigger()
    add.trigger()  # two steps; the second is shown
    lessons = window.lessons
    player = lessons.player
    dialog = lessons.authoring.edit_dialog()
    dialog.title.setText("Edited")
    assert player.go(0)  # another step is shown while the dialog is open
    before = player.lesson
    dialog.accept()
    assert dialog.isVisible() and "another step" in dialog.problem.text()
    assert player.lesson is before and [s.title for s in before.steps] == ["Step 1", "Step 2"]
    dialog.reject()

    dialog = lessons.authoring.edit_dialog()
    dialog.title.setText("Edited")
    lessons.open_shipped(_shipped_name())  # another lesson entirely
    other = player.lesson
    dialog.accept()
    assert dialog.isVisible() and player.lesson is other
    assert "Edited" not in [s.title for s in other.steps]
    dialog.reject()
    window.shutdown()


def test_with_no_lesson_open_nothing_is_edited_or_saved(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, "none")
    authoring = window.lessons.authoring
    assert window.lessons.player.lesson is None
    assert authoring.edit_dialog() is None
    target = tmp_path / "nothing.json"
    assert not authoring.save_path(str(target))
    assert not target.exists() and "No lesson is open" in window.lessons.last_message
    from engine.lessons import LessonError
    from gui.lessons.authoring import StepDialog

    with pytest.raises(LessonError):
        StepDialog(authoring, window)
    window.shutdown()


def _shipped_name() -> str:
    from pathlib import Path

    import gui

    folder = Path(gui.__file__).resolve().parent.parent / "resources" / "lessons"
    return sorted(p.name for p in folder.glob("*.json"))[0]
