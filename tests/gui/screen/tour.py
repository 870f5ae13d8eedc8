"""A scripted tour: named steps, each followed by a look at what reached the event loop,
and (when asked) a screenshot of the screen as it then was."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.gui.screen.checks import describe, visible_top_levels
from tests.gui.screen.guard import EventLoopGuard

STEP_SETTLE_MS = 150  # how long a step's timers and repaints get before the next step


class Tour:
    """Runs steps in order; :attr:`problems` says which step let what through."""

    def __init__(self, qtbot, window: QWidget, guard: EventLoopGuard,
                 shots: Path | None = None) -> None:
        self.qtbot = qtbot
        self.window = window
        self.guard = guard
        self.shots = shots
        self.problems: list[str] = []
        self.count = 0

    def step(self, name: str, action: Callable[[], object],
             until: Callable[[], bool] | None = None, timeout_ms: int = 180_000) -> None:
        """Do ``action``; wait for ``until`` (the work it starts) if given; then look."""
        self.count += 1
        started = time.monotonic()
        try:
            action()
            if until is not None:
                self.qtbot.waitUntil(until, timeout=timeout_ms)
        except Exception as exc:  # the tour goes on: every step's problems get reported
            self.problems.append(f"step {self.count} {name!r}: {type(exc).__name__}: {exc}")
        self.qtbot.wait(STEP_SETTLE_MS)
        print(f"tour step {self.count} {name!r}: {time.monotonic() - started:.2f} s", flush=True)
        for problem in self.guard.take():
            self.problems.append(f"step {self.count} {name!r}: {problem}")
        self._screenshot(name)

    def expect_only(self, allowed: tuple[QWidget, ...] = ()) -> None:
        """No visible top-level window besides the main window and ``allowed`` ones."""
        strays = [describe(w) for w in visible_top_levels(besides=self.window)
                  if w not in allowed]
        if strays:
            self.problems.append(f"after step {self.count}: stray windows {strays}")

    def _screenshot(self, name: str) -> None:
        if self.shots is None:
            return
        safe = "".join(c if c.isalnum() else "_" for c in name)[:60]
        path = self.shots / f"{self.count:03d}_{safe}.png"
        screen = QGuiApplication.primaryScreen()
        if QGuiApplication.platformName() == "xcb" and screen is not None:
            picture = screen.grabWindow(0)  # the real screen: stray windows show too
        else:
            picture = self.window.grab()
        picture.save(str(path))


# ---- what a user's hands do ----------------------------------------------------------
def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key.  QTest.keyClicks aborts the process on a character
    outside ASCII (β, ², π), so those arrive as key events carrying their text."""
    for char in text:
        if char.isascii() and char.isprintable():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def type_into(qtbot, line: QLineEdit, text: str) -> None:
    """Select all, type ``text`` key by key and press Enter, as a person would."""
    line.setFocus()
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    type_text(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def choose(combo: QComboBox, index: int) -> None:
    """Pick an item as a user does: the index changes and ``activated`` fires."""
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def drag(viewport: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * (i / steps))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def view_point(plot_widget, x: float, y: float) -> QPoint:
    """Where the data point (x, y) of a pyqtgraph PlotWidget is on its viewport."""
    box = plot_widget.getPlotItem().getViewBox()
    return plot_widget.mapFromScene(box.mapViewToScene(QPointF(x, y)))
