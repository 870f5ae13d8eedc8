"""File → Open / Save session, and the recent-files menu.

Opening is all or nothing: the file is checked first (``gui.session_file``),
then each tab takes its part; if any tab refuses, every tab already changed
gets its previous state back, so a bad file never leaves a half-opened session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from gui.session_file import SessionError, load_session, save_session

MAX_RECENT = 8
FILTER = "Gradient Lab session (*.json);;All files (*)"


class SessionController(QObject):
    """Saves and opens whole sessions for a window that has ``pages`` of tabs."""

    def __init__(self, window: QWidget, settings: QSettings, recent_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.recent_menu = recent_menu
        self.last_message = ""
        self._refresh_recent()

    # ---- state of all tabs ------------------------------------------------
    def collect(self) -> dict[str, dict[str, Any]]:
        return {page.spec.key: page.build().state() for page in self.window.pages}

    def apply(self, states: dict[str, dict[str, Any]]) -> None:
        """Give each tab its state; on any refusal restore every tab and raise."""
        pages = {page.spec.key: page for page in self.window.pages}
        previous = {key: pages[key].build().state() for key in states}
        changed = []
        try:
            for key, state in states.items():
                changed.append(key)
                pages[key].build().set_state(state)
        except Exception as exc:  # untrusted file: whatever a tab raised becomes a message
            for key in changed:
                pages[key].build().set_state(previous[key])
            title = pages[changed[-1]].spec.title
            raise SessionError(f"the {title} tab could not take its part: {exc}") from None

    # ---- files ------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open ``path``; on failure say why and leave everything as it was."""
        try:
            self.apply(load_session(path))
        except SessionError as exc:
            self._warn("Open session", f"Could not open the session:\n{exc}")
            return False
        self._remember(path)
        self.window.show_status(f"Opened {Path(path).name}")
        return True

    def save_path(self, path: str) -> bool:
        try:
            save_session(path, self.collect())
        except SessionError as exc:
            self._warn("Save session", f"Could not save the session:\n{exc}")
            return False
        self._remember(path)
        self.window.show_status(f"Saved {Path(path).name}")
        return True

    def _warn(self, title: str, text: str) -> None:
        # open() returns at once: the message never blocks the event loop (or a script).
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        box.setObjectName("session_message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = text

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open session", self._folder(), FILTER)
        if path:
            self.open_path(path)

    def save_dialog(self) -> None:
        start = str(Path(self._folder()) / "session.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", start, FILTER)
        if path:
            self.save_path(path)

    # ---- recent files -----------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value("session/recent", [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value]
        return [str(item) for item in value or []]

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        self.settings.setValue("session/recent", recent)
        self._refresh_recent()

    def _folder(self) -> str:
        recent = self.recent()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent()
        for index, path in enumerate(recent):
            action = self.recent_menu.addAction(f"&{index + 1} {Path(path).name}")
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(self._open_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _open_recent(self) -> None:
        self.open_path(self.sender().data())
