"""File → Open / Save session, and the recent-files menu.

File → Open and recent files read the file in a worker (with each tab's slow
preparation, such as the network tab's CSV file), so the window never waits
for a disk, a huge file or a FIFO; the command line opens at once.

Opening is all or nothing: the file is checked first (``gui.session_file``),
then each tab takes its part; if any tab refuses, every tab already changed
gets its previous state back, so a bad file never leaves a half-opened session.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from engine.job import OneShot
from gui import state_code
from gui.session_file import SessionError, load_session, save_session
from gui.worker import Worker

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
        self.loader = Worker(self)  # reads a session file off the GUI thread
        self.loader.finished.connect(self._on_read)
        self._reading: tuple[str, OneShot] | None = None
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
        """Open ``path`` now (the command line, scripts); on failure say why, change nothing."""
        try:
            states = load_session(path)
        except Exception as exc:  # the file is untrusted: every failure ends in the dialog
            return self._refuse_open(exc)
        return self._take(path, states)

    def open_in_background(self, path: str) -> None:
        """Open ``path`` without blocking the window (File → Open, recent files).

        A worker reads and checks the file and does each tab's slow preparation
        (``prepare_state``: the network tab reads its CSV file); the tabs then
        take their parts on the GUI thread from what was prepared.
        """
        # Tabs not built yet stay unbuilt: the worker finds their classes' prepare_state.
        specs = {page.spec.key: page.spec for page in self.window.pages}
        self._reading = (path, OneShot(partial(_read_and_prepare, path, specs)))
        self.window.show_status(f"Opening {Path(path).name}…")
        self.loader.start(self._reading[1])

    def _on_read(self) -> None:
        if self._reading is None:
            return
        (path, job), self._reading = self._reading, None
        states, problem = job.snapshot()
        if states is None:
            self._warn("Open session", f"Could not open the session:\n{problem}")
        else:
            self._take(path, states)

    def _take(self, path: str, states: dict[str, dict[str, Any]]) -> bool:
        try:
            self.apply(states)
        except Exception as exc:  # apply raises SessionError; anything else is said too
            return self._refuse_open(exc)
        self._remember(path)
        self.window.show_status(f"Opened {Path(path).name}")
        return True

    def _refuse_open(self, exc: Exception) -> bool:
        self._warn("Open session", f"Could not open the session:\n{_reason(exc)}")
        return False

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
            self.open_in_background(path)

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
        self.open_in_background(self.sender().data())

    # ---- state codes (Edit menu) -------------------------------------------
    def copy_state_code(self, key: str) -> str:
        """Put tab ``key``'s state on the clipboard as a code; return the code."""
        page = next(page for page in self.window.pages if page.spec.key == key)
        code = state_code.encode({key: page.build().state()})
        QGuiApplication.clipboard().setText(code)
        self.window.show_status(f"Copied the {page.spec.title} tab's state as a code of "
                                f"{len(code):,} characters: paste it into Gradient Lab with "
                                "Edit → Paste state code")
        return code

    def paste_state_code(self, code: str | None = None) -> str | None:
        """Apply a code (the clipboard's by default); the key of the tab it held, or None."""
        text = QGuiApplication.clipboard().text() if code is None else code
        try:
            states = state_code.decode(text)
            self.apply(states)
        except Exception as exc:  # the code is untrusted: every failure ends in the dialog
            self._warn("Paste state code", f"Could not use the state code:\n{_reason(exc)}")
            return None
        key = next(iter(states), None)
        self.window.show_status("Pasted a state code" + (f" into the {key} tab" if key else ""))
        return key


def _preparer(spec: Any) -> Callable[[dict], None] | None:
    """The tab class's ``prepare_state``, found without building the tab (in the worker:
    importing a tab's module for the first time takes a while)."""
    try:
        tab_class = getattr(importlib.import_module(spec.module), spec.class_name)
    except (ImportError, AttributeError):
        return None  # the window shows such a tab as broken; it takes no state either
    return getattr(tab_class, "prepare_state", None)


def _read_and_prepare(path: str, specs: dict[str, Any]
                      ) -> tuple[dict[str, dict[str, Any]] | None, str]:
    """(states, "") or (None, why): the worker's half of opening a session."""
    try:
        states = load_session(path)
        for key, state in states.items():
            prepare = _preparer(specs[key]) if key in specs else None
            if prepare is not None:
                prepare(state)
    except Exception as exc:  # the file is untrusted: every failure becomes the message
        return None, _reason(exc)
    return states, ""


def _reason(exc: BaseException) -> str:
    """The exception's message; its kind too when it is not one of the app's own messages."""
    if isinstance(exc, ValueError):  # the tabs' and the engine's own messages
        return str(exc)
    text = str(exc) or "no details"
    return f"{text} ({type(exc).__name__})"
