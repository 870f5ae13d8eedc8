"""The network's forward and backward passes in the notes' notation."""

import pickle

import numpy as np
import pytest

from engine.network.activations import get_activation
from engine.network.network import Network

X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def test_shapes_follow_the_notes():
    net = Network([2, 3, 4, 1], ["tanh", "relu", "sigmoid"], seed=0)
    assert [W.shape for W in net.W] == [(1, 3, 2), (1, 4, 3), (1, 1, 4)]
    assert [b.shape for b in net.b] == [(1, 3, 1), (1, 4, 1), (1, 1, 1)]
    assert net.n_parameters == 3 * 3 + 4 * 4 + 1 * 5
    z, a = net.forward(X)
    assert [m.shape for m in z] == [(1, 3, 4), (1, 4, 4), (1, 1, 4)]
    assert len(a) == 4
    np.testing.assert_array_equal(a[0], X)


def test_forward_is_the_plain_per_layer_recursion():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    W1, b1, W2, b2 = net.W[0][0], net.b[0][0], net.W[1][0], net.b[1][0]
    a1 = np.tanh(W1 @ X + b1)
    a2 = 1.0 / (1.0 + np.exp(-(W2 @ a1 + b2)))
    np.testing.assert_allclose(net.output(X)[0], a2, rtol=1e-12)


def test_weights_are_views_of_the_flat_parameters():
    net = Network([2, 2, 1], seed=0)
    net.params[0, 0] = 42.0
    assert net.W[0][0, 0, 0] == 42.0
    net.b[1][0, 0, 0] = -7.0
    assert net.params[0, -1] == -7.0
    net.b[0][0, 1, 0] = 3.0  # [W^1 | b^1] is stored row by row
    assert net.params[0, 5] == 3.0


def test_backward_averages_per_sample_outer_products():
    net = Network([2, 3, 1], ["sigmoid", "sigmoid"], "squared_error", seed=2)
    z, a = net.forward(X)
    delta, dC_dW, dC_db = net.backward(z, a, Y)
    # independent route: the notes' per-sample δ and δ aᵀ, then the mean by hand
    W2 = net.W[1][0]
    for m, (gW, gb) in enumerate(zip(dC_dW, dC_db, strict=True)):
        sum_W, sum_b = np.zeros_like(gW[0]), np.zeros_like(gb[0])
        for col in range(X.shape[1]):
            a0 = X[:, [col]]
            a1 = 1 / (1 + np.exp(-(net.W[0][0] @ a0 + net.b[0][0])))
            a2 = 1 / (1 + np.exp(-(W2 @ a1 + net.b[1][0])))
            d2 = (a2 - Y[:, [col]]) * a2 * (1 - a2)
            d1 = (W2.T @ d2) * a1 * (1 - a1)
            d, a_prev = (d1, a0) if m == 0 else (d2, a1)
            sum_W += d @ a_prev.T
            sum_b += d
        np.testing.assert_allclose(gW[0], sum_W / X.shape[1], rtol=1e-12)
        np.testing.assert_allclose(gb[0], sum_b / X.shape[1], rtol=1e-12)
    assert delta[-1].shape == (1, 1, 4)


def test_initial_values():
    relu = Network([50, 40, 1], ["relu", "sigmoid"], init="xavier_he", seed=0)
    assert relu.W[0].std() == pytest.approx(np.sqrt(2 / 50), rel=0.1)
    limit = np.sqrt(6 / (40 + 1))
    assert np.abs(relu.W[1]).max() <= limit and np.abs(relu.b[1]).max() <= limit
    assert relu.b[1].any() and not relu.b[0].any()  # Glorot draws biases, He leaves them 0
    notes = Network([2, 2, 1], init="standard_normal", seed=0)
    assert notes.b[0].any()
    with pytest.raises(ValueError, match="unknown init"):
        Network([2, 1], init="zeros")


def test_seeds_make_each_member_reproducible():
    many = Network([2, 3, 1], "tanh", "squared_error", seed=10, n_networks=4)
    assert many.seeds == (10, 11, 12, 13)
    for k in range(4):
        alone = Network([2, 3, 1], "tanh", "squared_error", seed=10 + k)
        np.testing.assert_array_equal(many.params[k], alone.params[0])
        np.testing.assert_array_equal(many.member(k).params, alone.params)
    explicit = Network([2, 3, 1], seed=[5, 3])
    assert explicit.n_networks == 2 and explicit.seeds == (5, 3)


def test_k_networks_share_one_backprop():
    many = Network([2, 3, 2, 1], ["relu", "tanh", "sigmoid"], seed=0, n_networks=3)
    z, a = many.forward(X)
    _, dC_dW, dC_db = many.backward(z, a, Y)
    cost = many.cost(z[-1], a[-1], Y)
    for k in range(3):
        one = many.member(k)
        z1, a1 = one.forward(X)
        _, gW, gb = one.backward(z1, a1, Y)
        assert one.cost(z1[-1], a1[-1], Y)[0] == pytest.approx(cost[k], rel=1e-14)
        for many_g, one_g in zip(dC_dW + dC_db, gW + gb, strict=True):
            np.testing.assert_allclose(many_g[k], one_g[0], rtol=1e-13)


def test_workspace_and_gradient_buffers_are_filled_in_place():
    net = Network([2, 4, 1], ["tanh", "sigmoid"], seed=3)
    ws = net.workspace(4)
    grads = net.new_parameters()
    z, a = net.forward(X, ws)
    assert z[0] is ws.z[0] and a[1] is ws.a[1]
    _, dC_dW, _ = net.backward(z, a, Y, ws, grads)
    assert dC_dW[0] is grads.W[0]
    z2, a2 = net.forward(X)
    _, fresh_W, fresh_b = net.backward(z2, a2, Y)
    for m in range(2):
        np.testing.assert_allclose(grads.W[m], fresh_W[m], rtol=1e-14)
        np.testing.assert_allclose(grads.b[m], fresh_b[m], rtol=1e-14)
    np.testing.assert_allclose(grads.Wb[0][..., :-1], fresh_W[0], rtol=1e-14)


def test_sigmoid_slope_reaches_only_sigmoid_layers():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], beta=2.0, seed=0)
    assert net.activations[0] == get_activation("tanh")
    assert net.activations[1].beta == 2.0


def test_bad_architectures_are_refused():
    with pytest.raises(ValueError, match="activations"):
        Network([2, 3, 1], ["tanh"])
    with pytest.raises(ValueError, match="at least"):
        Network([2])
    with pytest.raises(ValueError, match="softmax"):
        Network([2, 3], "sigmoid", "categorical_cross_entropy")
    with pytest.raises(ValueError, match="one seed per network"):
        Network([2, 1], seed=[1, 2], n_networks=3)


def test_pickled_network_keeps_its_views_live():
    original = Network([2, 3, 1], seed=0)
    net = pickle.loads(pickle.dumps(original))
    np.testing.assert_array_equal(net.output(X), original.output(X))
    net.params[0, 0] = 5.0
    assert net.W[0][0, 0, 0] == 5.0
    assert not np.array_equal(net.output(X), original.output(X))


def test_with_parameters_makes_independent_networks_holding_given_rows():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    rows = np.random.default_rng(1).normal(size=(5, net.n_parameters))
    many = net.with_parameters(rows)
    assert many.n_networks == 5 and many.layer_sizes == net.layer_sizes
    np.testing.assert_array_equal(many.params, rows)
    assert not np.shares_memory(many.params, rows) and not np.shares_memory(many.params, net.params)
    X = np.random.default_rng(2).normal(size=(2, 7))
    outputs = many.output(X)
    for k in range(5):
        np.testing.assert_allclose(outputs[k], net.with_parameters(rows[k]).output(X)[0],
                                   rtol=1e-14)
    with pytest.raises(ValueError, match="parameters per network"):
        net.with_parameters(np.zeros((2, 3)))
