"""Teachers write lessons in the app: "Add this state as a step" captures the current
tab's whole state into the open lesson (a new one if none is open), a small dialog
edits a step's title, text, question, locked controls and run-until, and Save lesson
writes the file atomically.  An edited step goes through the same checks as a file
(:func:`engine.lessons.lesson_from_dict`), so what is saved always opens again.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.lessons import (
    FORMAT,
    MAX_STARTS,
    RUN_UNITS,
    VERSION,
    Lesson,
    LessonError,
    Step,
    lesson_from_dict,
    lesson_text,
    lesson_to_dict,
)

NEW_TITLE = "A new lesson"
FILTER = "Gradient Lab lesson (*.json)"


def save_lesson(path: str | os.PathLike[str], lesson: Lesson) -> None:
    """Write ``lesson`` to ``path`` atomically (a temporary file beside it, then replace)."""
    target = Path(os.path.realpath(path))
    handle, temporary = tempfile.mkstemp(prefix=".gl-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(lesson_text(lesson))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


class Authoring(QObject):
    """The teacher's three buttons on the lesson panel."""

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.player = controller.player
        panel = controller.panel
        self.add_button = QPushButton("Add this state as a step")
        self.add_button.setObjectName("lesson_add_step")
        self.add_button.clicked.connect(self.add_step)
        self.edit_button = QPushButton("Edit step…")
        self.edit_button.setObjectName("lesson_edit_step")
        self.edit_button.clicked.connect(self.edit_dialog)
        self.save_button = QPushButton("Save lesson…")
        self.save_button.setObjectName("lesson_save")
        self.save_button.clicked.connect(self.save_dialog)
        for button in (self.add_button, self.edit_button, self.save_button):
            panel.authoring.addWidget(button)

    def add_step(self) -> None:
        """Capture the current tab's whole state as a new step after the one shown."""
        window = self.controller.window
        key = [page.spec.key for page in window.pages][window.tabs.currentIndex()]
        lesson = self.player.lesson
        steps = list(lesson.steps) if lesson is not None else []
        at = self.player.index + 1 if lesson is not None else 0
        steps.insert(at, Step(f"Step {len(steps) + 1}", "", key, window.current_tab().state()))
        self.controller.panel.teacher.setChecked(True)  # writing a lesson: the tools stay out
        title = lesson.title if lesson is not None else NEW_TITLE
        if lesson is None:
            self.controller.open(Lesson(title, tuple(steps)), "")
        else:
            self.player.replace(Lesson(title, tuple(steps)), at)

    def set_step(self, raw: dict[str, Any], edited: tuple[Lesson, int] | None = None) -> None:
        """Replace the shown step by ``raw`` (its JSON form); LessonError if it does not fit.

        ``edited`` is the (lesson, step index) a dialog was opened on: if the lesson was
        closed, another opened or another step shown meanwhile, nothing is changed.
        """
        lesson = self.player.lesson
        if lesson is None:  # closed while the step's dialog was open
            raise LessonError("The lesson was closed: open it again to change its steps.")
        if edited is not None and (edited[0] is not lesson or edited[1] != self.player.index):
            raise LessonError("The lesson shows another step now: cancel, and edit the step "
                              "again where it is shown.")
        checked = lesson_from_dict({"format": FORMAT, "version": VERSION, "title": lesson.title,
                                    "steps": [raw]}, "this step").steps[0]
        steps = list(lesson.steps)
        steps[self.player.index] = checked
        self.player.replace(replace(lesson, steps=tuple(steps)), self.player.index)

    def edit_dialog(self) -> StepDialog | None:
        if self.player.lesson is None:
            return None
        dialog = StepDialog(self, self.controller.window)
        dialog.open()
        return dialog

    def save_dialog(self) -> None:
        if self.player.lesson is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.controller.window, "Save lesson",
                                              "lesson.json", FILTER)
        if path:
            self.save_path(path)

    def save_path(self, path: str) -> bool:
        if self.player.lesson is None:
            self.controller.warn("No lesson is open: there is nothing to save.")
            return False
        try:
            save_lesson(path, self.player.lesson)
        except OSError as exc:
            self.controller.warn(f"Could not save the lesson:\n{exc.strerror or exc}")
            return False
        self.controller.window.show_status(f"Saved the lesson to {Path(path).name}")
        return True


class StepDialog(QDialog):
    """Title, text, question and run-until of the shown step; OK checks before it closes."""

    def __init__(self, authoring: Authoring, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_step_dialog")
        self.setWindowTitle("Edit step")
        self.authoring = authoring
        lesson, step = authoring.player.lesson, authoring.player.step
        if lesson is None or step is None:
            raise LessonError("No lesson is open: there is no step to edit.")
        self.edited = (lesson, authoring.player.index)  # the step OK writes back to
        raw = lesson_to_dict(replace(lesson, steps=(step,)))["steps"][0]
        self.raw = raw
        question = raw.get("question", {})
        form = QFormLayout(self)
        self.title = self._line("step_title_field", raw["title"])
        self.text = QPlainTextEdit(raw.get("text", ""))
        self.text.setObjectName("step_text_field")
        self.kind = QComboBox()
        self.kind.setObjectName("question_kind_combo")
        self.kind.addItems(["none", "number", "choice"])
        self.kind.setCurrentText(question.get("kind", "none"))
        self.prompt = self._line("question_prompt_field", question.get("prompt", ""))
        answer = question.get("answer", "")
        self.answer = self._line("question_answer_field", "" if answer is None else str(answer))
        self.choices = QPlainTextEdit("\n".join(question.get("choices", [])))
        self.choices.setObjectName("question_choices_field")
        self.tolerance = self._line("question_tolerance_field", str(question.get("tolerance", "")))
        self.why = self._line("question_why_field", question.get("why", ""))
        self.lock = self._line("step_lock_field", ", ".join(raw.get("lock", [])))
        self.run_unit = QComboBox()
        self.run_unit.setObjectName("run_until_combo")
        self.run_unit.addItems(["none", *RUN_UNITS])
        run = raw.get("run_until", {})
        self.run_unit.setCurrentText(next(iter(run), "none"))
        self.run_count = QSpinBox()
        self.run_count.setObjectName("run_until_count")
        self.run_count.setRange(1, 10**7)
        self.run_count.setValue(next(iter(run.values()), 1000))
        self.run_starts = QSpinBox()
        self.run_starts.setObjectName("run_until_starts")
        self.run_starts.setRange(1, MAX_STARTS)
        self.run_starts.setValue(run.get("starts", 1))
        self.run_starts.setToolTip("Networks trained side by side from seeds s, s+1, … "
                                   "(epochs only; 1: the one network of the tab)")
        for label, widget in (("Title", self.title), ("Text ($…$ for maths)", self.text),
                              ("Question", self.kind), ("Prompt", self.prompt),
                              ("Answer (number, or index of the right choice from 0)", self.answer),
                              ("Choices (one a line)", self.choices),
                              ("Tolerance", self.tolerance), ("Why", self.why),
                              ("Lock (control names, commas)", self.lock),
                              ("Run until", self.run_unit), ("Count", self.run_count),
                              ("Networks (many starts)", self.run_starts)):
            form.addRow(label, widget)
        self.problem = QLabel()
        self.problem.setObjectName("step_dialog_problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _line(self, name: str, text: str) -> QLineEdit:
        line = QLineEdit(text)
        line.setObjectName(name)
        return line

    def step_dict(self) -> dict[str, Any]:
        """The step as the fields say (the captured state kept as it was)."""
        raw = {key: self.raw[key] for key in ("tab", "state", "hide", "reveal")
               if key in self.raw}
        raw |= {"title": self.title.text(), "text": self.text.toPlainText()}
        lock = [name.strip() for name in self.lock.text().split(",") if name.strip()]
        if lock:
            raw["lock"] = lock
        kind = self.kind.currentText()
        if kind != "none":
            question: dict[str, Any] = {"kind": kind, "prompt": self.prompt.text(),
                                        "why": self.why.text()}
            if kind == "choice":
                question["choices"] = [c for c in self.choices.toPlainText().splitlines() if c]
            compute = self.raw.get("question", {}).get("compute")
            if compute is not None and kind == "number" and not self.answer.text().strip():
                question["compute"] = compute
            else:
                question["answer"] = _number(self.answer.text())
            if kind == "number" and self.tolerance.text().strip():
                question["tolerance"] = _number(self.tolerance.text())
            raw["question"] = question
        if self.run_unit.currentText() != "none":
            raw["run_until"] = {self.run_unit.currentText(): self.run_count.value()}
            if self.run_starts.value() > 1:
                raw["run_until"]["starts"] = self.run_starts.value()
        return raw

    def accept(self) -> None:
        try:
            self.authoring.set_step(self.step_dict(), self.edited)
        except LessonError as exc:  # stay open and say what to fix
            self.problem.setText(str(exc))
            return
        super().accept()


def _number(text: str) -> int | float | str:
    """A typed whole number or decimal as a number; anything else as typed (the lesson
    checks then say it is not a number)."""
    text = text.strip().replace("−", "-")
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text
