"""The Neural network tab trains with any of the Gradient descent tab's six optimizers: the
control shows the rule and values in use, the run's epochs are that rule written out by hand,
and sessions, state codes, presets, rewinds and the exported script carry it."""

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel

from engine.descent.optimizers import OPTIMIZERS
from engine.network.landscape import gradient_at
from gui import state_code
from gui.export import write_text
from gui.tabs.descent.controls import OptimizerControls
from gui.tabs.network.build import build_network, load_parameters
from gui.tabs.network.settings import NetworkSettings
from gui.theme import optimizer_color


def choose(tab, key: str) -> None:
    combo = tab.findChild(QComboBox, "optimizer_combo")
    combo.setCurrentIndex(combo.findData(key))
    combo.activated.emit(combo.currentIndex())


def step_once(qtbot, tab):
    epoch = tab.latest.training.epoch
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == epoch + 1, timeout=20_000)


def rows_shown(tab) -> set[str]:
    return {name for name, widget in tab.ui.controls.rule.fields.items() if widget.isVisible()}


def by_hand(key: str, s: NetworkSettings, theta: np.ndarray, grad, memory: dict) -> np.ndarray:
    """One step of rule ``key`` on the flattened θ, as its formula reads (α = η)."""
    eta = s.learning_rate
    if key == "adam":
        t = memory["t"] = memory.get("t", 0) + 1
        g = grad(theta)
        memory["m"] = s.beta1 * memory.get("m", 0.0) + (1 - s.beta1) * g
        memory["v"] = s.beta2 * memory.get("v", 0.0) + (1 - s.beta2) * g**2
        m_hat, v_hat = memory["m"] / (1 - s.beta1**t), memory["v"] / (1 - s.beta2**t)
        return theta - eta * m_hat / (np.sqrt(v_hat) + s.epsilon)
    if key == "nesterov":
        v = memory.get("v", np.zeros_like(theta))
        memory["v"] = s.momentum * v - eta * grad(theta + s.momentum * v)
        return theta + memory["v"]
    if key == "rmsprop":
        g = grad(theta)
        memory["s"] = s.rho * memory.get("s", 0.0) + (1 - s.rho) * g**2
        return theta - eta * g / (np.sqrt(memory["s"]) + s.epsilon)
    raise AssertionError(key)


def theta_of(tab) -> np.ndarray:
    network = build_network(tab.settings, tab.dataset)
    load_parameters(network, *tab.model.parameters())
    return network, network.params[0].copy()


@pytest.mark.parametrize("key, values", [
    ("adam", dict(learning_rate=0.02, beta1=0.8, beta2=0.99, epsilon=1e-7)),
    ("nesterov", dict(learning_rate=0.1, momentum=0.7)),
    ("rmsprop", dict(learning_rate=0.01, rho=0.8, epsilon=1e-6)),
])
def test_an_epoch_of_the_tabs_run_is_the_rule_written_out_on_theta(qtbot, tab, key, values):
    # two moons in mini-batches of 16, in order: one epoch is ten steps of the rule
    settings = replace(tab.settings, dataset="two moons", batch_mode="mini", batch_size=16,
                       shuffle=False, optimizer=key, **values)
    tab.model.edit(settings)
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=20_000)
    assert tab.latest.training.rule == settings.rule()
    network, theta = theta_of(tab)
    X, y = tab.dataset.X_train, tab.dataset.y_train
    memory = {}
    for epoch in (1, 2):
        for start in range(0, len(y), 16):
            rows = slice(start, start + 16)
            theta = by_hand(key, settings, theta,
                            lambda p, r=rows: gradient_at(network, p, X[r], y[r]), memory)
        step_once(qtbot, tab)
        assert tab.latest.training.epoch == epoch
        np.testing.assert_allclose(theta_of(tab)[1], theta, rtol=0, atol=1e-12)


def test_the_control_offers_the_six_rules_in_the_descent_tabs_names_and_colours(qtbot, tab):
    combo = tab.findChild(QComboBox, "optimizer_combo")
    assert [combo.itemData(i) for i in range(combo.count())] == list(OPTIMIZERS)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        cls.name for cls in OPTIMIZERS.values()]
    for i in range(combo.count()):
        colour = optimizer_color(combo.itemData(i)).lower()
        assert combo.itemData(i, Qt.ItemDataRole.ForegroundRole).name() == colour
        square = combo.itemIcon(i).pixmap(12, 12).toImage()
        assert square.pixelColor(6, 6).name() == colour
    assert combo.currentData() == "momentum" and rows_shown(tab) == {"momentum"}
    descent = OptimizerControls()
    qtbot.addWidget(descent)
    for name, theirs in (("momentum", descent.mu), ("beta1", descent.beta1),
                         ("beta2", descent.beta2)):
        ours = tab.findChild(QDoubleSpinBox, f"{name}_spin")
        assert (ours.minimum(), ours.maximum(), ours.decimals()) == (
            theirs.minimum(), theirs.maximum(), theirs.decimals())


@pytest.mark.parametrize("key, shown", [
    ("gd", set()), ("nesterov", {"momentum"}), ("adagrad", {"epsilon"}),
    ("rmsprop", {"rho", "epsilon"}), ("adam", {"beta1", "beta2", "epsilon"}),
])
def test_choosing_a_rule_applies_live_and_shows_only_its_values(
        qtbot, tab, key, shown):
    step_once(qtbot, tab)
    weights = tab.latest.training.weights
    choose(tab, key)
    assert rows_shown(tab) == shown
    step_once(qtbot, tab)
    assert tab.latest.training.epoch == 2  # the run went on: the weights carried over
    assert tab.settings.optimizer == key and tab.latest.training.rule == tab.settings.rule()
    assert tab.ui.controls.settings() == tab.settings
    assert not np.array_equal(tab.latest.training.weights[0], weights[0])


def test_the_status_says_that_a_new_rule_starts_its_memory_from_zero(qtbot, tab):
    said = []
    tab.model.connect("status", lambda text, kind: said.append(text))
    choose(tab, "adam")
    assert "Optimizer now Adam" in said[-1] and "memory starts from zero" in said[-1]
    assert "β₁ = 0.9" in said[-1]
    tab.ui.controls.rule.beta1.setValue(0.85)
    assert said[-1].startswith("Applied live: Adam") and "β₁ = 0.85" in said[-1]
    step_once(qtbot, tab)
    assert tab.latest.training.rule.beta1 == 0.85


def test_eta_stays_live_for_adam_and_the_memory_carries_on(qtbot, tab):
    choose(tab, "adam")
    step_once(qtbot, tab)
    tab.ui.controls.learning_rate.set_value(0.01)
    step_once(qtbot, tab)
    assert tab.latest.training.rule == replace(tab.settings, learning_rate=0.01).rule()
    assert tab.latest.training.learning_rate == 0.01


def test_sessions_and_state_codes_keep_the_rule_and_old_sessions_load_momentum(qtbot, tab):
    choose(tab, "rmsprop")
    tab.ui.controls.rule.rho.setValue(0.75)
    step_once(qtbot, tab)
    state = json.loads(json.dumps(tab.state()))
    assert state["settings"]["optimizer"] == "rmsprop" and state["settings"]["rho"] == 0.75
    code = state_code.encode({"network": state})
    tab.reset()
    choose(tab, "gd")
    tab.set_state(state_code.decode(code)["network"])
    controls = tab.ui.controls
    assert controls.rule.key() == "rmsprop" and controls.rule.rho.value() == 0.75
    assert rows_shown(tab) == {"rho", "epsilon"}
    step_once(qtbot, tab)
    assert tab.latest.training.rule == tab.settings.rule()
    old = json.loads(json.dumps(state))
    for name in ("optimizer", "rho", "beta1", "beta2", "epsilon"):
        del old["settings"][name]  # as saved before the optimizer was a setting
    tab.set_state(old)
    assert controls.rule.key() == "momentum" and tab.settings.optimizer == "momentum"
    assert rows_shown(tab) == {"momentum"}


def test_a_bad_rule_in_a_session_is_refused_with_its_name(qtbot, tab):
    state = json.loads(json.dumps(tab.state()))
    state["settings"]["optimizer"] = "lbfgs"
    with pytest.raises(ValueError, match="optimizer"):
        tab.set_state(state)
    state["settings"]["optimizer"], state["settings"]["beta2"] = "adam", 1.0
    with pytest.raises(ValueError, match="beta2"):
        tab.set_state(state)
    assert tab.settings.optimizer == "momentum"


def test_the_notes_preset_trains_with_the_notes_momentum(qtbot, tab):
    choose(tab, "adam")
    preset = tab.ui.controls.preset
    assert preset.currentData() == ""  # Adam is not the recommended set-up
    preset.setCurrentIndex(preset.findData("notes"))
    preset.activated.emit(preset.currentIndex())
    assert tab.settings.optimizer == "momentum" and tab.ui.controls.rule.key() == "momentum"
    assert preset.currentData() == "notes"
    step_once(qtbot, tab)
    assert tab.latest.training.rule == tab.settings.rule()


def test_rewinding_past_a_change_of_rule_goes_on_with_the_rule_in_use(qtbot, tab):
    for _ in range(2):
        step_once(qtbot, tab)
    choose(tab, "adam")
    step_once(qtbot, tab)
    assert tab.model.rewind(1)
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=20_000)
    step_once(qtbot, tab)
    assert tab.latest.training.rule == tab.settings.rule()
    assert tab.ui.controls.rule.key() == "adam"


def test_the_exported_script_reproduces_a_run_with_adam(qtbot, tab, tmp_path):
    choose(tab, "adam")
    tab.ui.controls.learning_rate.set_value(0.05)
    for _ in range(20):
        tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch >= 20, timeout=20_000)
    t = tab.latest.training
    (make,) = tab.export_scripts().values()
    source = make()
    assert "Adam, η = 0.05, β₁ = 0.9, β₂ = 0.999, ε = 1e-08" in source
    script = tmp_path / "run.py"
    write_text(script, source)
    printed = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                             text=True, check=True, timeout=120).stdout.splitlines()
    losses = np.array([float(line.rsplit(" ", 1)[1]) for line in printed])
    assert len(losses) == t.epoch
    # the tab keeps its curve as float32: equal to that precision
    np.testing.assert_allclose(losses[t.history_epochs - 1], t.loss_history[:, 0], rtol=1e-6)


def test_hidden_rows_keep_their_labels_hidden_too(qtbot, tab):
    choose(tab, "gd")
    for name in ("momentum", "rho", "beta1", "beta2", "epsilon"):
        assert not tab.findChild(QLabel, f"{name}_label").isVisible()
    choose(tab, "adam")
    assert tab.findChild(QLabel, "beta1_label").isVisible()
