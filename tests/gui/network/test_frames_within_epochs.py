"""A costly run of several mini-batches is driven update by update: frames come part-way
through an epoch, the status line says how far and what its figures measure, and Step
and the speed box still count epochs."""

import math

import numpy as np
from PySide6.QtCore import Qt

from engine.network import training
from engine.network.datasets import spirals
from engine.network.network import Network
from engine.network.training import TrainingRun
from gui.tabs.network.status import describe

DATA = spirals(n=300, seed=1)  # 225 training rows: 15 updates of 16 an epoch


def _run(costly: bool, monkeypatch) -> TrainingRun:
    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 0 if costly else 10**12)
    net = Network([2, 6, 1], ["tanh", "sigmoid"], seed=2)
    return TrainingRun(net, DATA.X_train, DATA.y_train, X_test=DATA.X_test, y_test=DATA.y_test,
                       batch_size=16, running_metrics=True)


def test_the_status_says_how_far_into_the_epoch_and_what_the_figures_measure(monkeypatch):
    run = _run(True, monkeypatch)
    run.run_batches(2 * 15 + 5)
    text = describe(run.snapshot(), 2, 0.0)
    share = math.floor(100 * 5 / math.ceil(225 / 16))  # 5 of 15 updates, rounded down
    assert f"Epoch 2 · {share}% into epoch 3" in text and share == 33
    assert text.endswith("figures from epoch 2")
    first = _run(True, monkeypatch)
    first.run_batches(14)  # the last update of the first epoch is not done: not 100%
    text = describe(first.snapshot(), 0, 0.0)
    assert "Epoch 0 · 93% into epoch 1" in text
    assert text.endswith("figures so far in epoch 1")


def test_a_cheap_run_between_epochs_says_nothing_more(monkeypatch):
    run = _run(False, monkeypatch)
    run.run_epochs(3)
    text = describe(run.snapshot(), 3, 0.0)
    assert text.startswith("Epoch 3 · loss") and "figures" not in text and "into" not in text


def test_step_and_speed_count_epochs_for_a_run_driven_by_updates(qtbot, tab, monkeypatch):
    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 0)  # every run is costly
    controls = tab.ui.controls
    controls.dataset.setCurrentIndex(controls.dataset.findData("two spirals"))
    controls.dataset.activated.emit(controls.dataset.currentIndex())
    controls.batch_mode.setCurrentIndex(controls.batch_mode.findData("mini"))
    controls.batch_mode.activated.emit(controls.batch_mode.currentIndex())
    controls.batch_size.setValue(16)
    controls.max_epochs.setValue(10**6)
    qtbot.waitUntil(lambda: tab.latest is not None and tab.settings.batch == 16
                    and tab.settings.dataset == "two spirals", timeout=30_000)  # fmt: skip
    per_epoch = math.ceil(len(tab.dataset.y_train) / 16)
    assert tab.latest.units_per_epoch == per_epoch > 1
    tab.ui.transport.speed.setCurrentIndex(tab.ui.transport.speed.findData(10.0))
    assert tab.worker._units_per_second == 10.0 * per_epoch  # 10 epochs per second
    tab.ui.transport.speed.setCurrentIndex(0)
    tab.play()
    qtbot.waitUntil(lambda: tab.latest.training.batch > 0, timeout=60_000)  # mid-epoch
    tab.pause()
    qtbot.wait(300)  # the pause's refresh brings where the run stopped
    paused = tab.latest.training
    assert "into epoch" in tab.status_text or paused.batch == 0
    qtbot.mouseClick(tab.ui.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.latest.training.epoch == paused.epoch + 1, timeout=60_000)
    qtbot.wait(100)
    stepped = tab.latest.training
    assert (stepped.epoch, stepped.batch) == (paused.epoch + 1, paused.batch)
    assert len(stepped.loss_history) == stepped.epoch
    assert np.isfinite(stepped.train_loss).all()
