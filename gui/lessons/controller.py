"""File → Open lesson…, Help → Lessons, the command line's lesson, and the dock.

Shipped lessons are package data (``resources/lessons/*.json``) read through
:mod:`gui.package_info`; a file a person opens is untrusted and read by
:func:`engine.lessons.load_lesson` (regular files only, size-bounded).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QPushButton

from engine.files import FileReadError, read_regular
from engine.lessons import Lesson, LessonError, is_lesson_text, load_lesson, parse_lesson
from gui import themed
from gui.lessons.authoring import Authoring
from gui.lessons.panel import LessonPanel
from gui.lessons.player import LessonPlayer
from gui.package_info import resource_text

FILTER = "Gradient Lab lesson (*.json);;All files (*)"
#: the lessons shipped in resources/lessons, in the order Help → Lessons lists them
SHIPPED = ("notes_step_by_step.json", "lecture_demo.json")
PEEK_BYTES = 4096
OPENED_KEY = "lessons/opened"  # set once any lesson has been opened
FIRST_TITLE = "The notes, step by step"


def is_lesson_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` declares the lesson format (the command line tells a lesson from
    a session by its "format" field); False for anything unreadable (the session reader
    then says why)."""
    try:
        head = read_regular(path, 50 * 2**20, "a file")[:PEEK_BYTES]
    except FileReadError:
        return False
    return is_lesson_text(head.decode("utf-8-sig", errors="replace"))


def shipped_lesson(name: str) -> Lesson:
    return parse_lesson(resource_text(f"lessons/{name}"), name)


class LessonController(QObject):
    """Opens lessons into one player and one dock on ``window``."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.player = LessonPlayer(window)
        self.panel = LessonPanel(self.player, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.authoring = Authoring(self)
        self.last_message = ""
        self.start_here = self._offer_first_lesson()

    def _offer_first_lesson(self) -> QPushButton | None:
        """Until a lesson has been opened once, the status bar offers the notes' lesson:
        a first-time student does not look in Help for where to begin."""
        settings = getattr(self.window, "settings", None)
        if settings is None or settings.value(OPENED_KEY, False, type=bool):
            return None
        button = QPushButton(f"New here? Start the lesson “{FIRST_TITLE}” ▶")
        button.setObjectName("start_here_button")
        button.setFlat(True)
        # a flat button draws no focus frame: a frame in the highlight colour while it has
        # the keyboard's focus (transparent otherwise, so nothing moves)
        # (set again on each theme change: a style sheet keeps the palette it was set with)
        themed.style_sheet(button, lambda: (
            "QPushButton { border: 1px solid transparent; padding: 2px 6px; }"
            "QPushButton:focus { border-color: palette(highlight); }"))
        button.setToolTip("Help → Lessons has it too")
        button.clicked.connect(lambda: self.open_shipped(SHIPPED[0]))
        self.window.statusBar().addPermanentWidget(button)
        return button

    def add_menus(self, file_menu: QMenu, help_menu: QMenu) -> None:
        action = QAction("Open &lesson…", self.window)
        action.setObjectName("open_lesson_action")
        action.triggered.connect(self.open_dialog)
        actions = file_menu.actions()
        names = [a.objectName() for a in actions]
        after = names.index("open_action") + 1 if "open_action" in names else len(actions)
        before = actions[after] if after < len(actions) else None
        file_menu.insertAction(before, action)
        add = QAction("Add this state as a lesson step", self.window)
        add.setObjectName("add_lesson_step_action")
        add.triggered.connect(self.authoring.add_step)
        file_menu.insertAction(before, add)
        lessons_menu = help_menu.addMenu("&Lessons")
        lessons_menu.setObjectName("lessons_menu")
        for name in SHIPPED:
            try:
                title = json.loads(resource_text(f"lessons/{name}"))["title"]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a shipped file the tests would have caught; the menu goes on
            item = lessons_menu.addAction(title, lambda n=name: self.open_shipped(n))
            item.setObjectName(f"lesson_{Path(name).stem}_action")

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", "", FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open the lesson at ``path``; on any fault say why and change nothing."""
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            self.warn(f"Could not open the lesson:\n{exc}")
            return False
        self.open(lesson, Path(path).name)
        return True

    def shutdown(self) -> None:
        """Stop the panel's typesetting (window close)."""
        self.panel.shutdown()

    def open_shipped(self, name: str) -> bool:
        try:
            lesson = shipped_lesson(name)
        except (LessonError, OSError) as exc:
            self.warn(f"Could not open the shipped lesson {name}:\n{exc}")
            return False
        self.open(lesson, name)
        return True

    def open(self, lesson: Lesson, name: str) -> None:
        self.player.open(lesson, name)
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.setValue(OPENED_KEY, True)
        if self.start_here is not None:
            self.start_here.hide()
        self.window.show_status(f"Lesson: {lesson.title}")

    def warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Open lesson", text, parent=self.window)
        box.setObjectName("lesson_message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # never blocks the event loop
        self.last_message = text
