"""The live view's job: snapshots carry an even selection of the loss history."""


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


def test_a_step_hands_back_the_run_as_it_is_now():
    # the pacing of frames is gui.job_loop's alone: a step's snapshot is never an old one
    job = _job()
    for epoch in range(1, 6):
        snapshot = job.step(1)
        assert snapshot.training.epoch == job.run.epoch == epoch


def _costly_job(monkeypatch, batch, by_batches=True, costly=True, grid_resolution=None):
    from engine.network import training
    from engine.network.datasets import spirals

    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 0 if costly else 10**12)
    data = spirals(n=300, seed=1)
    net = Network([2, 8, 1], ["tanh", "sigmoid"], seed=1)
    run = TrainingRun(net, data.X_train, data.y_train, X_test=data.X_test, y_test=data.y_test,
                      batch_size=batch, momentum=0.9, max_epochs=10**6,
                      grid_resolution=grid_resolution, hidden_grid_resolution=8)
    return LiveRun(run, data.X_train, by_batches=by_batches)


def test_only_a_costly_epoch_of_several_updates_is_driven_by_updates(monkeypatch):
    assert _costly_job(monkeypatch, 16).units_per_epoch == 15  # ⌈225 / 16⌉
    assert _costly_job(monkeypatch, 16, by_batches=False).units_per_epoch == 1
    assert _costly_job(monkeypatch, 16, costly=False).units_per_epoch == 1
    assert _costly_job(monkeypatch, None).units_per_epoch == 1  # full batch: one update


def test_a_job_driven_by_updates_trains_and_records_like_one_driven_by_epochs(monkeypatch):
    updates, epochs = _costly_job(monkeypatch, 16), _costly_job(monkeypatch, 16, False)
    for n in (1, 7, 14, 3, 45, 20):  # 90 updates: 6 epochs
        updates.advance(n)
    epochs.advance(6)
    shown = updates.snapshot()
    assert shown.units_per_epoch == 15 and shown.training.epoch == 6
    assert shown.checkpoints == epochs.snapshot().checkpoints == (0, 1, 2, 4)
    assert np.array_equal(updates.run.network.params, epochs.run.network.params)
    updates.advance(20)  # part-way through epoch 8: the snapshot says so
    t = updates.snapshot().training
    assert (t.epoch, t.batch, t.batches_per_epoch) == (7, 5, 15)
    live_run.rewind(4, updates)
    live_run.rewind(4, epochs)
    updates.step(30)
    epochs.step(2)
    assert np.array_equal(updates.run.network.params, epochs.run.network.params)


def test_weights_gone_wild_part_way_through_an_epoch_are_not_shown(monkeypatch):
    job = _costly_job(monkeypatch, 16)
    job.advance(3)
    shown = job.snapshot()
    job.run.network.params[0, 0] = np.inf  # as a huge step would leave them
    job.advance(2)
    assert job.snapshot() is shown


def test_a_frame_without_its_picture_has_no_grids_and_the_same_numbers(monkeypatch):
    job = _costly_job(monkeypatch, 16, grid_resolution=20)
    job.run.hidden_maps = True
    job.advance(20)
    whole, bare = job.snapshot(), job.snapshot(picture=False)
    assert whole.picture and not bare.picture
    assert whole.training.grid is not None and whole.training.hidden_grids is not None
    assert bare.training.grid is None and bare.training.hidden_grids is None
    for field in ("epoch", "batch", "train_loss", "test_loss", "train_accuracy",
                  "test_accuracy", "loss_history", "weights", "biases", "grad_norms"):
        a, b = getattr(whole.training, field), getattr(bare.training, field)
        if isinstance(a, tuple):
            assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True)), field
        else:
            assert np.array_equal(a, b), field
    assert all(np.array_equal(x, y) for x, y in zip(whole.dC_dW, bare.dC_dW, strict=True))
    # a picture-less frame leaves the run as it was: the next whole one draws the same
    again = job.snapshot()
    assert np.array_equal(again.training.grid.values, whole.training.grid.values)
