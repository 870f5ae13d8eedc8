"""The fast paths of TrainingRun give the numbers of the plain ones: mini-batches cut
from data permuted once per epoch train bit for bit like per-batch gathers."""

import numpy as np
import pytest

from engine.network.datasets import spirals
from engine.network.losses import output_cost
from engine.network.network import Network, with_ones
from engine.network.training import NetworkOptimizer, TrainingRun
from engine.network.training_state import targets

DATA = spirals(n=300, seed=1)


def _network(n_networks: int, outputs: int = 1) -> Network:
    seed = list(range(n_networks)) if n_networks > 1 else 3
    last, loss = ("sigmoid", "cross_entropy") if outputs == 1 else (
        "softmax", "categorical_cross_entropy")
    return Network((2, 8, 4, outputs), ("tanh", "tanh", last), loss, seed=seed,
                   n_networks=n_networks if n_networks > 1 else None)  # fmt: skip


def _gathered_epochs(net: Network, batch: int, epochs: int) -> list[np.ndarray]:
    """Shuffled mini-batch training with each batch gathered by its indices (the old way),
    the cost formed from z^L alone (output_cost without the softmax's logsumexp)."""
    opt = NetworkOptimizer(net, 0.1, 0.9)
    X1_rows = np.ascontiguousarray(with_ones(DATA.X_train.T).T)
    Y_rows = np.ascontiguousarray(targets(DATA.y_train, net.layer_sizes[-1]).T)
    n, losses = len(X1_rows), []
    for _ in range(epochs):
        order = np.stack([rng.permutation(n) for rng in net.order_rngs])
        loss = np.zeros(net.n_networks)
        for start in range(0, n, batch):
            idx = order[:, start : start + batch]
            a0_1, y = X1_rows[idx].swapaxes(-1, -2), Y_rows[idx].swapaxes(-1, -2)
            ws = net.workspace(y.shape[-1])
            z, a = net.forward_augmented(a0_1, ws)
            per_unit = output_cost(net.loss, net.activations[-1], z[-1].copy(), a[-1], y)
            cost = per_unit.reshape(net.n_networks, -1).dot(ws.mean)
            net.backward(z, a, y, ws, opt.grads)
            opt.update()
            loss += cost * (y.shape[-1] / n)
        losses.append(loss)
    return losses


@pytest.mark.parametrize("by_updates", [False, True])
@pytest.mark.parametrize("outputs", [1, 3])
@pytest.mark.parametrize("n_networks", [1, 3])
@pytest.mark.parametrize("batch", [32, 7])
def test_blocks_of_a_permuted_copy_train_bit_for_bit_like_gathered_batches(n_networks, batch,
                                                                            outputs, by_updates):
    run = TrainingRun(_network(n_networks, outputs), DATA.X_train, DATA.y_train,
                      learning_rate=0.1, momentum=0.9, batch_size=batch, shuffle=True)
    if by_updates:  # 4 epochs in pieces of 5 updates, whatever the epoch's length
        while run.run_batches(min(5, 4 * run.batches_per_epoch - run.epoch
                                  * run.batches_per_epoch - run.batch)):  # fmt: skip
            pass
    else:
        run.run_epochs(4)
    reference = _network(n_networks, outputs)
    losses = _gathered_epochs(reference, batch, 4)
    assert np.array_equal(run.network.params, reference.params)
    assert np.array_equal(run.history.array(), np.array(losses, dtype=np.float32))


@pytest.mark.parametrize("n_networks", [1, 3])
@pytest.mark.parametrize("batch", [1, 7, 32])
def test_the_softmax_cost_from_its_forward_pass_is_the_cost_from_z_alone(n_networks, batch):
    net = _network(n_networks, outputs=3)
    rng = np.random.default_rng(2)
    a0_1 = with_ones(rng.normal(0.0, 3.0, (2, batch)))
    y = targets(rng.integers(0, 3, batch), 3)
    ws = net.workspace(batch)
    z, a = net.forward_augmented(a0_1, ws)
    kept = net.cost(z[-1], a[-1], y, ws)  # logsumexp written by the softmax
    from_z = output_cost(net.loss, net.activations[-1], z[-1].copy(), a[-1], y)
    assert np.array_equal(ws.cost, from_z)
    assert np.array_equal(kept, from_z.reshape(n_networks, -1).dot(ws.mean))


def test_the_shuffled_copies_are_written_in_place_and_not_pickled():
    import pickle

    run = TrainingRun(_network(2), DATA.X_train, DATA.y_train, batch_size=16)
    run.run_epochs(1)
    X1_rows, Y_rows, _ = run._shuffled
    run.run_epochs(1)
    assert run._shuffled[0] is X1_rows and run._shuffled[1] is Y_rows
    copy = pickle.loads(pickle.dumps(run))
    assert copy._shuffled is None
    copy.run_epochs(2), run.run_epochs(2)
    assert np.array_equal(copy.network.params, run.network.params)


def _live(monkeypatch, *, costly: bool, rate: float, outputs: int = 1, **options):
    from engine.network import training
    from engine.network.live_run import LiveRun

    monkeypatch.setattr(training, "FULL_PASS_MULTIPLY_ADDS", 0 if costly else 10**12)
    run = TrainingRun(_network(2, outputs), DATA.X_train, DATA.y_train, X_test=DATA.X_test,
                      y_test=DATA.y_test, learning_rate=rate, batch_size=16, **options)  # fmt: skip
    return LiveRun(run)


def _exact(rate: float, epochs: int, outputs: int = 1):
    run = TrainingRun(_network(2, outputs), DATA.X_train, DATA.y_train, X_test=DATA.X_test,
                      y_test=DATA.y_test, learning_rate=rate, batch_size=16)  # fmt: skip
    run.run_epochs(epochs)
    return run.snapshot()


@pytest.mark.parametrize("outputs", [1, 3])
def test_a_costly_live_snapshot_takes_loss_and_accuracy_from_the_epoch(monkeypatch, outputs):
    # with η = 0 the weights never move, so the epoch's running means must equal the
    # exact pass over the training set: the counting is checked by an independent route
    job = _live(monkeypatch, costly=True, rate=0.0, outputs=outputs)
    job.step(2)
    live, exact = job.snapshot().training, _exact(0.0, 2, outputs)
    assert live.train_metrics == "epoch" and exact.train_metrics == "exact"
    np.testing.assert_allclose(live.train_loss, exact.train_loss, rtol=1e-12)
    np.testing.assert_array_equal(live.train_accuracy, exact.train_accuracy)
    np.testing.assert_array_equal(live.solved, exact.solved)


def test_a_live_run_trains_the_same_numbers_and_reports_the_exact_test_set(monkeypatch):
    job = _live(monkeypatch, costly=True, rate=0.2)
    job.step(3)
    live, exact = job.snapshot().training, _exact(0.2, 3)
    assert np.array_equal(live.weights[0], exact.weights[0])
    # the test set is measured at the end of each epoch, on the weights the snapshot shows
    np.testing.assert_allclose(live.test_loss, exact.test_loss, rtol=1e-12)
    np.testing.assert_array_equal(live.test_accuracy, exact.test_accuracy)
    # the epoch's running loss is the loss curve's last point
    np.testing.assert_allclose(live.train_loss, live.loss_history[-1], rtol=1e-6)


def test_small_data_stays_exact_in_a_live_run(monkeypatch):
    job = _live(monkeypatch, costly=False, rate=0.2)
    job.step(3)
    live, exact = job.snapshot().training, _exact(0.2, 3)
    assert live.train_metrics == "exact"
    # nothing counted batch by batch or kept from the epoch's end: never read
    assert job.run._epoch_metrics is None and job.run._test_metrics is None
    np.testing.assert_array_equal(live.test_loss, exact.test_loss)
    np.testing.assert_array_equal(live.test_accuracy, exact.test_accuracy)
    np.testing.assert_array_equal(live.train_loss, exact.train_loss)
    np.testing.assert_array_equal(live.train_accuracy, exact.train_accuracy)


def test_hidden_unit_maps_only_when_asked(monkeypatch):
    from engine.network.live_run import set_hidden_maps

    job = _live(monkeypatch, costly=False, rate=0.2, grid_resolution=20, hidden_maps=False)
    job.step(1)
    shown = job.snapshot().training
    assert shown.hidden_grids is None and shown.grid is not None
    set_hidden_maps(True, job)
    shown = job.snapshot().training
    assert [g.values.shape[1] for g in shown.hidden_grids] == [8, 4]


def test_the_inputs_are_stored_as_with_ones_gives_them_in_both_layouts():
    run = TrainingRun(_network(1), DATA.X_train, DATA.y_train, batch_size=16)
    X1 = with_ones(DATA.X_train.T)
    assert np.array_equal(run._X1, X1) and run._X1.flags.c_contiguous
    assert np.array_equal(run._X1_rows, X1.T) and run._X1_rows.flags.c_contiguous


@pytest.mark.parametrize("n_networks", [1, 3])
def test_grids_evaluated_in_blocks_are_one_pass_over_the_whole_grid(n_networks):
    from engine.network.grids import BLOCK, DTYPE, GridSpec, hidden_maps, output_map

    net = _network(n_networks)
    spec = GridSpec.for_data(DATA.X_train, 80, 9)  # 6,400 points: blocks of BLOCK and a rest
    assert 80 * 80 % BLOCK and 80 * 80 > 2 * BLOCK
    kept = {}
    shown, hidden = output_map(net, spec, kept), hidden_maps(net, spec, kept)
    for grid, resolution, layers in ((shown, 80, slice(-1, None)), (hidden, 9, slice(1, -1))):
        xs, ys = spec.axes(resolution)
        gx, gy = np.meshgrid(xs, ys)
        # all points in one pass, by the same float32 copy of the networks
        _, a = net.with_parameters(net.params, dtype=DTYPE).forward(
            np.stack([gx.ravel(), gy.ravel()]))
        maps = [grid] if resolution == 80 else grid
        for m, a_m in zip(maps, a[layers], strict=True):
            expected = a_m.reshape(n_networks, -1, resolution, resolution)
            np.testing.assert_array_equal(m.values, expected)
    # the blocks' buffers are kept for the next frame, and are small
    assert sorted(kept) == [9 * 9, 80 * 80 % BLOCK, BLOCK]
    again = output_map(net, spec, kept)
    np.testing.assert_array_equal(again.values, shown.values)
