"""A start typed as x, y (the keyboard's way to place one): placed as a click would be, or
refused with the reason and the starts unchanged."""

import math

import pytest
from PySide6.QtCore import Qt

from tests.gui.descent.test_tab import wait_field
from tests.gui.screen.tour import type_text


def type_start(qtbot, tab, text):
    field = tab.ui.mode.start_field
    field.setFocus()
    field.selectAll()
    type_text(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def cleared(qtbot, tab):
    wait_field(qtbot, tab)
    tab.clear_starts()
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and not tab.model.run_snapshot.trajectories, timeout=10_000)
    return tab


@pytest.mark.parametrize(("text", "point"), [
    ("1, -2", (1.0, -2.0)), ("(0.5, 1.5)", (0.5, 1.5)), ("1/2; sqrt(2)", (0.5, math.sqrt(2))),
    ("−1 2", (-1.0, 2.0)), ("0,5; −0,25", (0.5, -0.25)), ("(1), (2)", (1.0, 2.0)),
    ("(-pi/2, 1)", (-math.pi / 2, 1.0)),
])
def test_a_typed_start_sets_every_optimizer_off_from_it(qtbot, cleared, text, point):
    tab = cleared
    assert tab.ui.mode.start_field.isVisible()
    type_start(qtbot, tab, text)
    assert tab.model.starts, tab.status_text
    qtbot.waitUntil(lambda: bool(tab.model.run_snapshot.trajectories)
                    and all(t.step > 0 for t in tab.model.run_snapshot.trajectories),
                    timeout=10_000)
    assert tab.model.starts == [pytest.approx(point, rel=1e-15)]
    for t in tab.model.run_snapshot.trajectories:
        assert t.start == pytest.approx(point, rel=1e-15)
    assert not tab.ui.mode.start_error.isVisible() and tab.ui.mode.start_field.text() == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("abc, 1", "not a number"), ("abc", "two numbers"), ("1", "two numbers"),
    ("1, 2, 3", "two numbers"),
    ("9, 0", "outside the domain"), ("1, 1e400", "finite"), ("__import__('os'), 1", "number"),
    ("", "two numbers"),
])
def test_a_bad_start_is_refused_with_the_reason(qtbot, cleared, text, reason):
    tab = cleared
    type_start(qtbot, tab, "1, 1")
    qtbot.waitUntil(lambda: len(tab.model.starts) == 1, timeout=5000)
    type_start(qtbot, tab, text)
    error = tab.ui.mode.start_error
    assert error.isVisible() and reason in error.text(), error.text()
    assert tab.model.starts == [(1.0, 1.0)]
    assert tab.status_text == error.text()
    type_start(qtbot, tab, "2, 2")  # a good one clears the message
    assert not error.isVisible() and len(tab.model.starts) == 2


def test_the_field_is_a_tab_stop_and_hides_with_the_basin_map(qtbot, cleared):
    tab = cleared
    field = tab.ui.mode.start_field
    assert field.focusPolicy() & Qt.FocusPolicy.TabFocus
    tab.ui.mode.set_mode("basins")
    qtbot.waitUntil(lambda: not field.isVisible(), timeout=5000)
    tab.ui.mode.set_mode("trajectories")
    qtbot.waitUntil(field.isVisible, timeout=5000)
