"""The derivation's rows arrive a few per turn of the event loop (issue 14: laying out
30 typeset rows at once held the window for 0.3–0.8 s), all of them, in order, and
whatever is shown next replaces the rows still to come."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from gui.tabs.derivatives.formulas import MAX_SHOWN_STEPS, ROWS_PER_TURN, StepsView
from gui.tabs.derivatives.jobs import StepView
from gui.widgets.typeset_queue import TypesetQueue


def _steps(name: str, n: int) -> list[StepView]:
    return [StepView(f"{name} rule {i}", f"x^{{{i}}}", f"x^{i}", f"{name} note {i}", i % 5)
            for i in range(n)]


@pytest.fixture
def view(qtbot):
    queue = TypesetQueue()
    widget = StepsView(queue)
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    queue.shutdown()


def _rules(view: StepsView) -> list[str]:
    return [row.findChild(QLabel, "step_rule").text() for row in view.rows
            if row.findChild(QLabel, "step_rule") is not None]


def test_every_row_arrives_in_order_a_few_per_turn(qtbot, view):
    steps = _steps("f", 29)
    view.show_steps(steps)
    assert len(view.rows) == ROWS_PER_TURN and view.filling  # the rest on later turns
    qtbot.waitUntil(lambda: not view.filling, timeout=10_000)
    assert _rules(view) == [f"<b>{s.rule}</b>" for s in steps]
    qtbot.waitUntil(lambda: all(row.isVisible() for row in view.rows), timeout=5000)
    notes = [label.text() for label in view.findChildren(QLabel) if label.wordWrap()]
    assert [f"f note {i}" for i in range(29)] == [t for t in notes if t.startswith("f note")]


def test_more_steps_than_shown_end_with_a_note(qtbot, view):
    view.show_steps(_steps("f", MAX_SHOWN_STEPS + 7))
    qtbot.waitUntil(lambda: not view.filling, timeout=10_000)
    assert len(_rules(view)) == MAX_SHOWN_STEPS
    assert view.rows[-1].text() == "… 7 more steps not shown"


def test_new_steps_mid_fill_replace_the_old_fill(qtbot, view):
    view.show_steps(_steps("old", 29))
    assert view.filling
    view.show_steps(_steps("new", 9))
    qtbot.waitUntil(lambda: not view.filling, timeout=10_000)
    qtbot.wait(50)  # turns that the old fill would have used
    assert _rules(view) == [f"<b>new rule {i}</b>" for i in range(9)]


def test_a_message_mid_fill_stops_the_fill(qtbot, view):
    view.show_steps(_steps("old", MAX_SHOWN_STEPS + 3))
    view.show_message("Working out the derivation…")
    assert not view.filling
    qtbot.wait(50)
    assert [row.text() for row in view.rows] == ["Working out the derivation…"]


def _type(qtbot, tab, text: str) -> None:
    tab.ui.formula.line.clear()
    qtbot.keyClicks(tab.ui.formula.line, text)
    qtbot.waitUntil(lambda: tab.model.expression is not None
                    and tab.model.expression.text == text, timeout=10_000)


def test_a_new_formula_mid_fill_shows_only_its_own_derivation(qtbot, tab):
    _type(qtbot, tab, "sin(" * 29 + "x" + ")" * 29)
    qtbot.waitUntil(lambda: tab.ui.steps.filling, timeout=30_000)  # its rows are coming in
    _type(qtbot, tab, "x^3")
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    rules = _rules(tab.ui.steps)
    assert rules and not any("sin" in rule.lower() or "chain" in rule.lower() for rule in rules)
    formulas = [row.findChild(QLabel, "step_formula").accessibleName()
                for row in tab.ui.steps.rows if row.findChild(QLabel, "step_formula")]
    assert formulas and not any("sin" in text for text in formulas)


def test_the_filled_derivation_looks_as_if_added_at_once(qtbot, view, monkeypatch):
    """Row by row or all at once (as before issue 14), the finished picture is the same."""
    from gui.tabs.derivatives import formulas

    steps = _steps("f", 12)

    def picture():
        view.show_steps(steps)
        qtbot.waitUntil(lambda: not view.filling and not view.queue.busy, timeout=20_000)
        qtbot.waitUntil(lambda: all(row.isVisible() for row in view.rows), timeout=5000)
        qtbot.wait(20)  # the last layout and paint
        return view.grab().toImage()

    gradual = picture()
    monkeypatch.setattr(formulas, "ROWS_PER_TURN", len(steps))
    at_once = picture()
    assert len(view.rows) == len(steps) and gradual == at_once
