"""The lesson panel: a dock with the step's title, text and maths, its question and
whether the answer was right and why, where a run stopped, progress and Back / Next.

It shows what its :class:`~gui.lessons.player.LessonPlayer` says and sends it intents;
it keeps no copy of the lesson's state.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.lessons import Verdict
from gui.appearance import appearance
from gui.lessons.player import LessonPlayer
from gui.lessons.typeset import BrowserTypesetter, Pictures
from gui.theme import GREEN, VERMILLION

MIN_WIDTH = 250  # beside the network tab, the window still fits a 1600-pixel screen


class LessonPanel(QDockWidget):
    """Dockable; Back / Next walk the steps, Check checks the answer."""

    def __init__(self, player: LessonPlayer, parent: QWidget | None = None) -> None:
        super().__init__("Lesson", parent)
        self.setObjectName("lesson_dock")
        self.player = player
        body = QWidget()
        layout = QVBoxLayout(body)
        self.lesson_title = self._label("lesson_title", bold=True)
        self.progress = QProgressBar()
        self.progress.setObjectName("lesson_progress")
        self.progress.setFormat("Step %v of %m")
        self.step_title = self._label("lesson_step_title", bold=True, scale=1.25)
        # a student who looks at another tab reads a step about plots they cannot see
        self.elsewhere = QWidget()
        self.elsewhere.setObjectName("lesson_elsewhere")
        elsewhere = QVBoxLayout(self.elsewhere)
        elsewhere.setContentsMargins(0, 0, 0, 0)
        self.elsewhere_note = self._label("lesson_elsewhere_note")
        self.go_to_tab = QPushButton()
        self.go_to_tab.setObjectName("lesson_go_to_tab")
        self.go_to_tab.clicked.connect(player.show_step_tab)
        elsewhere.addWidget(self.elsewhere_note)
        elsewhere.addWidget(self.go_to_tab)
        self.elsewhere.hide()
        self.text = QTextBrowser()
        self.text.setObjectName("lesson_text")
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(160)
        self.prompt = QTextBrowser()
        self.prompt.setObjectName("lesson_prompt")
        self.prompt.setOpenLinks(False)
        self.prompt.setMaximumHeight(90)
        pictures: Pictures = {}  # typeset formulas, shared by the two browsers
        self._text_typesetter = BrowserTypesetter(self.text, pictures)
        self._prompt_typesetter = BrowserTypesetter(self.prompt, pictures)
        self.answer = QLineEdit()
        self.answer.setObjectName("lesson_answer")
        self.answer.setPlaceholderText("a number, e.g. 80, −0.5 or 16/3")
        self.answer.returnPressed.connect(self._check)
        self.choices = QWidget()
        self.choices.setObjectName("lesson_choices")
        self.choice_layout = QVBoxLayout(self.choices)
        self.choice_layout.setContentsMargins(0, 0, 0, 0)
        self.choice_group = QButtonGroup(self)
        self.check = QPushButton("Check")
        self.check.setObjectName("lesson_check")
        self.check.clicked.connect(self._check)
        self.verdict = self._label("lesson_verdict")
        self.run_note = self._label("lesson_run_note")
        self.problem = self._label("lesson_problem")
        self.back = QPushButton("◀ Back")
        self.back.setObjectName("lesson_back")
        self.back.clicked.connect(player.back)
        self.next = QPushButton("Next ▶")
        self.next.setObjectName("lesson_next")
        self.next.clicked.connect(player.next)
        self.record = QPushButton("Record this step's run…")
        self.record.setObjectName("lesson_record")
        self.record.setToolTip("Record the step's run, from its start to where it stops, as a "
                               "video (GIF, animated PNG, MP4) for slides")
        self.record.clicked.connect(player.record_step)
        self.close_button = QPushButton("End lesson")
        self.close_button.setObjectName("lesson_end")
        self.close_button.clicked.connect(player.close)
        for widget in (self.lesson_title, self.progress, self.elsewhere, self.step_title, self.text,
                       self.prompt, self.answer, self.choices, self.check, self.verdict,
                       self.run_note, self.record, self.problem):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        for button in (self.back, self.next):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(self.close_button)
        # the teacher's buttons go in a box a student does not see unless asked for
        self.teacher = QPushButton("Teacher tools ▸")
        self.teacher.setObjectName("lesson_teacher_tools")
        self.teacher.setCheckable(True)
        self.teacher.setFlat(True)
        self.teacher.setToolTip("Add the window's state as a step, edit a step, save the lesson")
        self.teacher_box = QWidget()
        self.teacher_box.setObjectName("lesson_teacher_box")
        self.authoring = QVBoxLayout(self.teacher_box)
        self.authoring.setContentsMargins(0, 0, 0, 0)
        self.teacher_box.hide()
        self.teacher.toggled.connect(self._show_teacher_tools)
        layout.addWidget(self.teacher)
        layout.addWidget(self.teacher_box)
        self.setWidget(body)
        self.setMinimumWidth(MIN_WIDTH)
        player.step_shown.connect(self.show_step)
        player.answered.connect(self.show_verdict)
        player.run_finished.connect(self.run_note.setText)
        player.problem.connect(self._show_problem)
        player.elsewhere.connect(self._show_elsewhere)
        player.closed.connect(self.hide)
        appearance().changed.connect(self._refresh)
        if parent is not None:
            parent.installEventFilter(self)  # a tab that grows wider can push the dock off

    def _show_teacher_tools(self, shown: bool) -> None:
        self.teacher_box.setVisible(shown)
        self.teacher.setText("Teacher tools ▾" if shown else "Teacher tools ▸")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            QTimer.singleShot(0, self._fit)
        return False

    @staticmethod
    def _label(name: str, bold: bool = False, scale: float = 1.0) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold or scale != 1.0:
            font = label.font()
            font.setBold(bold)
            font.setPointSizeF(font.pointSizeF() * scale)
            label.setFont(font)
        return label

    # ---- what the player says -----------------------------------------------
    def show_step(self, index: int) -> None:
        lesson, step = self.player.lesson, self.player.step
        self.lesson_title.setText(lesson.title)
        self.progress.setRange(0, len(lesson.steps))  # %m is the maximum less the minimum
        self.progress.setValue(index + 1)
        self.step_title.setText(step.title)
        self.back.setEnabled(index > 0)
        self.next.setEnabled(index + 1 < len(lesson.steps))
        self.verdict.clear()
        self.run_note.clear()
        self.record.setVisible(self.player.can_record())
        self.problem.hide()
        self.answer.clear()
        self._set_question()
        self._show_elsewhere(self.player.away_from_step())
        self._refresh()
        self.show()
        QTimer.singleShot(0, self._fit)  # once the tab the step loaded has laid itself out

    @property
    def typesetting(self) -> bool:
        """Formulas of the step on show are still being typeset."""
        return self._text_typesetter.busy or self._prompt_typesetter.busy

    def shutdown(self) -> None:
        self._text_typesetter.shutdown()
        self._prompt_typesetter.shutdown()

    def _fit(self) -> None:
        """Beside a tab too wide for the screen, the dock floats at the screen's right edge
        rather than push the window (and itself) past it."""
        window = self.parentWidget()
        screen = window.screen().availableGeometry() if window is not None else None
        wide = max(window.minimumSizeHint().width(), window.width()) if window else 0
        if window is None or self.isFloating() or wide <= screen.width():
            return
        self.setFloating(True)
        if window.width() > screen.width() and not window.isFullScreen():
            window.resize(screen.width(), window.height())  # the window may fit again now
        self.resize(MIN_WIDTH + 60, min(screen.height() - 80, 760))
        self.move(screen.right() - self.width(), screen.top() + 60)

    def _refresh(self) -> None:
        step = self.player.step
        if step is None:
            return
        self._text_typesetter.show(step.text)
        if step.question is not None:
            self._prompt_typesetter.show(step.question.prompt)

    def _set_question(self) -> None:
        question = self.player.step.question
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
            self.choice_layout.removeWidget(button)
            button.hide()  # gone now; a child until deleted, never a window of its own
            button.deleteLater()
        has = question is not None
        self.prompt.setVisible(has)
        self.check.setVisible(has)
        self.answer.setVisible(has and question.kind == "number")
        self.choices.setVisible(has and question.kind == "choice")
        if has and question.kind == "choice":
            for i, choice in enumerate(question.choices):
                button = QRadioButton(choice)
                button.setObjectName(f"lesson_choice_{i}")
                self.choice_group.addButton(button, i)
                self.choice_layout.addWidget(button)

    def _check(self) -> None:
        question = self.player.step.question if self.player.step else None
        if question is None:
            return
        if question.kind == "choice":
            chosen = self.choice_group.checkedId()
            if chosen < 0:
                self.verdict.setText("Choose one of the answers first.")
                return
            self.player.answer(chosen)
        else:
            self.player.answer(self.answer.text())

    def show_verdict(self, verdict: Verdict) -> None:
        colour = GREEN if verdict.correct else VERMILLION  # the words say it too
        self.verdict.setText(f'<span style="color:{colour}">{html.escape(verdict.message)}</span>')

    def _show_elsewhere(self, title: str) -> None:
        """``title``: the step's tab, which the window is not showing ("" when it is)."""
        self.elsewhere.setVisible(bool(title))
        if title:
            shown = self.player.window.tabs
            current = shown.tabText(shown.currentIndex()).replace("&", "")
            self.elsewhere_note.setText(
                f'<span style="color:{VERMILLION}">This step is about the {html.escape(title)} '
                f"tab; the window shows {html.escape(current)}.</span>")
            self.go_to_tab.setText(f"Go to {title} ▶")

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
