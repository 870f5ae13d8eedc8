"""A TrainingRun sent to a trainer process (pickled) goes on exactly as the original would."""

import pickle
from functools import partial

import numpy as np
import pytest

from engine.network.datasets import gaussians, xor
from engine.network.live_run import LiveRun, set_learning_rate
from engine.network.network import Network
from engine.network.training import TrainingRun


def _run(n_networks, batch_size, with_grid):
    data = gaussians(n=60, noise=0.8, seed=3) if batch_size else xor()
    net = Network([2, 5, 3, 1], ["tanh", "relu", "sigmoid"], seed=4, n_networks=n_networks)
    return TrainingRun(net, data.X_train, data.y_train, X_test=data.X_test, y_test=data.y_test,
                       learning_rate=0.3, momentum=0.9, l2=1e-3, batch_size=batch_size,
                       max_epochs=10**6, grid_resolution=20 if with_grid else None)


@pytest.mark.parametrize("n_networks, batch_size, with_grid", [
    (None, None, True), (7, 16, False), (None, 1, True),
])
def test_a_pickled_run_trains_bit_for_bit_like_the_original(n_networks, batch_size, with_grid):
    original = _run(n_networks, batch_size, with_grid)
    original.run_epochs(5)  # momentum, history and the shuffling order are under way
    copy = pickle.loads(pickle.dumps(original))
    original.run_epochs(30)
    copy.run_epochs(30)
    a, b = original.snapshot(), copy.snapshot()
    assert a.epoch == b.epoch == 35
    for before, after in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(a.loss_history, b.loss_history)
    np.testing.assert_array_equal(a.grad_norms, b.grad_norms)
    # the copy's gradient arrays are still the views the optimizer fills
    optimizer = copy.optimizer
    assert all(np.shares_memory(g, optimizer.gradient) for g in optimizer.dC_dW)
    assert all(np.shares_memory(W, copy.network.params) for W in copy.network.W)


def test_a_live_run_and_its_commands_travel_by_pickle():
    data = xor()
    net = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0)
    job = LiveRun(TrainingRun(net, data.X_train, data.y_train), data.X_train)
    copy = pickle.loads(pickle.dumps(job))
    command = pickle.loads(pickle.dumps(partial(set_learning_rate, 0.125)))
    command(copy)
    snapshot = copy.step(3)
    assert snapshot.training.epoch == 3 and snapshot.training.learning_rate == 0.125
    assert len(snapshot.table) == 4
    # the original never moved: the copy owns its own arrays
    assert job.snapshot().training.epoch == 0
