"""Gradient descent with momentum, the TrainingRun job and its snapshots."""

import warnings

import numpy as np
import pytest

from engine.job import Job
from engine.network.datasets import gaussians, xor
from engine.network.network import Network
from engine.network.training import NetworkOptimizer, TrainingRun
from engine.network.training_state import History, thin_indices

XOR = xor()


def xor_run(**options):
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=options.pop("seed", 0),
                  n_networks=options.pop("n_networks", None))
    return TrainingRun(net, XOR.X_train, XOR.y_train, **options)


def gradient(net, X_rows, y):
    z, a = net.forward(X_rows.T)
    _, dC_dW, dC_db = net.backward(z, a, np.asarray(y, float)[None, :])
    return [g.copy() for g in dC_dW], [g.copy() for g in dC_db]


def test_momentum_update_is_the_notes_formula():
    run = xor_run(learning_rate=0.3, momentum=0.8)
    net = run.network
    W0 = [W.copy() for W in net.W]
    g1, _ = gradient(net, XOR.X_train, XOR.y_train)
    run.run_epochs(1)
    dW1 = [-0.3 * g for g in g1]  # Δw(1) = −η ∂C/∂w
    for W, before, d in zip(net.W, W0, dW1, strict=True):
        np.testing.assert_allclose(W, before + d, rtol=1e-12)
    g2, _ = gradient(net, XOR.X_train, XOR.y_train)
    W1 = [W.copy() for W in net.W]
    run.run_epochs(1)
    for W, before, g, d in zip(net.W, W1, g2, dW1, strict=True):
        np.testing.assert_allclose(W, before - 0.3 * g + 0.8 * d, rtol=1e-12)  # + μ Δw(t−1)


def test_l2_adds_lambda_w_to_the_weight_gradient_only():
    plain, penalised = xor_run(learning_rate=0.1), xor_run(learning_rate=0.1, l2=0.5)
    W0 = [W.copy() for W in plain.network.W]
    b0 = [b.copy() for b in plain.network.b]
    plain.run_epochs(1)
    penalised.run_epochs(1)
    for Wp, Wl, W in zip(plain.network.W, penalised.network.W, W0, strict=True):
        np.testing.assert_allclose(Wl - Wp, -0.1 * 0.5 * W, atol=1e-14)
    for bp, bl, _ in zip(plain.network.b, penalised.network.b, b0, strict=True):
        np.testing.assert_array_equal(bl, bp)


def test_online_training_updates_once_per_sample_in_order():
    run = xor_run(learning_rate=0.5, batch_size=1, shuffle=False)
    manual = run.network.member(0)
    opt = NetworkOptimizer(manual, 0.5)
    for i in range(4):
        z, a = manual.forward(XOR.X_train[i : i + 1].T)
        manual.backward(z, a, np.array([[float(XOR.y_train[i])]]), grads=opt.grads)
        opt.update()
    run.run_epochs(1)
    np.testing.assert_allclose(run.network.params, manual.params, rtol=1e-12)


def test_shuffling_is_seeded():
    data = gaussians(n=64, seed=0)
    runs = [TrainingRun(Network([2, 4, 1], ["tanh", "sigmoid"], seed=s), data.X_train,
                        data.y_train, batch_size=8) for s in (3, 3, 4)]
    for run in runs:
        run.run_epochs(3)
    np.testing.assert_array_equal(runs[0].network.params, runs[1].network.params)
    assert not np.allclose(runs[0].network.params, runs[2].network.params)


@pytest.mark.parametrize(("batch_size", "shuffle"), [(None, True), (2, True), (1, True),
                                                    (2, False)])
def test_k_networks_train_exactly_like_single_runs(batch_size, shuffle):
    settings = dict(learning_rate=0.7, momentum=0.9, batch_size=batch_size, shuffle=shuffle)
    many = xor_run(seed=10, n_networks=5, **settings)
    many.run_epochs(150)
    for k in range(5):
        alone = xor_run(seed=10 + k, **settings)
        alone.run_epochs(150)
        np.testing.assert_allclose(many.network.params[k], alone.network.params[0], rtol=1e-9)
        np.testing.assert_allclose(many.history.array()[:, k], alone.history.array()[:, 0],
                                   rtol=1e-6)


def test_run_is_a_job_and_snapshots_own_their_arrays():
    run = xor_run(max_epochs=20, grid_resolution=30, hidden_grid_resolution=10)
    assert isinstance(run, Job)
    snap = run.step(5)
    assert snap.epoch == 5 and snap.status == "running" and not run.finished
    assert snap.loss_history.shape == (5, 1) and snap.loss_history.dtype == np.float32
    np.testing.assert_array_equal(snap.history_epochs, [1, 2, 3, 4, 5])
    assert [W.shape for W in snap.weights] == [(1, 3, 2), (1, 1, 3)]
    assert [b.shape for b in snap.biases] == [(1, 3, 1), (1, 1, 1)]
    assert snap.grad_norms.shape == (1, 2) and (snap.grad_norms > 0).all()
    assert snap.grid.values.shape == (1, 1, 30, 30)
    assert snap.grid.xs[0] == pytest.approx(-0.1) and snap.grid.xs[-1] == pytest.approx(1.1)
    assert [m.values.shape for m in snap.hidden_grids] == [(1, 3, 10, 10)]
    # grid value at a data point is the network's output there
    corner = snap.grid.values[0, 0, np.argmin(abs(snap.grid.ys - 1.1)), 0]
    assert corner == pytest.approx(run.network.output(np.array([[-0.1], [1.1]]))[0, 0, 0],
                                   rel=1e-5)
    kept = snap.weights[0].copy()
    run.step(5)
    np.testing.assert_array_equal(snap.weights[0], kept)
    snap.weights[0][...] = 99.0
    assert not (run.network.W[0] == 99.0).any()
    final = run.step(100)
    assert final.status == "max_epochs" and final.epoch == 20 and run.finished
    assert run.step(5).epoch == 20


def test_snapshot_losses_and_accuracy_match_an_independent_computation():
    data = gaussians(n=80, seed=1)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    run = TrainingRun(net, data.X_train, data.y_train, X_test=data.X_test, y_test=data.y_test,
                      learning_rate=0.5)
    snap = run.step(30)
    for X, y, loss, acc in [(data.X_train, data.y_train, snap.train_loss, snap.train_accuracy),
                            (data.X_test, data.y_test, snap.test_loss, snap.test_accuracy)]:
        W1, b1, W2, b2 = (p[0] for p in (*snap.weights[:1], *snap.biases[:1],
                                         *snap.weights[1:], *snap.biases[1:]))
        p = 1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ X.T + b1) + b2)))[0]
        expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        assert loss[0] == pytest.approx(expected, rel=1e-10)
        assert acc[0] == pytest.approx(np.mean((p > 0.5) == y))
    assert snap.test_loss_history.shape == (30, 1)
    assert snap.test_loss_history[-1, 0] == pytest.approx(snap.test_loss[0], rel=1e-6)


def test_live_learning_rate_change_applies_at_the_next_epoch():
    run = xor_run(learning_rate=0.5, momentum=0.0)
    run.run_epochs(2)
    run.learning_rate = 0.0
    before = run.network.params.copy()
    snap = run.step(3)
    np.testing.assert_array_equal(run.network.params, before)
    assert snap.learning_rate == 0.0 and run.momentum == 0.0


def test_huge_learning_rate_diverges_cleanly():
    run = xor_run(learning_rate=1e6, momentum=0.9, max_epochs=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        snap = run.step(1000)
    assert snap.status == "diverged" and run.finished
    assert "epoch" in snap.message and "smaller learning rate" in snap.message
    assert snap.epoch < 1000 and len(snap.loss_history) == snap.epoch
    assert all(np.isfinite(W).all() for W in snap.weights + snap.biases)
    assert np.isfinite(run.network.params).all() and snap.diverged.all()
    assert snap.train_loss[0] < 10 * snap.loss_history[0, 0]  # the kept weights are sane


def test_one_diverging_network_is_frozen_and_the_rest_train_on():
    run = xor_run(seed=0, n_networks=3, learning_rate=0.5, max_epochs=50)
    sane = run.network.params[1].copy()  # the last weights whose loss was measured and sane
    run.run_epochs(1)
    run.network.params[1] *= 1e5  # network 1's loss now explodes
    snap = run.step(49)
    assert snap.diverged.tolist() == [False, True, False]
    assert snap.status == "max_epochs" and "1 of 3 networks diverged" in snap.message
    np.testing.assert_array_equal(run.network.params[1], sane)
    assert np.isnan(snap.loss_history[1:, 1]).all() and np.isfinite(snap.loss_history[0, 1])
    assert np.isfinite(snap.loss_history[:, [0, 2]]).all()
    alone = xor_run(seed=2, learning_rate=0.5)
    alone.run_epochs(50)
    np.testing.assert_allclose(run.network.params[2], alone.network.params[0], rtol=1e-9)


def test_convergence_by_loss_plateau_or_small_gradient():
    plateau = xor_run(learning_rate=0.0, tol=1e-4, n_iter_no_change=5)
    snap = plateau.step(100)
    assert snap.status == "converged" and snap.epoch == 6
    flat = xor_run(learning_rate=0.5, momentum=0.9, grad_tol=1e-2)
    snap = flat.step(5000)
    assert snap.status == "converged"
    assert np.linalg.norm(flat.optimizer.gradient) < 1e-2


def test_multiclass_targets_and_solved_flag():
    X = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [3.0, 3.0]])
    y = np.array([0, 1, 2, 1])
    net = Network([2, 5, 3], ["tanh", "softmax"], "categorical_cross_entropy", seed=0)
    run = TrainingRun(net, X, y, learning_rate=0.5, momentum=0.9, max_epochs=300)
    snap = run.step(300)
    assert snap.solved.tolist() == [True] and snap.train_accuracy[0] == 1.0
    with pytest.raises(ValueError, match="labels"):
        TrainingRun(net, X, np.array([0, 1, 2, 3]))


def test_history_keeps_every_epoch_then_thins_out_in_bounded_memory():
    history = History(n_networks=2, max_values=2 * 1024)
    for epoch in range(1, 1025):
        history.append(np.array([epoch, -epoch]))
    np.testing.assert_array_equal(history.epochs(), np.arange(1, 1025))
    for epoch in range(1025, 5001):
        history.append(np.array([epoch, -epoch]))
    rows, epochs = history.array(), history.epochs()
    assert len(rows) <= 1024 and epochs[0] == 1 and epochs[-1] > 5000 - 8
    np.testing.assert_array_equal(rows[:, 0], epochs)  # each row is the epoch it claims
    np.testing.assert_array_equal(np.diff(epochs), np.full(len(epochs) - 1, epochs[1] - 1))


def test_grids_of_many_networks_are_each_networks_own():
    run = xor_run(n_networks=2, grid_resolution=5, hidden_grid_resolution=3)
    snap = run.step(3)
    assert snap.grid.values.shape == (2, 1, 5, 5)
    assert snap.hidden_grids[0].values.shape == (2, 3, 3, 3)
    x, y = snap.grid.xs[4], snap.grid.ys[1]
    for k in range(2):
        expected = run.network.member(k).output(np.array([[x], [y]]))[0, 0, 0]
        assert snap.grid.values[k, 0, 1, 4] == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("n_networks", [None, 3])
def test_each_snapshot_keeps_its_own_grid_while_the_buffers_are_reused(n_networks):
    run = xor_run(n_networks=n_networks, grid_resolution=12, hidden_grid_resolution=12)
    first = run.snapshot()
    kept = first.grid.values.copy(), first.hidden_grids[0].values.copy()
    run.run_epochs(50)
    second = run.snapshot()
    np.testing.assert_array_equal(first.grid.values, kept[0])
    np.testing.assert_array_equal(first.hidden_grids[0].values, kept[1])
    assert not np.allclose(first.grid.values, second.grid.values)
    # the second grid is the trained network's output, by a fresh forward pass
    gx, gy = np.meshgrid(second.grid.xs, second.grid.ys)
    points = np.stack([gx.ravel(), gy.ravel()])
    for k in range(run.network.n_networks):
        member = run.network.member(k) if n_networks else run.network
        _, a = member.forward(points)
        np.testing.assert_allclose(second.grid.values[k, 0].ravel(), a[-1][0, 0], rtol=1e-6)
        np.testing.assert_allclose(second.hidden_grids[0].values[k].reshape(3, -1), a[1][0],
                                   rtol=1e-6, atol=1e-7)


def test_raising_the_stop_trains_on_exactly_as_one_longer_run():
    short = xor_run(learning_rate=0.4, momentum=0.9, max_epochs=30, batch_size=2)
    long = xor_run(learning_rate=0.4, momentum=0.9, max_epochs=80, batch_size=2)
    short.run_epochs(100)
    assert short.finished and short.status == "max_epochs" and short.epoch == 30
    short.max_epochs = 80  # momentum, sample order and history carry on
    assert not short.finished
    short.run_epochs(100)
    long.run_epochs(100)
    assert short.epoch == long.epoch == 80 and short.status == "max_epochs"
    for a, b in zip(short.network.W + short.network.b, long.network.W + long.network.b,
                    strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(short.history.array(), long.history.array())


def test_lowering_the_stop_below_the_epoch_stops_at_once_and_a_diverged_run_stays_stopped():
    run = xor_run(max_epochs=100)
    run.run_epochs(20)
    run.max_epochs = 10
    run.run_epochs(5)
    assert run.epoch == 20 and run.status == "max_epochs"
    wild = xor_run(learning_rate=1e6, max_epochs=100)
    wild.run_epochs(100)
    assert wild.status == "diverged"
    wild.max_epochs = 10**6
    assert wild.finished


@pytest.mark.parametrize("n_networks, layers, batch_size", [
    (1, [2, 16, 16, 1], None), (30, [2, 32, 32, 1], None), (10, [2, 64, 64, 1], 16),
    (100, [2, 8, 1], 1),
])
def test_the_memory_estimate_matches_what_numpy_allocates(n_networks, layers, batch_size):
    import tracemalloc

    from engine.network.datasets import spirals
    from engine.network.training import estimated_bytes

    data = spirals(n=400, noise=0.1, seed=0)

    def train() -> Network:
        net = Network(layers, ["tanh"] * (len(layers) - 2) + ["sigmoid"], seed=0,
                      n_networks=n_networks)
        run = TrainingRun(net, data.X_train, data.y_train, X_test=data.X_test,
                          y_test=data.y_test, batch_size=batch_size)
        run.run_epochs(2)
        run.snapshot()
        return net

    train()  # modules imported on first use (SciPy's expit …) are not the run's memory
    tracemalloc.start()
    try:
        net = train()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = estimated_bytes(net, len(data.y_train), batch_size, len(data.y_test))
    assert 0.7 * peak < estimate < 1.5 * peak


def test_a_limited_history_is_the_full_history_thinned_with_its_last_row():
    history = History(3, max_values=3 * 1024)
    rng = np.random.default_rng(1)
    rows = rng.random((5000, 3)).astype(np.float32)
    for row in rows:
        history.append(row)
    full, epochs = history.array(), history.epochs()
    assert history._stride > 1  # the long history has been thinned by striding too
    for limit in (10, 333, 10_000):
        keep = thin_indices(len(full), limit)
        np.testing.assert_array_equal(history.array(limit), full[keep])
        np.testing.assert_array_equal(history.epochs(limit), epochs[keep])
        assert history.epochs(limit)[-1] == epochs[-1]
        assert len(history.array(limit)) <= limit + 1


def test_many_networks_with_small_losses_never_look_diverged():
    # K ratios loss_k / limit_k of 1e-3 sum past 1 at K = 4096; none is past its own limit
    net = Network([2, 2, 1], n_networks=4096, seed=0)
    run = TrainingRun(net, XOR.X_train, XOR.y_train, learning_rate=0.5, max_epochs=3)
    run.run_epochs(3)
    calls = []
    original = run._handle_divergence
    run._handle_divergence = lambda loss: calls.append(1) or original(loss)
    run.max_epochs = 10
    run.run_epochs(7)
    assert calls == [] and run.status == "max_epochs" and not run.diverged.any()
