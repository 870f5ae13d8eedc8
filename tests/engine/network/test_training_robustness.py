"""Every activation × cost × batch mode × learning rate trains 50 epochs without failing."""

import itertools
import warnings

import numpy as np
import pytest

from engine.network.datasets import xor
from engine.network.network import Network
from engine.network.training import STATUSES, TrainingRun

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
COSTS = ("cross_entropy", "squared_error")
BATCHES = (None, 2, 1)  # full batch, mini-batch, online
RATES = (1e-6, 1e-2, 1.0, 1e2, 1e6)


@pytest.mark.parametrize("activation, cost", list(itertools.product(ACTIVATIONS, COSTS)))
def test_every_combination_runs_fifty_epochs_cleanly(activation, cost):
    data = xor()
    # Cross-entropy needs a probability out: the output layer is a sigmoid then.
    output = "sigmoid" if cost == "cross_entropy" else activation
    for batch, rate in itertools.product(BATCHES, RATES):
        network = Network([2, 3, 1], [activation, output], cost, seed=0)
        run = TrainingRun(network, data.X_train, data.y_train, learning_rate=rate,
                          momentum=0.9, batch_size=batch, max_epochs=50)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            snapshot = run.step(50)
        case = f"{activation}/{cost}/batch={batch}/lr={rate}"
        assert snapshot.status in STATUSES, case
        assert snapshot.status != "running", case
        assert all(np.isfinite(W).all() for W in snapshot.weights), case
        assert all(np.isfinite(b).all() for b in snapshot.biases), case
        if snapshot.status == "diverged":
            assert "learning rate" in snapshot.message, case
