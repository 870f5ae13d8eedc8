"""Every control of the Neural network tab shows the value the engine uses: after live
changes, refusals, presets, session open and "Continue this one" (issue 12 item 4), with the
output activation, ranges and layer messages a person reads (items 8, 10, Network ranges)."""

import json

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from tests.gui.screen import shows_text


def engine_values(tab):
    """η, μ as the engine reports them in its newest snapshot."""
    t = tab.latest.training
    return t.learning_rate, t.momentum


def assert_controls_show_what_is_used(tab):
    """The panel read back equals the model's settings, and the engine runs on them."""
    shown = tab.ui.controls.settings()
    assert shown == tab.settings
    assert engine_values(tab) == pytest.approx((shown.learning_rate, shown.momentum))
    assert tab.latest.training.rule == shown.rule()  # the optimizer and all its values


def bad_csv(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n0,0,a\n1,oops,b\n")
    return str(path)


def step_once(qtbot, tab):
    epoch = tab.latest.training.epoch
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == epoch + 1, timeout=20_000)


def test_a_live_learning_rate_stays_shown_after_a_refused_csv(qtbot, tab, tmp_path):
    controls = tab.ui.controls
    step_once(qtbot, tab)
    controls.learning_rate.set_value(1e-4)
    controls.momentum.setValue(0.3)
    controls.max_epochs.setValue(5000)
    qtbot.waitUntil(lambda: tab.latest.training.momentum == 0.3, timeout=5000)
    controls.use_csv(bad_csv(tmp_path))
    assert shows_text(tab.findChild(QLabel, "data_message"))
    # before the model, the refusal put back η 0.5 μ 0.9 and 1000 while the run kept 1e-4
    assert controls.learning_rate.value() == pytest.approx(1e-4)
    assert controls.momentum.value() == 0.3 and controls.max_epochs.value() == 5000
    assert controls.learning_rate.readout.text().startswith("0.0001")
    step_once(qtbot, tab)
    assert_controls_show_what_is_used(tab)


def test_a_preset_after_live_changes_shows_and_uses_its_values(qtbot, tab):
    controls = tab.ui.controls
    controls.learning_rate.set_value(0.01)
    controls.preset.setCurrentIndex(controls.preset.findData("notes"))
    controls.preset.activated.emit(controls.preset.currentIndex())
    step_once(qtbot, tab)
    assert controls.learning_rate.value() == 1.0 and controls.layers.text() == "2-2-1"
    assert_controls_show_what_is_used(tab)


def test_session_open_shows_the_saved_values_and_all_three_curves(qtbot, tab):
    controls = tab.ui.controls
    controls.learning_rate.set_value(0.2)
    controls.max_epochs.setValue(60)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=10_000)
    state = json.loads(json.dumps(tab.state()))
    tab.reset()
    controls.learning_rate.set_value(3.0)
    tab.set_state(state)
    assert controls.learning_rate.value() == pytest.approx(0.2)
    assert controls.max_epochs.value() == 60
    curves = tab.ui.curves
    x, _ = curves.train_accuracy.getData()
    assert x is not None and len(x) > 1 and x[-1] == 60
    for curve in curves.gradient_curves:
        x, y = curve.getData()
        assert len(x) > 1 and np.isfinite(y).any()
    controls.max_epochs.setValue(100)  # the restored run stopped at its "Stop after"
    step_once(qtbot, tab)
    assert_controls_show_what_is_used(tab)


def test_continue_this_one_shows_the_members_seed_and_restores_every_curve(qtbot, tab):
    controls = tab.ui.controls
    controls.max_epochs.setValue(200)
    panel = tab.ui.many_starts
    panel.count.setValue(8)
    qtbot.mouseClick(panel.train, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.worker.state == "finished", timeout=15_000)
    controls.learning_rate.set_value(0.05)  # live, on the main run only
    panel.table.selectRow(2)
    k = panel.selected()
    panel.continue_button.click()
    assert controls.seed.value() == k and tab.settings.seed == k
    assert controls.learning_rate.value() == pytest.approx(0.5)  # what network k trained with
    curves = tab.ui.curves
    x, _ = curves.train_loss.getData()
    assert len(x) > 1 and x[-1] == 200
    # one accuracy and gradient-norm point per many-starts frame (a fast run may have one)
    member_epochs, rows = panel.trails.member(k, 8)
    for column, curve in enumerate((curves.train_accuracy, *curves.gradient_curves)):
        x, y = curve.getData()
        np.testing.assert_array_equal(x, member_epochs)
        expected = rows[:, 0 if column == 0 else column + 1]
        if column:  # the gradient plot has a log axis: a zero norm is a gap
            y, expected = 10.0 ** y, np.where(expected > 0, expected, np.nan)
        np.testing.assert_allclose(y, expected)
    assert x[-1] == 200
    controls.max_epochs.setValue(300)
    step_once(qtbot, tab)
    assert_controls_show_what_is_used(tab)


def test_three_classes_show_softmax_in_the_output_box(qtbot, tab, tmp_path):
    rng = np.random.default_rng(0)
    rows = [f"{x:.3f},{y:.3f},{c}" for c in range(3) for x, y in rng.normal(c, 0.3, (20, 2))]
    path = tmp_path / "three.csv"
    path.write_text("x,y,label\n" + "\n".join(rows) + "\n")
    tab.ui.controls.use_csv(str(path))
    box = tab.findChild(QComboBox, "activation_2")
    assert box.currentText() == "softmax" and not box.isEnabled()
    assert "softmax" in box.toolTip() and "squared error" in box.toolTip()
    assert tab.model.engine_layers()[0][-1] == "softmax"
    step_once(qtbot, tab)
    assert_controls_show_what_is_used(tab)
    xor = tab.ui.controls.dataset
    xor.setCurrentIndex(xor.findData("XOR truth table"))
    xor.activated.emit(xor.currentIndex())
    box = tab.findChild(QComboBox, "activation_2")
    assert box.currentText() == "sigmoid" and box.isEnabled()


def test_the_learning_rate_reaches_1e_6_and_the_engine_uses_it(qtbot, tab):
    slider = tab.ui.controls.learning_rate
    slider.slider.setValue(slider.slider.minimum())
    assert slider.value() == pytest.approx(1e-6)
    step_once(qtbot, tab)
    assert tab.latest.training.learning_rate == pytest.approx(1e-6)


@pytest.mark.parametrize("beta, words", [(0.0, "β = 0: σ(z) = ½"), (-1.0, "mirrored")])
def test_beta_at_or_below_zero_is_allowed_and_explained(qtbot, tab, beta, words):
    controls = tab.ui.controls
    combo = tab.findChild(QComboBox, "activation_1")
    combo.setCurrentIndex(combo.findData("sigmoid"))
    combo.activated.emit(combo.currentIndex())
    controls.beta.setValue(beta)
    note = tab.findChild(QLabel, "beta_note")
    assert shows_text(note) and words in note.text()
    assert tab.settings.beta == beta and controls.beta.value() == beta
    controls.beta.setValue(1.0)
    assert not note.isVisible()


@pytest.mark.parametrize("text, words", [
    ("2-4-", "layer 3 is empty"), ("2-²-1", "digits 0-9 only"),
    ("2-" + "7" * 5000 + "-1", "5,000-digit"), ("2-100-1", "limit is 64"),
])
def test_unreadable_layers_give_a_message_and_keep_the_network(qtbot, tab, text, words):
    step_once(qtbot, tab)
    box = tab.ui.controls.layers
    box.setText(text)
    box.editingFinished.emit()
    message = tab.findChild(QLabel, "layers_message")
    assert shows_text(message) and words in message.text() and "keeping 2-4-1" in message.text()
    assert box.text() == "2-4-1" and tab.settings.layers == (2, 4, 1)
    step_once(qtbot, tab)
    assert_controls_show_what_is_used(tab)
    box.setText("2-3-1")
    box.editingFinished.emit()
    assert not message.isVisible() and tab.settings.layers == (2, 3, 1)


def test_a_network_without_hidden_layers_trains_and_draws(qtbot, tab):
    box = tab.ui.controls.layers
    box.setText("2-1")
    box.editingFinished.emit()
    assert tab.settings.layers == (2, 1) and len(tab.latest.training.weights) == 1
    tab.play()
    qtbot.waitUntil(lambda: tab.latest.training.epoch > 20, timeout=5000)
    tab.pause()
    tab.views.paint(tab.latest)


def test_the_inspector_after_a_layer_change_inspects_the_network_shown(qtbot, tab):
    dialog = tab.open_inspector(0)
    qtbot.waitUntil(lambda: dialog.inspection is not None, timeout=10_000)
    box = tab.ui.controls.layers
    box.setText("2-3-3-1")
    box.editingFinished.emit()
    combo = dialog.sample
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    qtbot.waitUntil(lambda: dialog.inspection is not None
                    and len(dialog.inspection.layers) == 3, timeout=10_000)
    shapes = [layer.dC_dW.shape for layer in dialog.inspection.layers]
    assert shapes == [(3, 2), (3, 3), (1, 3)]


def test_the_preset_box_says_custom_once_a_value_differs_from_the_preset(qtbot, tab):
    combo = tab.ui.controls.preset
    assert combo.currentData() == "recommended" and "η 0.5" in combo.currentText()
    tab.ui.controls.learning_rate.set_value(1e-3)
    assert combo.currentData() == "" and combo.currentText().startswith("Custom")
    combo.setCurrentIndex(combo.findData(""))
    combo.activated.emit(combo.currentIndex())  # choosing "Custom" loads nothing
    assert tab.settings.learning_rate == pytest.approx(1e-3)


def test_choosing_an_activation_rebuilds_the_rows_after_the_combo_boxs_signal(qtbot, tab):
    # issue 14: σ¹ rebuilt the activation rows inside the combo box's own ``activated``
    # (Qt warns that deleting a sender there can crash)
    combo = tab.findChild(QComboBox, "activation_1")
    index = combo.findData("relu")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert shiboken6.isValid(combo)  # still alive as its signal returns
    qtbot.waitUntil(lambda: tab.settings.activations[0] == "relu", timeout=5000)
    shown = tab.findChild(QComboBox, "activation_1")
    assert shown.currentData() == "relu" and tab.ui.controls.settings() == tab.settings
