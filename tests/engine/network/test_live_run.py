"""The live view's job: snapshots carry an even selection of the loss history."""

import time

import numpy as np

from engine.network import live_run
from engine.network.datasets import xor
from engine.network.live_run import LiveRun
from engine.network.network import Network
from engine.network.training import TrainingRun

XOR = xor()


def _job(n_networks=None):
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1, n_networks=n_networks)
    return LiveRun(TrainingRun(net, XOR.X_train, XOR.y_train, max_epochs=10**6), XOR.X_train)


def test_a_long_history_travels_thinned_with_its_last_epoch(monkeypatch):
    monkeypatch.setattr(live_run, "HISTORY_VALUES", 100)
    monkeypatch.setattr(live_run, "HISTORY_ROWS", 10)
    job = _job()
    job.step(1000)
    sent = job.snapshot().training
    full = job.run.snapshot()
    assert len(full.history_epochs) == 1000
    assert 90 <= len(sent.history_epochs) <= 101 and sent.history_epochs[-1] == 1000
    assert np.all(np.diff(sent.history_epochs) > 0)
    rows = sent.history_epochs - 1  # epochs count from 1
    np.testing.assert_array_equal(sent.loss_history, full.loss_history[rows])


def test_many_networks_still_get_the_minimum_rows_each(monkeypatch):
    monkeypatch.setattr(live_run, "HISTORY_VALUES", 100)
    monkeypatch.setattr(live_run, "HISTORY_ROWS", 40)
    job = _job(n_networks=20)
    job.step(500)
    sent = job.snapshot().training
    assert sent.loss_history.shape[1] == 20
    assert 40 <= len(sent.history_epochs) <= 41 and sent.history_epochs[-1] == 500


def test_a_short_history_travels_whole():
    job = _job()
    job.step(30)
    sent = job.snapshot().training
    np.testing.assert_array_equal(sent.history_epochs, np.arange(1, 31))


def test_one_epoch_chunks_do_not_each_pay_for_a_snapshot(monkeypatch):
    job = _job()
    job.step(1)  # the first snapshot
    made = []
    original = job.run.snapshot
    monkeypatch.setattr(job.run, "snapshot", lambda *a: made.append(1) or original(*a))
    started = time.perf_counter()
    for _ in range(200):
        job.step(1)
    elapsed = time.perf_counter() - started
    # at most one per SNAPSHOT_INTERVAL_S (and one more for a slow machine's rounding)
    assert len(made) <= elapsed / live_run.SNAPSHOT_INTERVAL_S + 2
    assert job.run.epoch == 201
