"""The formula box: typed text is read off the GUI thread, the newest text wins, and
the reading hint appears only for ambiguous forms without moving the layout."""

import threading

import pytest

import engine.symbolic.expressions as expressions
from engine.symbolic.expressions import parse
from gui.widgets.formula_input import FormulaInput


@pytest.fixture
def box(qtbot):
    widget = FormulaInput(("x", "y"))
    qtbot.addWidget(widget)
    widget.resize(900, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def type_text(qtbot, box, text):
    box.line.clear()
    qtbot.keyClicks(box.line, text)
    qtbot.waitUntil(lambda: not box.busy and box.expression is not None
                    and box.expression.text == text, timeout=5000)


def test_typed_text_is_parsed_on_a_worker_thread(qtbot, box, monkeypatch):
    threads = []

    def recording_parse(text, variables):
        threads.append(threading.current_thread())
        return parse(text, variables)

    monkeypatch.setattr(expressions, "parse", recording_parse)  # the box imports it on use
    type_text(qtbot, box, "x^2 + y")
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_a_stale_result_never_overwrites_a_newer_formula(qtbot, box):
    box.line.setText("x^3")
    box.request()
    stale_serial = box._serial
    box.line.setText("y^2")
    box.request()
    qtbot.waitUntil(lambda: not box.busy, timeout=5000)
    assert box.expression.text == "y^2"
    box._on_parsed((stale_serial, parse("x^3", ("x", "y"))))  # arrives late
    assert box.expression.text == "y^2"


def test_a_hostile_formula_typed_is_refused_and_the_last_good_one_kept(qtbot, box):
    type_text(qtbot, box, "x + y")
    box.line.clear()
    qtbot.keyClicks(box.line, "((y/1e100)^999)^100")
    qtbot.waitUntil(lambda: box.error.isVisible(), timeout=5000)
    assert "too small" in box.error.text() and "column" in box.error.text()
    assert box.expression.text == "x + y"


def test_the_hint_shows_the_reading_only_when_ambiguous_and_never_moves_the_layout(qtbot, box):
    type_text(qtbot, box, "e^(2x)")
    assert box.hint.isHidden()
    line_before, error_before = box.line.geometry(), box.error.geometry()
    hint_before, height_before = box.hint.geometry(), box.sizeHint().height()

    type_text(qtbot, box, "e^2x")
    assert box.hint.isVisible()
    assert box.hint.text() == "read as e^2·x — type e^(2x) for the other reading"
    # it fits: the text is not cut off at the label's width
    assert box.hint.fontMetrics().horizontalAdvance(box.hint.text()) <= box.hint.width()
    assert box.hint.height() >= box.hint.fontMetrics().height()
    assert box.line.geometry() == line_before and box.error.geometry() == error_before
    assert box.hint.geometry() == hint_before and box.sizeHint().height() == height_before

    type_text(qtbot, box, "sin x y")
    assert box.hint.text() == "read as sin(x·y) — type sin(x)·y for the other reading"

    type_text(qtbot, box, "sin(x)y")
    assert box.hint.isHidden()
    assert box.line.geometry() == line_before and box.sizeHint().height() == height_before


def test_a_long_hint_is_shortened_to_one_line_with_the_full_text_as_tooltip(qtbot, box):
    box.resize(200, box.height())
    type_text(qtbot, box, "sin x y")
    assert box.hint.text().endswith("…")
    assert box.hint.toolTip() == "read as sin(x·y) — type sin(x)·y for the other reading"
