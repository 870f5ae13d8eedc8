"""Robustness: rapid transport and close cycles, and arbitrary text in the formula box."""

import gc

import pytest
import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from engine.symbolic.expressions import Expression
from gui.main_window import MainWindow, tab_keys
from gui.widgets.formula_input import FormulaInput
from gui.worker import _live_workers, live_threads

CYCLES = 200
CLOSE_EVERY = 25


@pytest.mark.slow  # 20–50 s: run with --run-slow, as .ci/run does
def test_rapid_play_pause_step_reset_close_cycles_leave_nothing_running(qtbot, tmp_path):
    ini = str(tmp_path / "settings.ini")
    window = None
    for cycle in range(CYCLES):
        if cycle % CLOSE_EVERY == 0:
            if window is not None:
                window.close()
            window = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
            qtbot.addWidget(window)
        tab = window.tab(tab_keys()[cycle % 4])
        window.tabs.setCurrentIndex(cycle % 4)
        tab.play_pause()
        tab.step()
        qtbot.wait(1)
        tab.play_pause()
        tab.reset()
        if cycle % 3 == 0:
            tab.play_pause()  # sometimes leave it running into the next cycle or the close
    window.close()
    qtbot.waitUntil(lambda: live_threads() == [], timeout=3000)
    gc.collect()
    # a worker whose timer Qt already deleted (its tab is gone) cannot be running
    running_timers = [w for w in list(_live_workers)
                      if shiboken6.isValid(w._timer) and w._timer.isActive()]
    assert running_timers == []


_TOKENS = st.sampled_from([
    "x", "y", "a", "β", "θ", "e", "pi", "π", "2", "0.5", "1e308", "9", "^", "**", "*", "/",
    "+", "-", "(", ")", " ", "sin", "cos", "ln", "log", "sqrt", "abs", "exp", "tanh",
    "sigmoid", "relu", "²", "³", "__import__", "os", ".", ",", "lambda", ":", "[", "]",
    "'", '"', "=", "foo", "x(", ")(", "!", "@", "%", "\\", "\n", "\t", "𝑥", "∞",
])
_FORMULAS = st.one_of(st.text(max_size=60), st.lists(_TOKENS, max_size=30).map("".join))


@pytest.fixture(scope="module")
def box(qapp):
    # One box for all 10,000 examples: the point is what text does to it.
    formula_box = FormulaInput(("x",))
    formula_box.set_text("x^2")
    yield formula_box
    formula_box.deleteLater()


@pytest.mark.slow  # 10,000 examples, 30–70 s: run with --run-slow, as .ci/run does
@settings(max_examples=10_000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=_FORMULAS)
def test_the_formula_box_takes_any_text(box, text):
    before = box.expression
    accepted = box.set_text(text)
    if accepted:
        assert isinstance(box.expression, Expression)
        assert box.error.isHidden()
    else:
        assert box.expression is before
        assert box.error.text()
