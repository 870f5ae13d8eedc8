"""Shared widgets: formula box, log slider, transport bar, typeset label."""

import math

import pytest

from gui.widgets.formula_input import FormulaInput
from gui.widgets.log_slider import LogSlider
from gui.widgets.math_label import MathLabel
from gui.widgets.transport import TransportBar


def test_formula_input_emits_parsed_expression(qtbot):
    box = FormulaInput(("x",), presets=[("x⁵", "x^5")])
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.expression_changed) as blocker:
        box.set_text("x^5")
    expression = blocker.args[0]
    assert float(expression(2.0)) == 32.0
    assert box.error.isHidden()


def test_formula_input_bad_text_keeps_last_good_and_says_where(qtbot):
    box = FormulaInput(("x",))
    qtbot.addWidget(box)
    assert box.set_text("x^2")
    good = box.expression
    assert not box.set_text("x^2 + foo(x)")
    assert box.expression is good
    assert not box.error.isHidden()
    assert "column" in box.error.text() and "last formula" in box.error.text()


def test_formula_input_debounces_typing(qtbot):
    box = FormulaInput(("x",))
    qtbot.addWidget(box)
    received = []
    box.expression_changed.connect(received.append)
    qtbot.keyClicks(box.line, "x^3")
    assert received == []  # nothing until the typing pauses
    qtbot.waitUntil(lambda: len(received) == 1, timeout=2000)
    assert float(received[0](2.0)) == 8.0


def test_formula_input_preset_loads_formula(qtbot):
    box = FormulaInput(("x",), presets=[("product rule", "(x^4+2)cos(x)")])
    qtbot.addWidget(box)
    box.presets.setCurrentIndex(1)
    box.presets.activated.emit(1)
    assert box.text() == "(x^4+2)cos(x)"
    assert float(box.expression(0.0)) == pytest.approx(2.0)


def test_log_slider_maps_positions_to_powers_of_ten(qtbot):
    slider = LogSlider(1e-4, 10.0, 0.01, "learning_rate", "step size")
    qtbot.addWidget(slider)
    assert slider.value() == pytest.approx(0.01)
    slider.slider.setValue(slider.slider.maximum())
    assert slider.value() == pytest.approx(10.0)
    slider.set_value(1e9)  # clamped, never out of range
    assert slider.value() == pytest.approx(10.0)
    assert math.isclose(float(slider.readout.text()), 10.0)


def test_transport_bar_reflects_worker_state(qtbot):
    bar = TransportBar(unit="epoch")
    qtbot.addWidget(bar)
    bar.show_state("running")
    assert "Pause" in bar.play_button.text()
    bar.show_state("paused")
    assert "Play" in bar.play_button.text()
    with qtbot.waitSignal(bar.speed_changed) as blocker:
        bar.speed.setCurrentIndex(5)
    assert blocker.args[0] == 3.0
    with qtbot.waitSignal(bar.step_requested):
        bar.step_button.click()


def test_math_label_typesets(qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    label.set_latex(r"f'(x) = 5x^{4}")
    assert not label.pixmap().isNull()
    label.set_latex(r"\frac{", fallback="broken")
    assert label.text() == "broken"


def test_typeset_queue_fills_labels_in_a_helper_process(qtbot):
    from gui.compute_pool import running_pool, start_pool
    from gui.widgets.typeset_queue import TypesetQueue

    start_pool()
    qtbot.waitUntil(lambda: running_pool() is not None, timeout=60_000)
    queue = TypesetQueue()
    labels = [MathLabel() for _ in range(4)]
    for label in labels:
        qtbot.addWidget(label)
    try:
        with qtbot.waitSignal(queue.drained, timeout=60_000):
            for n, label in enumerate(labels[:3]):
                queue.add(label, rf"x^{{{n + 2}}}")
            assert queue._worker.remote  # sent to a process, not typeset on a thread here
            queue.add(labels[3], r"\frac{", fallback="not typeset")
    finally:
        queue.shutdown()
    assert all(not label.pixmap().isNull() for label in labels[:3])
    assert labels[3].text() == "not typeset"
    assert not queue.busy


def test_typeset_queue_forgets_cleared_formulas(qtbot):
    from gui.widgets.typeset_queue import TypesetQueue

    queue = TypesetQueue()
    kept, dropped = MathLabel(), MathLabel()
    for label in (kept, dropped):
        qtbot.addWidget(label)
    try:
        for n in range(8):  # more than a batch: some are still queued here
            queue.add(dropped, rf"x^{{{n}}}", fallback="dropped")
        queue.clear()
        assert not queue.busy
        with qtbot.waitSignal(queue.drained, timeout=60_000):
            queue.add(kept, r"\sin x")
    finally:
        queue.shutdown()
    assert not kept.pixmap().isNull()
    assert dropped.pixmap().isNull()


def test_log_slider_keeps_an_exact_value_until_moved(qtbot):
    slider = LogSlider(1e-4, 10.0, 0.5, "learning_rate", "step size")
    qtbot.addWidget(slider)
    assert slider.value() == 0.5
    assert slider.readout.text() == "0.5"
    slider.slider.setValue(slider.slider.value() + 1)
    assert slider.value() != 0.5
