"""Rewind and replay: a run rewound to a recorded epoch repeats itself bit for bit."""

import numpy as np
import pytest

from engine.network.checkpoints import OPTIMIZER_FIELDS, RUN_FIELDS, Checkpoints, next_mark
from engine.network.datasets import moons, xor
from engine.network.network import Network
from engine.network.presets import PRESETS
from engine.network.training import TrainingRun

#: TrainingRun attributes that never change once it is built (data, structure, options)
CONSTANT = {"network", "optimizer", "_X_rows", "_X1", "_X1_rows", "_Y", "_Y_rows", "_y_train",
            "_test", "batch_size", "shuffle", "tol", "grad_tol", "n_iter_no_change", "grid",
            "hidden_maps", "running_metrics", "_costly", "_workspaces", "_grid_workspaces",
            "_shuffled"}  # scratch: rewritten from the data at the start of every epoch


def moons_run(seed=3):
    data = moons(n=120, noise=0.2, seed=1)
    net = Network([2, 6, 1], ["tanh", "sigmoid"], "cross_entropy", seed=seed)
    # mini-batches, shuffling and momentum: every piece of state a replay needs
    return TrainingRun(net, data.X_train, data.y_train, X_test=data.X_test, y_test=data.y_test,
                       learning_rate=0.3, momentum=0.9, batch_size=16, max_epochs=300)


def played(checkpoints, chunks):
    for n in chunks:
        checkpoints.run_epochs(n)
    run = checkpoints.run
    return (run.network.params.copy(), run.history.array(), run.test_history.array(),
            run.optimizer.groups[0].state["v"].copy(), run.epoch, run.status)


def test_replay_from_a_recorded_epoch_is_bit_for_bit():
    checkpoints = Checkpoints(moons_run())
    original = played(checkpoints, [7, 50, 1, 100, 500])  # chunks as a live view makes them
    assert original[4] == 300 and original[5] == "max_epochs"
    assert checkpoints.epochs() == [0, 1, 2, 4, 8, 16, 32, 64, 128, 256]
    for epoch in (128, 16, 0):
        checkpoints.rewind(epoch)
        assert checkpoints.run.epoch == epoch
        assert len(checkpoints.run.history.array()) == epoch  # the curve is cut back too
        replay = played(checkpoints, [13, 1000])
        for a, b in zip(original, replay, strict=True):
            if isinstance(a, np.ndarray):
                assert a.shape == b.shape and (a == b).all()  # ==, not approximately
            else:
                assert a == b


def test_the_notes_run_replays_from_any_recorded_epoch():
    data = xor()
    checkpoints = Checkpoints(PRESETS["notes"].run(data.X_train, data.y_train, seed=2))
    checkpoints.run_epochs(1000)
    params, history = checkpoints.run.network.params.copy(), checkpoints.run.history.array()
    for epoch in reversed(checkpoints.epochs()):
        checkpoints.rewind(epoch)
        checkpoints.run_epochs(1000)
        assert (checkpoints.run.network.params == params).all()
        assert (checkpoints.run.history.array() == history).all()


def test_rewind_then_train_on_with_other_settings():
    checkpoints = Checkpoints(moons_run())
    original = played(checkpoints, [300])
    checkpoints.rewind(64)
    assert checkpoints.epochs() == [0, 1, 2, 4, 8, 16, 32, 64]  # that future is gone
    checkpoints.run.learning_rate = 0.05
    other = played(checkpoints, [300])
    assert other[4] == 300
    assert not (other[0] == original[0]).all()
    assert (other[1][:64] == original[1][:64]).all()  # the same past


def test_unknown_epoch_is_refused_with_the_recorded_ones():
    checkpoints = Checkpoints(moons_run())
    checkpoints.run_epochs(10)
    with pytest.raises(ValueError, match="epoch 5 was not recorded; recorded: 0, 1, 2, 4, 8"):
        checkpoints.rewind(5)


def test_log_spaced_marks():
    assert [next_mark(e) for e in (0, 1, 2, 3, 4, 5, 1000)] == [1, 2, 4, 4, 8, 8, 1024]


def test_every_field_of_a_run_is_kept_or_constant():
    # a new field of TrainingRun or its optimizer must be named here, or a replay may drift
    run = moons_run()
    assert run._X1.flags.c_contiguous  # made on first use
    assert set(vars(run)) == set(RUN_FIELDS) | CONSTANT
    assert set(vars(run.optimizer)) - set(OPTIMIZER_FIELDS) == {
        "network", "grads", "gradient", "dC_dW", "dC_db"}
