"""A run advanced by updates (mini-batches, cut anywhere) trains bit for bit like the
same run advanced by whole epochs; part-way through an epoch, a snapshot says where it
is and what its loss and accuracy measure (checked against a plain re-computation)."""

import copy
import pickle

import numpy as np
import pytest

from engine.descent.optimizers import Nesterov
from engine.network import training
from engine.network.checkpoints import Checkpoints, take
from engine.network.datasets import spirals, xor
from engine.network.losses import output_cost
from engine.network.network import Network, with_ones
from engine.network.training import TrainingRun
from engine.network.training_state import predicted_classes, targets

DATA = spirals(n=300, seed=1)
XOR = xor()


def _run(batch=16, n_networks=1, outputs=1, **options) -> TrainingRun:
    seed = list(range(n_networks)) if n_networks > 1 else 3
    last, loss = ("sigmoid", "cross_entropy") if outputs == 1 else (
        "softmax", "categorical_cross_entropy")
    net = Network((2, 8, 4, outputs), ("tanh", "tanh", last), loss, seed=seed,
                  n_networks=n_networks if n_networks > 1 else None)
    y_train = DATA.y_train if outputs == 1 else (DATA.y_train + (DATA.X_train[:, 0] > 0))
    y_test = DATA.y_test if outputs == 1 else (DATA.y_test + (DATA.X_test[:, 0] > 0))
    settings = dict(learning_rate=0.1, momentum=0.9, batch_size=batch, X_test=DATA.X_test,
                    y_test=y_test.astype(int), max_epochs=10**6)
    settings.update(options)
    return TrainingRun(net, DATA.X_train, y_train.astype(int), **settings)


def _by_batches(run: TrainingRun, epochs: int, seed: int = 0) -> TrainingRun:
    """``epochs`` epochs in pieces of 1 … 2·⌈n/B⌉ updates, ending exactly at an epoch."""
    rng = np.random.default_rng(seed)
    target = run.epoch + epochs
    while run.epoch < target and not run.finished:
        left = (target - run.epoch) * run.batches_per_epoch - run.batch
        run.run_batches(min(left, int(rng.integers(1, 2 * run.batches_per_epoch + 1))))
    return run


def _same(a: TrainingRun, b: TrainingRun) -> None:
    assert (a.epoch, a.batch, a.status, a.message) == (b.epoch, b.batch, b.status, b.message)
    assert np.array_equal(a.network.params, b.network.params)
    assert np.array_equal(a.optimizer.gradient, b.optimizer.gradient)
    assert np.array_equal(a.history.array(), b.history.array(), equal_nan=True)
    if a.test_history is not None:
        assert np.array_equal(a.test_history.array(), b.test_history.array(), equal_nan=True)
    assert np.array_equal(a.diverged, b.diverged)


CASES = {
    "mini-batch": dict(),
    "three networks, softmax": dict(n_networks=3, outputs=3),
    "not shuffled, a short last batch": dict(batch=7, shuffle=False),
    "online": dict(batch=1),
    "full batch": dict(batch=None),
    "L2 and a stop by tol": dict(batch=25, l2=1e-3, tol=1e-2, n_iter_no_change=2),
    "stop after 5": dict(batch=40, max_epochs=5),
    "diverging": dict(batch=50, learning_rate=1e5),
}


@pytest.mark.parametrize("options", CASES.values(), ids=CASES.keys())
def test_updates_cut_anywhere_train_bit_for_bit_like_whole_epochs(options):
    epochs = _run(**options)
    epochs.run_epochs(12)
    updates = _by_batches(_run(**options), 12)
    _same(updates, epochs)
    assert epochs.status in ("running", "converged", "max_epochs", "diverged")


def test_a_rule_that_looks_ahead_and_a_network_frozen_mid_run_match_too():
    runs = []
    for advance in (TrainingRun.run_epochs, _by_batches):
        run = _run(n_networks=3, batch=16)
        run.optimizer.use(Nesterov(alpha=0.05, mu=0.9))
        advance(run, 1)
        run.network.params[1] *= 1e5  # network 1 diverges in the next epoch and is frozen
        advance(run, 6)
        runs.append(run)
    assert runs[0].diverged.tolist() == [False, True, False]
    _same(*runs)


def test_updates_follow_the_plain_loop_of_the_notes():
    # independent route: each update Δw = −η ∂C/∂w + μ Δw(t−1) on a batch gathered by its
    # indices from each epoch's permutation, written out here
    run = _run(batch=32, momentum=0.5)
    net = Network((2, 8, 4, 1), ("tanh", "tanh", "sigmoid"), "cross_entropy", seed=3)
    X1 = with_ones(DATA.X_train.T)
    Y = targets(DATA.y_train, 1)
    velocity = [np.zeros_like(p) for p in (*net.W, *net.b)]
    n = len(DATA.y_train)
    for _ in range(3):
        order = net.order_rngs[0].permutation(n)
        for start in range(0, n, 32):
            idx = order[start : start + 32]
            z, a = net.forward(X1[:-1, idx])
            _, dC_dW, dC_db = net.backward(z, a, Y[:, idx])
            for p, g, v in zip((*net.W, *net.b), (*dC_dW, *dC_db), velocity, strict=True):
                v[...] = -0.1 * g + 0.5 * v
                p += v
    _by_batches(run, 3)
    np.testing.assert_allclose(run.network.params, net.params, rtol=1e-10, atol=1e-12)


def test_a_run_pickled_part_way_through_an_epoch_goes_on_exactly():
    whole = _run(n_networks=2)
    whole.run_epochs(3)
    cut = _run(n_networks=2)
    cut.run_epochs(1)
    cut.run_batches(5)
    assert cut.batch == 5 and cut.epoch == 1
    moved = pickle.loads(pickle.dumps(cut))
    assert moved._shuffled is None  # the shuffled rows are gathered again from the order
    moved.run_epochs(2)  # the epoch part-way counts as the first
    _same(moved, whole)


def test_run_batches_counts_the_updates_and_stops_with_the_run():
    run = _run(batch=40, max_epochs=2)  # 225 samples: 6 updates an epoch, the last of 25
    assert run.batches_per_epoch == 6
    assert run.run_batches(4) == 4 and (run.epoch, run.batch) == (0, 4)
    assert run.run_batches(100) == 8 and (run.epoch, run.batch) == (2, 0)
    assert run.status == "max_epochs" and run.run_batches(3) == 0


def test_checkpoints_are_taken_between_epochs_only():
    run = _run()
    run.run_batches(3)
    with pytest.raises(ValueError, match="between epochs"):
        take(run)


def test_checkpoints_kept_while_advancing_by_updates_are_those_of_whole_epochs():
    by_epochs, by_updates = Checkpoints(_run()), Checkpoints(_run())
    by_epochs.run_epochs(9)
    rng = np.random.default_rng(1)
    while by_updates.run.epoch < 9:
        left = (9 - by_updates.run.epoch) * by_updates.run.batches_per_epoch - by_updates.run.batch
        by_updates.run_batches(min(left, int(rng.integers(1, 40))))
    assert by_updates.epochs() == by_epochs.epochs() == [0, 1, 2, 4, 8]
    # rewound from part-way through an epoch, the replay repeats the original exactly
    by_updates.run_batches(7)
    by_updates.rewind(4)
    assert (by_updates.run.epoch, by_updates.run.batch) == (4, 0)
    by_updates.run_batches(5 * by_updates.run.batches_per_epoch)
    _same(by_updates.run, by_epochs.run)


def _live_costly(monkeypatch, **options) -> TrainingRun:
    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 0)
    return _run(running_metrics=True, **options)


def _plain_batches(run: TrainingRun, epochs: int, updates: int):
    """The costs and correct answers of the first ``updates`` batches of epoch
    ``epochs`` + 1, each before its update, and the test set at that epoch's start,
    from a plain loop over the same weights (a copy trained by whole epochs)."""
    twin = _run(batch=run.batch_size)
    twin.run_epochs(epochs)
    net, n, B = twin.network, len(DATA.y_train), run.batch_size
    _, a = net.forward(DATA.X_test.T)
    test = (output_cost(net.loss, net.activations[-1], *_za(net, DATA.X_test),
                        targets(DATA.y_test, 1)).mean(),
            (predicted_classes(a[-1])[0] == DATA.y_test).mean())
    order = copy.deepcopy(net.order_rngs[0]).permutation(n)  # the twin's next order
    costs, correct = [], 0
    for start in range(0, updates * B, B):
        idx = order[start : start + B]
        z, a = net.forward(DATA.X_train[idx].T)
        costs.append(output_cost(net.loss, net.activations[-1], z[-1], a[-1],
                                 targets(DATA.y_train[idx], 1)).sum())
        correct += int((predicted_classes(a[-1])[0] == DATA.y_train[idx]).sum())
        twin.run_batches(1)
        net = twin.network
    return sum(costs), correct, min(n, updates * B), test


def _za(net, X):
    z, a = net.forward(X.T)
    return z[-1], a[-1]


def test_part_way_through_the_first_epoch_a_snapshot_shows_its_batches_so_far(monkeypatch):
    run = _live_costly(monkeypatch)
    run.run_batches(5)
    t = run.snapshot()
    assert (t.epoch, t.batch, t.batches_per_epoch) == (0, 5, 15)
    assert t.train_metrics == "partial" and t.test_metrics == "exact"
    total, correct, seen, _ = _plain_batches(run, 0, 5)
    np.testing.assert_allclose(t.train_loss, [total / seen], rtol=1e-12)
    np.testing.assert_array_equal(t.train_accuracy, [correct / seen])


def test_part_way_through_a_later_epoch_a_snapshot_shows_the_last_whole_one(monkeypatch):
    run = _live_costly(monkeypatch)
    run.run_epochs(2)
    at_end = run.snapshot()
    run.run_batches(4)
    t = run.snapshot()
    assert (t.epoch, t.batch) == (2, 4)
    assert t.train_metrics == "epoch" and t.test_metrics == "epoch"
    # epoch 2's running means (its loss curve point) and its end's test set ...
    np.testing.assert_allclose(t.train_loss, t.loss_history[-1], rtol=1e-6)
    np.testing.assert_array_equal(t.train_accuracy, at_end.train_accuracy)
    *_, (test_loss, test_accuracy) = _plain_batches(run, 2, 0)
    np.testing.assert_allclose(t.test_loss, [test_loss], rtol=1e-12)
    np.testing.assert_allclose(t.test_accuracy, [test_accuracy], rtol=1e-12)
    # ... while the weights are those after 4 updates of epoch 3
    twin = _run()
    twin.run_epochs(2)
    twin.run_batches(4)
    assert np.array_equal(t.weights[0], twin.network.W[0])


def test_a_cheap_run_part_way_through_an_epoch_is_measured_exactly():
    run = _run(running_metrics=True)
    run.run_batches(20)
    t = run.snapshot()
    assert (t.epoch, t.batch) == (1, 5) and t.train_metrics == t.test_metrics == "exact"
    z, a = _za(run.network, DATA.X_train)
    expected = output_cost(run.network.loss, run.network.activations[-1], z, a,
                           targets(DATA.y_train, 1)).mean()
    np.testing.assert_allclose(t.train_loss, [expected], rtol=1e-12)


def test_full_batch_has_no_update_between_epochs():
    run = TrainingRun(Network([2, 3, 1], ["tanh", "sigmoid"], seed=0), XOR.X_train,
                      XOR.y_train)
    assert run.batches_per_epoch == 1
    assert run.run_batches(3) == 3 and (run.epoch, run.batch) == (3, 0)
