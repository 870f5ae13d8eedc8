"""Catch what reaches the Qt event loop: uncaught exceptions and Qt warnings.

A slot that raises does not stop a Qt application: PySide prints the
traceback through ``sys.excepthook`` and the event loop goes on, so a test
that only checks the objects afterwards passes while the user saw a
traceback.  :class:`EventLoopGuard` records every exception handed to
``sys.excepthook`` (slots, virtual methods such as ``paintEvent``, timers)
and ``threading.excepthook`` (Python threads), and every Qt message of
level warning or above (``qInstallMessageHandler``), so the test can fail
on them.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

# Qt messages that say something about the test platform, not about the app.
PLATFORM_NOISE = (
    "This plugin does not support",  # offscreen: propagateSizeHints, raise(), grabbing
    "QXcbConnection: XCB error",  # a window manager racing a just-closed window
    "Qt: Session management error",  # no session manager under Xvfb
)

_PROBLEM_LEVELS = {QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg}


class EventLoopGuard:
    """Records exceptions and Qt warnings while installed; :meth:`problems` lists them."""

    def __init__(self) -> None:
        self.exceptions: list[str] = []
        self.warnings: list[str] = []
        self._previous_hook: Callable[..., Any] | None = None
        self._previous_thread_hook: Callable[..., Any] | None = None
        self._previous_handler: Callable[..., Any] | None = None
        self.installed = False

    # ---- hooks ---------------------------------------------------------------------
    def _excepthook(self, kind: type[BaseException], value: BaseException,
                    tb: TracebackType | None) -> None:
        self.exceptions.append("".join(traceback.format_exception(kind, value, tb)))
        sys.stderr.write(self.exceptions[-1])

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                  args.exc_traceback))
        self.exceptions.append(f"in thread {getattr(args.thread, 'name', '?')}:\n{text}")
        sys.stderr.write(self.exceptions[-1])

    def _message_handler(self, kind: QtMsgType, context: QMessageLogContext,
                         message: str) -> None:
        if kind in _PROBLEM_LEVELS and not any(n in message for n in PLATFORM_NOISE):
            self.warnings.append(f"{kind.name}: {message}")
        if self._previous_handler is not None:  # pytest-qt's capture keeps its records
            self._previous_handler(kind, context, message)

    # ---- life cycle ----------------------------------------------------------------
    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        self._previous_handler = qInstallMessageHandler(self._message_handler)
        self.installed = True

    def uninstall(self) -> None:
        if not self.installed:
            return
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_handler)
        self.installed = False

    def problems(self) -> list[str]:
        """Every exception and Qt warning recorded so far, in order of kind."""
        return [*self.exceptions, *self.warnings]

    def take(self) -> list[str]:
        """The problems recorded so far, forgetting them (to attribute them to one step)."""
        found = self.problems()
        self.exceptions.clear()
        self.warnings.clear()
        return found

    def report(self) -> str:
        found = self.problems()
        return f"{len(found)} problem(s) reached the event loop:\n" + "\n".join(found)
