"""Keyboard only, as a person without a mouse works each tab: Tab from the tab bar visits
every control of the tab, each stop shows that it has the focus, and Tab always comes back
(no table or plot keeps it)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gui.accessibility import KEYBOARD_STOPS
from gui.main_window import tab_keys
from tests.gui.screen.test_first_start import open_tab, settle
from tests.gui.test_controls_named import _controls

MAX_PRESSES = 200  # far more than any tab has controls: more presses than this is a trap


def _press_tab() -> QWidget:
    """Press Tab where the focus is, as the keyboard does; the widget that has it next."""
    widget = QApplication.focusWidget()
    assert widget is not None, "the focus was lost"
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    following = QApplication.focusWidget()
    assert following is not None, f"Tab from {widget.objectName()} lost the focus"
    return following


def tab_stops(window) -> list[QWidget]:
    """The widgets Tab visits, from the window's tab bar until it is back there."""
    bar = window.tabs.tabBar()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    stops: list[QWidget] = []
    for _ in range(MAX_PRESSES):
        widget = _press_tab()
        if widget is bar:
            return stops
        stops.append(widget)
    stuck = {}
    for widget in stops:
        stuck[widget] = stuck.get(widget, 0) + 1
    worst = max(stuck, key=stuck.get)
    pytest.fail(f"Tab never came back to the tab bar: {worst.objectName() or worst} "
                f"kept the focus for {stuck[worst]} presses")


def _pixels(widget: QWidget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    return rows[:, : 3 * image.width()].copy()


@pytest.mark.parametrize("key", tab_keys())
def test_tab_walks_every_control_and_comes_back(qtbot, window, key):
    tab = open_tab(qtbot, window, key)
    settle(qtbot, key, tab)
    stops = tab_stops(window)
    not_controls = [f"{type(w).__name__} {w.objectName()}" for w in stops
                    if not isinstance(w, KEYBOARD_STOPS)]
    assert not_controls == [], f"Tab stops on what cannot be worked or shows no focus: " \
                               f"{not_controls}"
    reachable = [w for w in _controls(tab) if w.isVisible() and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]
    missed = [w.objectName() for w in reachable if w not in stops]
    assert missed == [], f"controls Tab never reaches: {missed}"


@pytest.mark.parametrize("key", tab_keys())
def test_every_tab_stop_shows_its_focus(qtbot, window, key):
    """Each stop looks different while it has the focus than once Tab has moved on."""
    tab = open_tab(qtbot, window, key)
    settle(qtbot, key, tab)
    bar = window.tabs.tabBar()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(bar.hasFocus, timeout=2000)
    unmarked = []
    widget = _press_tab()
    for _ in range(MAX_PRESSES):
        if widget is bar:
            break
        qtbot.wait(20)  # a focus frame is painted on the next round of the event loop
        focused = _pixels(widget)
        following = _press_tab()
        qtbot.wait(20)
        if np.array_equal(focused, _pixels(widget)):
            unmarked.append(f"{type(widget).__name__} {widget.objectName()}")
        widget = following
    assert unmarked == [], f"focus not visible on {unmarked}"


@pytest.mark.parametrize("text", ["sqrt(2)", "r", "2"])
def test_typing_into_a_vectors_cell_is_not_taken_by_a_shortcut(qtbot, window, text):
    """S (step) and R (reset) are the window's shortcuts: a key typed onto a selected cell
    starts editing it instead (the first letter of sqrt(2) was lost)."""
    tab = open_tab(qtbot, window, "vectors")
    table = tab.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentCell(1, 1)  # b's x
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    for char in text:  # the keyboard sends each key to whatever has the focus then
        QTest.keyClicks(QApplication.focusWidget(), char)
        qtbot.wait(10)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(10)
    value = tab.model.plane.vectors["b"][0]
    expected = {"sqrt(2)": 2 ** 0.5, "2": 2.0}.get(text)
    if expected is None:  # not a number: refused, in words, and b is unchanged
        assert value == 3.0 and tab.message_label.text()
    else:
        assert value == pytest.approx(expected, rel=1e-15)
