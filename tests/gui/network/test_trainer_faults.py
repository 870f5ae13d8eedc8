"""Fault injection on the Neural network tab's trainer process (issue 14 item 14): a killed
trainer is reported, and Play goes on from the last weights in a new one; a stopped and
continued trainer picks up where it was."""

import os
import signal

import numpy as np
import pytest

from gui.process_worker import ProcessWorker
from gui.tabs.network import NetworkTab


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.show()
    if not isinstance(widget.worker, ProcessWorker):
        widget.shutdown()
        pytest.skip("no trainer processes here")
    widget.ui.transport.speed.setCurrentIndex(0)  # as fast as possible
    widget.ui.controls.max_epochs.setValue(10**7)
    yield widget
    widget.shutdown()


def trainer_pid(tab) -> int:
    return tab.worker._trainer.process.pid


def process_state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def train_to(qtbot, tab, epoch: int) -> None:
    tab.play()
    qtbot.waitUntil(lambda: tab.latest.training.epoch >= epoch, timeout=10_000)


def test_after_sigkill_play_goes_on_from_the_last_weights(qtbot, tab):
    train_to(qtbot, tab, 50)
    pid = trainer_pid(tab)
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "Training stopped" in tab.status_text, timeout=5000)
    assert "Press Play to go on from the weights of epoch" in tab.status_text
    assert tab.model.failure and tab.worker.state == "idle"
    epoch = tab.model.epoch()
    weights = [W[0].copy() for W in tab.latest.training.weights]
    tab.pause()  # a paused tab with a dead trainer: Play is what the message promised
    tab.play()
    assert "goes on from the weights of epoch" in tab.status_text
    # the new run starts from exactly the weights last seen, and the epochs carry on
    for W, W_new in zip(weights, tab.model.parameters()[0], strict=True):
        np.testing.assert_array_equal(W, W_new)
    qtbot.waitUntil(lambda: tab.model.epoch() > epoch + 50, timeout=10_000)
    assert trainer_pid(tab) != pid and tab.worker.state == "running"
    assert not tab.model.failure
    loss = tab.latest.training.train_loss[0]
    assert np.isfinite(loss)


def test_after_sigkill_while_paused_step_also_restarts(qtbot, tab):
    train_to(qtbot, tab, 20)
    tab.pause()
    os.kill(trainer_pid(tab), signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(tab.model.failure), timeout=5000)
    epoch = tab.model.epoch()
    tab.step()
    qtbot.waitUntil(lambda: tab.model.epoch() == epoch + 1, timeout=10_000)


def test_sigstop_then_sigcont_recovers_without_a_restart(qtbot, tab):
    train_to(qtbot, tab, 20)
    pid = trainer_pid(tab)
    os.kill(pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: process_state(pid) == "T", timeout=5000)
        stopped_at = tab.model.epoch()
        tab.ui.controls.learning_rate.set_value(0.1)  # the GUI still takes input
        assert tab.settings.learning_rate == 0.1
    finally:
        os.kill(pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: tab.model.epoch() > stopped_at + 100, timeout=10_000)
    assert trainer_pid(tab) == pid and not tab.model.failure
    qtbot.waitUntil(lambda: tab.latest.training.learning_rate == pytest.approx(0.1),
                    timeout=5000)
