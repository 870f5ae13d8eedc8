"""A snapshot's own passes over the data (training_report.py): the same numbers as a
fresh pass, through buffers a cheap run keeps from frame to frame (issue 16: each
frame of a small run made a forward workspace and a backward one for its cost)."""

import numpy as np
import pytest

from engine.network import training
from engine.network.datasets import spirals
from engine.network.network import Network
from engine.network.training import TrainingRun
from engine.network.training_state import accuracy, targets

DATA = spirals(n=240, seed=5)


def _run(n_networks: int = 2, **options) -> TrainingRun:
    labels, test_labels = np.arange(len(DATA.y_train)) % 3, np.arange(len(DATA.y_test)) % 3
    network = Network((2, 6, 5, 3), ("tanh", "relu", "softmax"), "categorical_cross_entropy",
                      seed=7, n_networks=n_networks)
    return TrainingRun(network, DATA.X_train, labels, X_test=DATA.X_test, y_test=test_labels,
                       batch_size=16, **options)


def _fresh(run: TrainingRun, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy by the network's own fresh buffers, as snapshots had them."""
    net = run.network
    z, a = net.forward(X.T)
    return net.cost(z[-1], a[-1], targets(y, net.layer_sizes[-1])), accuracy(a[-1], y)


def test_a_snapshot_measures_exactly_what_a_fresh_pass_does():
    run = _run()
    run.run_epochs(3)
    run.run_batches(4)  # part-way through an epoch: measured now, not at the epoch's end
    snap = run.snapshot()
    assert snap.train_metrics == snap.test_metrics == "exact"
    for (loss, acc), (X, y) in (((snap.train_loss, snap.train_accuracy), (DATA.X_train,
                                 np.arange(len(DATA.y_train)) % 3)),
                                ((snap.test_loss, snap.test_accuracy), (DATA.X_test,
                                 np.arange(len(DATA.y_test)) % 3))):
        expected_loss, expected_acc = _fresh(run, X, y)
        assert loss.tobytes() == expected_loss.tobytes()
        np.testing.assert_array_equal(acc, expected_acc)
        # and by the notes' formula: C = −Σ_i y_i log a^L_i, averaged over the samples
        z = np.stack([np.tanh(W1 @ X.T + b1) for W1, b1 in zip(snap.weights[0],
                                                                snap.biases[0], strict=True)])
        z = np.maximum(snap.weights[1] @ z + snap.biases[1], 0.0)
        z = snap.weights[2] @ z + snap.biases[2]
        log_a = z - z.max(axis=1, keepdims=True)
        log_a -= np.log(np.exp(log_a).sum(axis=1, keepdims=True))
        plain = -log_a[:, y, np.arange(len(y))].mean(axis=1)
        np.testing.assert_allclose(loss, plain, rtol=1e-12)


def test_a_cheap_run_makes_no_new_buffers_frame_after_frame(monkeypatch):
    run = _run()
    run.run_epochs(1)
    run.snapshot()
    made = []
    original = Network.workspace
    monkeypatch.setattr(Network, "workspace",
                        lambda self, n, backward=True: made.append((n, backward)) or
                        original(self, n, backward))
    for _ in range(5):
        run.run_batches(3)
        run.snapshot(), run.snapshot()
    assert made == []


@pytest.mark.parametrize("n_networks", [1, 3])
def test_a_costly_runs_one_exact_pass_keeps_no_training_set_buffers(monkeypatch, n_networks):
    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 10)
    run = _run(n_networks)
    run.running_metrics = True
    first = run.snapshot()  # before any update: measured by a full pass
    assert first.train_metrics == "exact"
    expected_loss, _ = _fresh(run, DATA.X_train, np.arange(len(DATA.y_train)) % 3)
    assert first.train_loss.tobytes() == expected_loss.tobytes()
    assert -len(DATA.y_train) not in run._workspaces
