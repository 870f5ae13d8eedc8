"""Backprop step by step in the window: the diagram and formulas show a plain pass's numbers."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.tabs.network import NetworkTab
from gui.tabs.network.notation import number
from gui.tabs.network.walkthrough_dialog import WalkthroughDialog
from gui.widgets.math_label import MathLabel

XOR_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=5000)
    widget.model.apply_preset("notes")
    qtbot.waitUntil(lambda: widget.settings.activations == ("sigmoid", "sigmoid")
                    and widget.latest is not None
                    and widget.latest.training.weights[0].shape[1:] == (2, 2), timeout=5000)
    yield widget
    widget.shutdown()


def open_walkthrough(qtbot, tab, sample):
    inspector = tab.open_inspector(sample_index=sample)
    qtbot.waitUntil(lambda: inspector.walkthrough_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(inspector.walkthrough_button, Qt.MouseButton.LeftButton)
    dialog = tab.inspection.walkthrough
    assert isinstance(dialog, WalkthroughDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    return inspector, dialog


def painted(qtbot, dialog):
    dialog.diagram.grab()  # paints now, as the screen would
    return list(dialog.diagram.painted_labels)


def test_steps_show_a_plain_pass_on_the_diagram(qtbot, tab):
    inspector, dialog = open_walkthrough(qtbot, tab, sample=2)
    (W1, W2), (b1, b2) = ([np.array(w) for w in p] for p in tab.model.parameters())
    x, y, eta = XOR_X[2].reshape(2, 1), 1.0, tab.settings.learning_rate
    assert eta == 1.0  # the notes' learning rate
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    a2 = sigmoid(W2 @ a1 + b2)
    d2 = a2 - y
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    W1_new = W1 - eta * d1 @ x.T

    assert dialog.position.text() == "Step 1 of 11"
    assert not dialog.back_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # z¹ = W¹a⁰ + b¹
    qtbot.waitUntil(lambda: not dialog.typesetting, timeout=30_000)
    labels = painted(qtbot, dialog)
    products = [number(W1[i, j] * x[j, 0] + 0.0, 4) for i in range(2) for j in range(2)]
    assert labels == products + [f"z¹{s} = {number(z1[i, 0], 4)}" for i, s in enumerate("₁₂")]
    assert dialog.formula.latex.startswith("z^{1}_i")
    assert dialog.lines[0].isVisible() and dialog.lines[0].pixmap() is not None
    assert dialog.lines[0].latex.endswith(f"= {z1[0, 0]:.4g}")

    dialog.go_to(5)  # δ² at the output
    assert dialog.title.text().startswith("The output error")
    assert painted(qtbot, dialog) == [f"δ²₁ = {number(d2[0, 0], 4)}"]
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # δ¹ flows back
    labels = painted(qtbot, dialog)
    assert labels[-2:] == [f"δ¹{s} = {number(d1[i, 0], 4)}" for i, s in enumerate("₁₂")]
    assert labels[:2] == [number(W2[0, j] * d2[0, 0], 4) for j in range(2)]

    dialog.go_to(10)  # the update of layer 1: each weight before → after
    labels = painted(qtbot, dialog)
    assert labels[:4] == [f"{number(W1[i, j], 4)} → {number(W1_new[i, j], 4)}"
                          for i in range(2) for j in range(2)]
    assert not dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.position.text() == "Step 10 of 11"
    # the same numbers as the inspector's, which computed them
    shown = inspector.inspection.layers[0].delta[:, 0]
    np.testing.assert_array_equal(dialog.steps[6].units, shown)


def test_play_runs_to_the_end_and_stops(qtbot, tab):
    _, dialog = open_walkthrough(qtbot, tab, sample=0)
    dialog.timer.setInterval(20)
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    assert dialog.play_button.text() == "Pause"
    # each step typesets its formulas on the GUI thread: slow on a loaded machine
    qtbot.waitUntil(lambda: not dialog.play_button.isChecked(), timeout=30_000)
    assert dialog.index == len(dialog.steps) - 1
    assert dialog.play_button.text() == "Play"
    assert not dialog.timer.isActive()
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)  # at the end: from the start
    assert dialog.index <= 1
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    assert not dialog.timer.isActive()


def test_dialog_is_readable_and_a_new_sample_restarts_it(qtbot, tab):
    inspector, dialog = open_walkthrough(qtbot, tab, sample=3)
    assert dialog.diagram.width() >= 560 and dialog.diagram.height() >= 340
    assert "#4" in dialog.sample.text()
    dialog.go_to(3)
    inspector.sample_chosen.emit(1)
    qtbot.waitUntil(lambda: inspector.walkthrough_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(inspector.walkthrough_button, Qt.MouseButton.LeftButton)
    assert dialog.index == 0 and "#2" in dialog.sample.text()


def test_a_steps_formulas_are_typeset_off_the_gui_thread(qtbot, tab, monkeypatch):
    _, dialog = open_walkthrough(qtbot, tab, sample=1)
    qtbot.waitUntil(lambda: not dialog.typesetting, timeout=30_000)

    def on_the_gui_thread(*args):
        raise AssertionError("typeset on the GUI thread")

    monkeypatch.setattr(MathLabel, "set_latex", on_the_gui_thread)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # before step 2 arrived
    qtbot.waitUntil(lambda: not dialog.typesetting, timeout=30_000)
    step = dialog.steps[2]
    assert dialog.formula.latex == step.formula and dialog.formula.pixmap() is not None
    shown = [label.latex for label in dialog.lines if label.isVisible()]
    assert shown == list(step.lines)


def test_the_update_step_follows_the_optimizer_that_trains(qtbot, tab):
    """With Adam chosen, the update step names Adam, typesets its rule and shows the
    weights after Adam's first step from rest: −η g / (|g| + ε) by hand (m̂ = g, v̂ = g²)."""
    tab.model.edit(replace(tab.settings, optimizer="adam", learning_rate=0.1))
    qtbot.waitUntil(lambda: tab.settings.optimizer == "adam", timeout=5000)
    inspector, dialog = open_walkthrough(qtbot, tab, sample=2)
    W1 = np.array(tab.model.parameters()[0][0])
    gW1 = inspector.inspection.layers[0].dC_dW
    eps = tab.settings.epsilon
    W1_new = W1 - 0.1 * gW1 / (np.abs(gW1) + eps)
    dialog.go_to(10)  # the update of layer 1
    qtbot.waitUntil(lambda: not dialog.typesetting, timeout=30_000)
    assert "Adam" in dialog.title.text() and "from rest" in dialog.title.text()
    assert r"\hat m" in dialog.formula.latex and dialog.formula.pixmap() is not None
    labels = painted(qtbot, dialog)
    assert labels[:4] == [f"{number(W1[i, j], 4)} → {number(W1_new[i, j], 4)}"
                          for i in range(2) for j in range(2)]
    assert "Adam" in dialog.sample.text()
