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
        """Give each tab its state; on any refusal put every tab back as it was and raise.

        The network tab goes last: it is the one most likely to refuse (its data
        file), and a tab that refuses is meant to change nothing, so no rollback
        has to reload data.  The rollback itself never raises: a tab that cannot
        be put back is named in the message instead.
        """
        pages = {page.spec.key: page for page in self.window.pages}
        order = sorted(states, key=lambda key: (key == "network", key))
        previous = {key: pages[key].build().state() for key in order}
        done: list[str] = []
        for key in order:
            try:
                pages[key].build().set_state(states[key])
            except Exception as exc:  # untrusted file: whatever a tab raised becomes a message
                title = pages[key].spec.title
                message = f"the {title} tab could not take its part: {_reason(exc)}"
                stuck = self._roll_back(pages, previous, done, failed=key)
                if stuck:
                    message += f"; {' and '.join(stuck)} could not be put back as before"
                raise SessionError(message) from None
            done.append(key)

    @staticmethod
    def _roll_back(pages: dict, previous: dict, done: list[str], failed: str) -> list[str]:
        """Restore the tabs in ``done`` (and ``failed`` if it changed); the titles that refused."""
        again = list(reversed(done))
        if pages[failed].build().state() != previous[failed]:  # it changed before refusing
            again.insert(0, failed)
        stuck = []
        for key in again:
            try:
                pages[key].build().set_state(previous[key])
            except Exception as exc:  # keep going: every other tab still gets its state back
                stuck.append(f"the {pages[key].spec.title} tab ({_reason(exc)})")
        return stuck

    # ---- files ------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open ``path``; on failure say why and leave everything as it was."""
        try:
            self.apply(load_session(path))
        except Exception as exc:  # the file is untrusted: every failure ends in the dialog
            self._warn("Open session", f"Could not open the session:\n{_reason(exc)}")
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


def _reason(exc: BaseException) -> str:
    """The exception's message; its kind too when it is not one of the app's own messages."""
    if isinstance(exc, ValueError):  # the tabs' and the engine's own messages
        return str(exc)
    text = str(exc) or "no details"
    return f"{text} ({type(exc).__name__})"
