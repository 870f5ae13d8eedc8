"""The Neural network tab driven like a student would; numbers checked by an independent
forward pass and finite differences written here with plain NumPy."""

import json
import multiprocessing
import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from gui.process_worker import PROCESS_NAME, close_trainers
from gui.tabs.network import NetworkTab
from gui.worker import live_threads

XOR_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(weights, biases, X, hidden=np.tanh, output=sigmoid):
    """a^L for rows of X, written independently of the engine."""
    a = X.T
    for m, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = np.asarray(W) @ a + np.asarray(b).reshape(-1, 1)
        a = output(z) if m == len(weights) - 1 else hidden(z)
    return a


def parameters(tab):
    t = tab.latest.training
    return [W[0] for W in t.weights], [b[0] for b in t.biases]


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=30_000)
    yield widget
    widget.shutdown()


def fastest(tab):
    tab.ui.transport.speed.setCurrentIndex(0)


def set_layers(qtbot, tab, text):
    box = tab.ui.controls.layers
    box.setText(text)
    box.editingFinished.emit()


def test_play_on_the_default_preset_solves_xor(qtbot, tab):
    fastest(tab)
    qtbot.mouseClick(tab.ui.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=60_000)
    t = tab.latest.training
    assert t.epoch == 1000 and bool(t.solved[0])
    table = tab.ui.table
    assert [table.cell_text(r, 2) for r in range(4)] == ["[0]", "[1]", "[1]", "[0]"]
    outputs = forward(*parameters(tab), XOR_X)[0]
    shown = [float(table.cell_text(r, 1).replace("−", "-")) for r in range(4)]
    np.testing.assert_allclose(shown, outputs, rtol=1e-3)
    assert "Epoch 1,000" in tab.status_text and "accuracy 100%" in tab.status_text


def test_pause_stops_the_epochs_and_step_adds_exactly_one(qtbot, tab):
    fastest(tab)
    tab.ui.controls.max_epochs.setValue(10**7)
    tab.play_pause()
    qtbot.waitUntil(lambda: tab.latest.training.epoch > 200, timeout=30_000)
    tab.play_pause()
    assert tab.worker.state == "paused"
    # the pause's refresh brings the true epoch; nothing after it may move the epoch
    qtbot.wait(300)
    paused_at = tab.latest.training.epoch
    qtbot.wait(200)
    assert tab.latest.training.epoch == paused_at
    qtbot.mouseClick(tab.ui.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.latest.training.epoch == paused_at + 1, timeout=60_000)
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == paused_at + 2, timeout=60_000)
    qtbot.wait(100)
    assert tab.latest.training.epoch == paused_at + 2


def test_changing_the_architecture_resets_with_fresh_weights(qtbot, tab):
    fastest(tab)
    tab.play()
    qtbot.waitUntil(lambda: tab.latest.training.epoch > 50, timeout=30_000)
    set_layers(qtbot, tab, "2-3-3-1")
    qtbot.waitUntil(lambda: tab.latest is not None and len(tab.latest.training.weights) == 3,
                    timeout=60_000)
    t = tab.latest.training
    assert t.epoch == 0 and tab.worker.state == "paused"
    assert [W.shape[1:] for W in t.weights] == [(3, 2), (3, 3), (1, 3)]
    assert tab.findChild(type(tab.ui.controls.loss), "activation_3") is not None
    assert "fresh starting weights" in tab.findChild(QLabel, "boundary_message").text()


def test_learning_rate_and_momentum_apply_live_without_reset(qtbot, tab):
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    tab.ui.controls.learning_rate.set_value(0.1)
    tab.ui.controls.momentum.setValue(0.5)
    qtbot.waitUntil(lambda: tab.latest.training.momentum == 0.5, timeout=60_000)
    t = tab.latest.training
    assert t.learning_rate == pytest.approx(0.1) and t.epoch == 1


@pytest.mark.parametrize("text, words", [
    ("2-x-1", "'x' is not a whole number"),
    ("2-1000000-1", "limit is 64"),
    ("-".join(["2"] + ["4"] * 100 + ["1"]), "100 hidden layers"),
    ("2", "at least an input and an output"),
])
def test_absurd_layer_sizes_are_refused_with_a_message(qtbot, tab, text, words):
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    set_layers(qtbot, tab, text)
    message = tab.findChild(QLabel, "layers_message")
    assert message.isVisible() and words in message.text() and "keeping 2-4-1" in message.text()
    assert tab.latest.training.epoch == 1 and tab.settings.layers == (2, 4, 1)


def test_first_layer_that_does_not_fit_the_data_is_explained(qtbot, tab):
    set_layers(qtbot, tab, "3-4-1")
    # the tab keeps the hidden layers and fits the ends to XOR's 2 inputs and 1 output
    assert tab.settings.layers == (2, 4, 1)
    assert tab.findChild(QLineEdit, "layers_input").text() == "2-4-1"


def test_divergence_stops_with_a_message_and_keeps_the_last_good_state(qtbot, tab):
    fastest(tab)
    controls = tab.ui.controls
    controls.loss.setCurrentIndex(controls.loss.findData("squared_error"))
    set_layers(qtbot, tab, "2-8-1")
    combos = [tab.findChild(type(controls.loss), f"activation_{m}") for m in (1, 2)]
    combos[0].setCurrentIndex(combos[0].findData("relu"))
    combos[1].setCurrentIndex(combos[1].findData("linear"))
    controls.loss.activated.emit(0)
    controls.learning_rate.set_value(100.0)
    assert tab.settings.activations == ("relu", "linear")
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=30_000)
    t = tab.latest.training
    assert t.status == "diverged"
    message = tab.findChild(QLabel, "boundary_message")
    assert message.isVisible() and "diverged" in message.text().lower()
    assert all(np.isfinite(W).all() for W in t.weights)
    assert np.isfinite(tab.ui.boundary.image.image).all()
    tab.play()  # pressing play again explains instead of doing nothing
    assert "Lower the learning rate" in message.text()


def test_csv_with_a_bad_cell_shows_the_dataset_error(qtbot, tab, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n0,0,a\n1,oops,b\n0,1,b\n1,1,a\n")
    tab.ui.controls.use_csv(str(path))
    message = tab.findChild(QLabel, "data_message")
    assert message.isVisible() and "row 3, column 2" in message.text()
    good = tmp_path / "three.csv"
    rows = "\n".join(f"{i % 2},{(i // 2) % 2},{i % 3},{'yes' if i % 2 else 'no'}"
                     for i in range(12))
    good.write_text(rows + "\n")
    tab.ui.controls.use_csv(str(good))
    assert not message.isVisible()
    assert tab.settings.layers == (3, 4, 1)
    assert "needs exactly 2" in tab.findChild(QLabel, "boundary_message").text()


def test_state_round_trip_restores_weights_and_refuses_misfits(qtbot, tab):
    fastest(tab)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=30_000)
    state = json.loads(json.dumps(tab.state()))
    assert len(state["loss_history"]["train"]) == 1000
    other = NetworkTab()
    qtbot.addWidget(other)
    try:
        other.set_state(state)
        qtbot.waitUntil(lambda: other.latest is not None, timeout=60_000)
        for mine, theirs in zip(parameters(tab), parameters(other), strict=True):
            for a, b in zip(mine, theirs, strict=True):
                np.testing.assert_allclose(a, b)
        assert other.model.epoch() == 1000
        bad = json.loads(json.dumps(state))
        bad["weights"][0] = [[1.0, 2.0, 3.0]]
        with pytest.raises(ValueError, match="W\\^1 must be 4 × 2"):
            other.set_state(bad)
        bad = json.loads(json.dumps(state))
        bad["settings"]["learning_rate"] = 1e6
        with pytest.raises(ValueError, match="learning_rate"):
            other.set_state(bad)
    finally:
        other.shutdown()


def test_inspector_matches_independent_finite_differences(qtbot, tab):
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    dialog = tab.open_inspector(sample_index=1)
    qtbot.waitUntil(lambda: dialog.inspection is not None, timeout=30_000)
    weights, biases = parameters(tab)
    x, y = XOR_X[1:2], 1.0

    def cost(ws, bs):
        a = forward(ws, bs, x)[0, 0]
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))

    h = 1e-6
    shown = dialog.inspection.layers[0].dC_dW
    for i in range(4):
        for j in range(2):
            up = [W.copy() for W in weights]
            down = [W.copy() for W in weights]
            up[0][i, j] += h
            down[0][i, j] -= h
            fd = (cost(up, biases) - cost(down, biases)) / (2 * h)
            assert shown[i, j] == pytest.approx(fd, rel=1e-5, abs=1e-9)
    assert dialog.inspection.max_relative_error < 1e-6
    assert "Largest relative error" in dialog.summary.text()


def test_many_starts_share_matches_an_independent_count(qtbot, tab):
    tab.ui.controls.max_epochs.setValue(300)
    panel = tab.ui.many_starts
    panel.count.setValue(20)
    qtbot.mouseClick(panel.train, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.worker.state == "finished", timeout=60_000)
    t = panel.latest
    solved = 0
    for k in range(20):
        out = forward([W[k] for W in t.weights], [b[k] for b in t.biases], XOR_X)[0]
        solved += int(np.array_equal((out > 0.5).astype(int), XOR_Y))
    assert f"{solved} of 20 networks solve" in panel.summary.text()
    k = panel.selected()
    panel.continue_button.click()
    qtbot.waitUntil(lambda: tab.latest is not None and tab.settings.seed == k, timeout=60_000)
    np.testing.assert_allclose(tab.latest.training.weights[0][0], t.weights[0][k])
    assert tab.model.epoch() == 300


def test_diagram_hover_names_the_weight_in_the_notes_notation(qtbot, tab):
    diagram = tab.ui.diagram
    diagram._layout()
    links = diagram._links
    row = links[(links[:, 4] == 2) & (links[:, 5] == 0) & (links[:, 6] == 3)][0]
    middle = QPointF((row[0] + row[2]) / 2, (row[1] + row[3]) / 2)
    W2 = tab.latest.training.weights[1][0]
    assert diagram.describe(middle).startswith("W²₁₄ = ")
    value = float(diagram.describe(middle).split("= ")[1].replace("−", "-"))
    assert value == pytest.approx(W2[0, 3], rel=1e-3)
    tab.ui.gradient_check.setChecked(True)
    assert diagram.describe(middle).startswith("∂C/∂W²₁₄ = ")


def test_closing_mid_training_leaves_no_thread(qtbot, tab):
    fastest(tab)
    tab.ui.controls.max_epochs.setValue(10**7)
    tab.play()
    qtbot.waitUntil(lambda: tab.latest.training.epoch > 100, timeout=30_000)
    tab.ui.many_starts.count.setValue(50)
    tab.ui.many_starts.train.click()
    tab.shutdown()
    assert not live_threads()
    # the trainer processes wait for reuse; at quit they end, promptly
    started = time.monotonic()
    close_trainers()
    assert time.monotonic() - started < 3.0
    assert not [p for p in multiprocessing.active_children() if p.name == PROCESS_NAME]


def test_closing_with_only_many_starts_built_ends_its_trainer(qtbot, monkeypatch):
    # Many starts asked for before the tab's turn built the Landscape panel (a loaded
    # machine): its trainer must end with the tab all the same
    monkeypatch.setattr(NetworkTab, "_build_side_panels", lambda self: None)
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=30_000)
    panel = widget.ui.many_starts
    panel.count.setValue(50)
    panel.train.click()
    qtbot.waitUntil(lambda: panel.worker.state == "running", timeout=30_000)
    assert not widget.ui.side_panels_built
    widget.shutdown()
    close_trainers()
    assert not [p for p in multiprocessing.active_children() if p.name == PROCESS_NAME]


def test_the_legends_name_a_test_curve_only_when_there_is_a_test_set(qtbot, tab):
    def legend(plot):
        return [label.text for _, label in plot.legend.items]

    curves = tab.ui.curves
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    assert legend(curves.loss_plot) == legend(curves.accuracy_plot) == ["train"]
    controls = tab.ui.controls
    controls.dataset.setCurrentIndex(controls.dataset.findData("two spirals"))
    controls.dataset.activated.emit(controls.dataset.currentIndex())
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    assert legend(curves.loss_plot) == legend(curves.accuracy_plot) == ["train", "test"]


def test_raising_stop_after_trains_on_from_where_the_run_stopped(qtbot, tab):
    fastest(tab)
    tab.ui.controls.max_epochs.setValue(40)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=60_000)
    assert tab.latest.training.epoch == 40
    assert "stopped at epoch 40" in tab.status_text
    tab.play()  # nothing to do: the message says how to go on
    assert "raise it to train on" in tab.status_text
    tab.ui.controls.max_epochs.setValue(90)  # the run was playing when it stopped: it goes on
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 90, timeout=60_000)
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=60_000)
    t = tab.latest.training
    assert t.epoch == 90 and len(t.history_epochs) == 90  # one run: momentum and curve kept
    assert "stopped at epoch 90" in tab.status_text


def test_stop_after_counts_the_epochs_of_a_restored_curve(qtbot, tab):
    fastest(tab)
    tab.ui.controls.max_epochs.setValue(30)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=60_000)
    state = json.loads(json.dumps(tab.state()))
    state["settings"]["max_epochs"] = 50
    tab.set_state(state)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=60_000)
    assert tab.model.epoch() == 50
    assert "Epoch 50" in tab.status_text


def test_the_parameters_export_as_npz_and_json_with_the_notes_shapes(qtbot, tab, tmp_path):
    from gui.export import write_arrays

    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    (name, arrays), = tab.export_arrays().items()
    assert "W" in name
    write_arrays(tmp_path / "p.npz", arrays)
    write_arrays(tmp_path / "p.json", arrays)
    saved, listed = np.load(tmp_path / "p.npz"), json.loads((tmp_path / "p.json").read_text())
    weights, biases = parameters(tab)
    for m in (1, 2):
        np.testing.assert_array_equal(saved[f"W{m}"], weights[m - 1])
        np.testing.assert_array_equal(saved[f"b{m}"], biases[m - 1])
        np.testing.assert_allclose(listed[f"W{m}"], weights[m - 1])
    assert saved["W1"].shape == (4, 2) and saved["b1"].shape == (4, 1)
    assert list(saved["layer_sizes"]) == [2, 4, 1] and int(saved["epoch"]) == 1


def test_many_starts_that_would_need_too_much_memory_are_refused_with_a_message(qtbot, tab):
    controls = tab.ui.controls
    controls.dataset.setCurrentIndex(controls.dataset.findData("two spirals"))
    controls.dataset.activated.emit(controls.dataset.currentIndex())
    controls.samples.setValue(controls.samples.maximum())
    set_layers(qtbot, tab, "-".join(["2"] + ["64"] * 8 + ["1"]))
    assert tab.settings.layers[1:-1] == (64,) * 8  # one such network fits in memory
    panel = tab.ui.many_starts
    panel.count.setValue(panel.count.maximum())
    qtbot.mouseClick(panel.train, Qt.MouseButton.LeftButton)
    assert "GB of memory" in panel.summary.text() and panel.worker.state == "idle"


def test_refused_data_keeps_the_run_on_screen_and_its_settings(qtbot, tab, tmp_path):
    tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 1, timeout=60_000)
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n0,0,a\n1,oops,b\n")
    tab.ui.controls.use_csv(str(path))
    message = tab.findChild(QLabel, "data_message")
    assert message.isVisible() and "keeping the current network" in message.text()
    assert tab.settings.dataset == tab.ui.controls.dataset.currentData() == "XOR truth table"
    tab.step()  # the same run goes on
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 2, timeout=60_000)


def test_without_processes_training_falls_back_to_a_thread(qtbot, monkeypatch):
    from gui import process_worker
    from gui.worker import Worker

    monkeypatch.setattr(process_worker, "processes_available", lambda: False)
    widget = NetworkTab()
    qtbot.addWidget(widget)
    try:
        assert type(widget.worker) is Worker and type(widget.ui.many_starts.worker) is Worker
        fastest(widget)
        widget.ui.controls.max_epochs.setValue(300)
        widget.play()
        qtbot.waitUntil(lambda: widget.worker.state == "finished", timeout=60_000)
        assert widget.latest.training.epoch == 300
    finally:
        widget.shutdown()


def test_processes_are_available_here():
    from gui.process_worker import processes_available

    assert processes_available()  # else every other test here ran the fallback


def test_the_inspector_follows_a_new_network_whose_first_weights_are_still_coming(qtbot, tab):
    dialog = tab.open_inspector(sample_index=1)
    qtbot.waitUntil(lambda: dialog.inspection is not None, timeout=30_000)
    shown_weights = tab.inspection._target
    set_layers(qtbot, tab, "2 3 3 1")
    # as while the preparer works out a large new run's first snapshot: the dialog still
    # holds the old network's weights and there is no run to take new ones from
    tab.model.latest, tab.inspection._target = None, shown_weights
    dialog.sample_chosen.emit(2)  # the inspector's weights no longer fit the network
    qtbot.waitUntil(lambda: dialog.inspection is not None
                    and len(dialog.inspection.layers) == 3, timeout=30_000)
    assert dialog.current_sample() == 2
