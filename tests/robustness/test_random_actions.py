"""Random user actions in one session (issue 14, item 13): clicks, combo, spin and slider
values, formulas (hostile ones too), tab switches, play/pause/step/reset, plot clicks.

A fixed seed makes a failure reproducible.  The test fails on any exception or Qt
warning reaching the event loop and on any GUI-thread block over 1 s, measured by a
heartbeat timer: a 50 ms QTimer whose gaps are the time the GUI thread was busy, less
the time it waited for a core the machine's other work held.

    QT_QPA_PLATFORM=offscreen python -m pytest tests/robustness/test_random_actions.py
        (300 actions, part of the README's test command)
    QT_QPA_PLATFORM=offscreen python -m pytest --run-slow -k two_thousand \\
        tests/robustness/test_random_actions.py     (2,000 actions; .ci/run runs it)
"""

from __future__ import annotations

import gc
import os
import random
import resource
from collections import Counter

import pyqtgraph as pg
import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gui.main_window import MainWindow
from tests.gui.screen.checks import visible_top_levels
from tests.gui.screen.tour import type_text
from tests.robustness.heartbeat import Heartbeat, StallSampler

BLOCK_LIMIT_S = 1.0  # issue 14: no user action blocks the window longer, on a machine to itself


def block_limit_s() -> float:
    """The 1 s limit on the GUI thread's own time in one gap, on a machine to itself.

    Where the system says how long the GUI thread waited for a core (Linux), that wait
    is left out of each gap (:class:`tests.robustness.heartbeat.Heartbeat`).  On a
    machine with more runnable work than cores the thread's own time stretches too
    (two virtual cores can share one physical core's units), so the limit grows by
    that factor then: a CI neighbour's load is not the app's block.
    """
    try:
        busy = os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:  # no load average on this platform
        busy = 1.0
    return BLOCK_LIMIT_S * max(1.0, busy)


HEARTBEAT_MS = 50
SAMPLE_AFTER_S = 0.5  # the GUI thread's stack is sampled while a beat is this late
CALM_BEATS = 10
FORMULAS = (
    "x^2", "sin(x)/x", "(x^4+2)cos(x)", "x^2 + 3y^2", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "1/(1+e^(-β x))", "a x^2 + b", "sqrt(x)", "log(x)", "tan(x)", "abs(x) + relu(y)",
    # hostile (issue 14): huge powers and constants, broken syntax, injection
    "((x*1e100)^999)^999", "((y/1e100)^999)^100", "((10x)^999)^999", "2^3000", "x + 10^400",
    "pi^1000", "asin(1e100)", "sin(10^300)", "sin(" * 29 + "x" + ")" * 29,
    "*".join(["(x+1)"] * 20), "x^x^x^x^x^x^x^x", "x^2 + 1e308 x", "sin(", "", "   ",
    "__import__('os').system('true')", "lambda: 0", "x[0]", "𝑥²", "x²+y³", "∞", "1/0", "0/0",
)
LAYERS = ("2-8-8-1", "2-4-1", "2-1", "2-4-", "2-²-1", "2-" + "9" * 60 + "-1", "2-64-64-64-1",
          "3-4-1", "2,4,1", "")
NUMBERS = ("0", "-0", "1e30", "-1e30", "1e308", "nan", "inf", "1/2", "sqrt(2)", "abc", "3")
TEXTS = FORMULAS + LAYERS + NUMBERS


class Monkey:
    """Chooses and does one random action at a time on what is visible."""

    def __init__(self, qtbot, window: MainWindow, seed: int) -> None:
        self.qtbot = qtbot
        self.window = window
        self.rng = random.Random(seed)
        self.actions = {name: getattr(self, f"_{name}") for name in (
            "switch_tab", "button", "combo", "spin", "slider", "check", "text", "text",
            "transport", "transport", "plot_click", "wait")}

    def _visible(self, kind: type) -> list:
        found = []
        for top in visible_top_levels():
            found += [w for w in top.findChildren(kind)
                      if w.isVisible() and w.isEnabled() and w.window() is top]
        return found

    def act(self) -> str:
        name = self.rng.choice(list(self.actions))
        return self.actions[name]()

    @staticmethod
    def _name(widget: QWidget) -> str:
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        return f"{widget.objectName() or type(widget).__name__} {text!r}".strip()

    def _switch_tab(self) -> str:
        index = self.rng.randrange(self.window.tabs.count())
        self.window.tabs.setCurrentIndex(index)
        return f"switch to tab {index}"

    def _button(self) -> str:
        buttons = self._visible(QPushButton)
        if not buttons:
            return "no button"
        button = self.rng.choice(buttons)
        button.click()
        return f"click {self._name(button)}"

    def _combo(self) -> str:
        combos = [c for c in self._visible(QComboBox) if c.count()]
        if not combos:
            return "no combo"
        combo = self.rng.choice(combos)
        index = self.rng.randrange(combo.count())
        done = f"choose {combo.objectName()} = {combo.itemText(index)!r}"
        combo.setCurrentIndex(index)
        if not shiboken6.isValid(combo):  # its own change rebuilt the panel it sat in
            return f"{done} (the combo was replaced)"
        combo.activated.emit(index)
        return done

    def _spin(self) -> str:
        spins = [s for s in self._visible(QAbstractSpinBox)
                 if isinstance(s, QSpinBox | QDoubleSpinBox)]
        if not spins:
            return "no spin box"
        spin = self.rng.choice(spins)
        low, high = spin.minimum(), spin.maximum()
        value = self.rng.choice([low, high, spin.value() + spin.singleStep(),
                                 spin.value() - spin.singleStep(), self.rng.uniform(low, high)])
        value = min(max(value, low), high)  # a user's step stops at the ends (and C's int)
        spin.setValue(int(value) if isinstance(spin, QSpinBox) else value)
        return f"set {spin.objectName()} = {value!r}"

    def _slider(self) -> str:
        sliders = self._visible(QAbstractSlider)
        sliders = [s for s in sliders if not s.objectName().startswith("qt_")]
        if not sliders:
            return "no slider"
        slider = self.rng.choice(sliders)
        value = self.rng.choice([slider.minimum(), slider.maximum(),
                                 self.rng.randint(slider.minimum(), slider.maximum())])
        slider.setValue(value)
        return f"slide {slider.objectName() or type(slider).__name__} = {value}"

    def _check(self) -> str:
        boxes = self._visible(QCheckBox)
        if not boxes:
            return "no check box"
        box = self.rng.choice(boxes)
        box.click()
        return f"toggle {self._name(box)}"

    def _text(self) -> str:
        lines = [e for e in self._visible(QLineEdit) if not e.isReadOnly()
                 and not isinstance(e.parentWidget(), QAbstractSpinBox)]
        if not lines:
            return "no text box"
        line = self.rng.choice(lines)
        text = self.rng.choice(TEXTS)
        line.setFocus()
        line.selectAll()
        QTest.keyClick(line, Qt.Key.Key_Backspace)
        for char in text:  # key by key, with the event loop running between keys
            type_text(line, char)
            QApplication.processEvents()
        QTest.keyClick(line, Qt.Key.Key_Return)
        return f"type {text[:40]!r} into {line.objectName() or 'a line edit'}"

    def _transport(self) -> str:
        name = self.rng.choice(["play_action", "play_action", "step_action", "reset_action"])
        self.window.findChild(QAction, name).trigger()
        return name

    def _plot_click(self) -> str:
        views = self._visible(pg.GraphicsView)
        if not views:
            return "no plot"
        view = self.rng.choice(views).viewport()
        start = QPoint(self.rng.randrange(max(view.width(), 1)),
                       self.rng.randrange(max(view.height(), 1)))
        if self.rng.random() < 0.5:
            QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             start)
            return f"click a plot at {start.x()}, {start.y()}"
        end = start + QPoint(self.rng.randint(-80, 80), self.rng.randint(-80, 80))
        QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 6):
            QTest.mouseMove(view, start + (end - start) * (i / 5))
        QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
        return f"drag on a plot from {start.x()}, {start.y()}"

    def _wait(self) -> str:
        ms = self.rng.choice([10, 50, 200, 500])
        self.qtbot.wait(ms)
        return f"wait {ms} ms"


def _kind(problem: str) -> str:
    """An exception's type and message, without the action that raised it."""
    return problem.strip().splitlines()[-1].split(" raised ", 1)[-1]


def run_actions(qtbot, window: MainWindow, guard, count: int, seed: int,
                judge_blocks: bool = True) -> None:
    for index in range(len(window.pages)):  # first builds import SymPy and pyqtgraph:
        window.tab(window.pages[index].spec.key)  # measured by the screen tests, not here
    heartbeat = Heartbeat(interval_ms=HEARTBEAT_MS, limit=block_limit_s)
    heartbeat.start()
    # names the code behind each block over the limit (sampled only while a beat is late)
    sampler = StallSampler(heartbeat, threshold_s=SAMPLE_AFTER_S, period_s=0.05)
    sampler.start()
    # the tabs' start-up work (first layouts, typesetting, analyses) drains first
    qtbot.waitUntil(lambda: heartbeat.calm >= CALM_BEATS, timeout=60_000)
    heartbeat.forget()
    monkey = Monkey(qtbot, window, seed)
    problems: list[str] = []
    log: list[str] = []
    for n in range(count):
        heartbeat.action = f"action {n}"
        try:
            done = monkey.act()
        except Exception as exc:  # a slot that raised straight back into the caller
            done = f"action {n} raised {type(exc).__name__}: {exc}"
            problems.append(done)
        heartbeat.action = f"action {n}: {done}"
        log.append(heartbeat.action)
        qtbot.wait(monkey.rng.choice([1, 5, 20]))
        problems += [f"{heartbeat.action}\n{p}" for p in guard.take()]
    window.close()
    qtbot.wait(HEARTBEAT_MS * 2)
    heartbeat.timer.stop()
    sampler.stop()
    problems += guard.take()
    kinds = Counter(_kind(p) for p in problems)
    done_kinds = Counter(entry.split(": ", 1)[1].split(" ")[0] for entry in log)
    worst, during = heartbeat.worst
    if during.startswith("action ") and ":" not in during:  # blocked inside the action
        during = log[int(during.split()[1])]
    # the battery's counts (issue 14's closing note), printed whatever the verdict
    print(f"{count} actions, seed {seed} {dict(done_kinds)}: {len(problems)} problem(s); "
          f"longest GUI-thread gap {worst:.2f} s ({during}); "
          f"longest own time {max(heartbeat.own.values(), default=0):.2f} s; "
          f"blocks over {block_limit_s():.2f} s: {heartbeat.blocks}; "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for block in [f"{worst:.2f} s after {heartbeat.worst[1]}", *heartbeat.blocks]:
        action = block.split(" after ", 1)[1]
        print(f"  {block}: " + " | ".join(sampler.report(action, top=2)))
    assert not problems, (f"{len(problems)} problem(s) of {len(kinds)} kind(s) "
                          f"{dict(kinds)}; first of each:\n"
                          + "\n".join(next(p for p in problems if _kind(p) == k) for k in kinds))
    if judge_blocks:
        assert not heartbeat.blocks, (f"GUI thread's own time over 1 s × load: "
                                      f"{heartbeat.blocks}")


@pytest.fixture
def collector_as_in_the_app(collector_on_the_gui_thread):
    """The app's collector freezes what imports built (gui.collector): so does the test's
    while the window is measured; after it, everything is scanned again as before."""
    collector_on_the_gui_thread.freeze_imports = True
    yield
    collector_on_the_gui_thread.freeze_imports = False
    gc.unfreeze()


@pytest.fixture
def window(qtbot, fresh_settings, hang_watchdog, event_loop_guard, no_modal_dialogs,
           collector_as_in_the_app):
    w = MainWindow(settings=fresh_settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.close()
    for stray in visible_top_levels():
        stray.close()


def test_random_actions(qtbot, window, event_loop_guard):
    run_actions(qtbot, window, event_loop_guard, count=300, seed=14)


@pytest.mark.slow
def test_two_thousand_random_actions(qtbot, window, event_loop_guard):
    run_actions(qtbot, window, event_loop_guard, count=2000, seed=2026)
