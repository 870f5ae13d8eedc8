"""Costs and output errors δ^L against closed forms and finite differences."""

import warnings

import numpy as np
import pytest

from engine.network.activations import ACTIVATIONS, SOFTMAX, get_activation
from engine.network.losses import LOSSES, check_pair, get_loss, output_cost, output_delta

RNG = np.random.default_rng(3)
Z = RNG.uniform(-2.0, 2.0, size=(3, 5))
Z[np.abs(Z) < 0.1] += 0.3  # keep ReLU away from its kink
Y01 = RNG.integers(0, 2, size=(3, 5)).astype(float)
Y_ONEHOT = np.eye(3)[:, RNG.integers(0, 3, size=5)]


def total_cost(loss, act, z, y):
    return output_cost(loss, act, z, act(z), y).sum()


def test_squared_error_slope_is_a_minus_y():
    a, y = np.array([[0.2, 0.9]]), np.array([[1.0, 0.0]])
    loss = get_loss("squared_error")
    np.testing.assert_allclose(loss.cost(a, y), 0.5 * (y - a) ** 2)
    np.testing.assert_allclose(loss.dC_da(a, y), a - y)


@pytest.mark.parametrize("name", ["squared_error", "cross_entropy"])
def test_dC_da_matches_central_difference(name):
    loss = get_loss(name)
    a = RNG.uniform(0.1, 0.9, size=(2, 4))
    y = Y01[:2, :4]
    h = 1e-6
    fd = (loss.cost(a + h, y) - loss.cost(a - h, y)) / (2 * h)
    np.testing.assert_allclose(loss.dC_da(a, y), fd, rtol=1e-6)


PAIRS = [("squared_error", n, 1.0) for n in ACTIVATIONS] + [
    ("squared_error", "sigmoid", 1.7),
    ("cross_entropy", "sigmoid", 1.0),
    ("cross_entropy", "sigmoid", 1.7),
]


@pytest.mark.parametrize(("loss_name", "act_name", "beta"), PAIRS)
def test_output_delta_matches_central_difference(loss_name, act_name, beta):
    loss, act = get_loss(loss_name), get_activation(act_name, beta)
    y, z = Y01, Z
    h = 1e-6
    fd = np.empty_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        fd[idx] = (total_cost(loss, act, zp, y) - total_cost(loss, act, zm, y)) / (2 * h)
    np.testing.assert_allclose(output_delta(loss, act, z, act(z), y), fd, rtol=1e-6, atol=1e-9)


def test_softmax_cross_entropy_delta_is_a_minus_y():
    loss = get_loss("categorical_cross_entropy")
    h = 1e-6
    fd = np.empty_like(Z)
    for idx in np.ndindex(Z.shape):
        zp, zm = Z.copy(), Z.copy()
        zp[idx] += h
        zm[idx] -= h
        diff = total_cost(loss, SOFTMAX, zp, Y_ONEHOT) - total_cost(loss, SOFTMAX, zm, Y_ONEHOT)
        fd[idx] = diff / (2 * h)
    delta = output_delta(loss, SOFTMAX, Z, SOFTMAX(Z), Y_ONEHOT)
    np.testing.assert_allclose(delta, SOFTMAX(Z) - Y_ONEHOT, rtol=1e-12)
    np.testing.assert_allclose(delta, fd, rtol=1e-6, atol=1e-9)


def test_stable_costs_agree_with_the_textbook_formula():
    sigmoid = get_activation("sigmoid", 1.3)
    a = sigmoid(Z)
    textbook = -(Y01 * np.log(a) + (1 - Y01) * np.log(1 - a))
    np.testing.assert_allclose(output_cost(get_loss("cross_entropy"), sigmoid, Z, a, Y01), textbook)
    p = SOFTMAX(Z)
    cce = get_loss("categorical_cross_entropy")
    np.testing.assert_allclose(output_cost(cce, SOFTMAX, Z, p, Y_ONEHOT), -Y_ONEHOT * np.log(p))


@pytest.mark.parametrize("loss_name", list(LOSSES))
def test_no_log_of_zero_for_saturated_outputs(loss_name):
    loss = get_loss(loss_name)
    act = SOFTMAX if loss_name == "categorical_cross_entropy" else get_activation("sigmoid")
    z = np.array([[-1e4, 1e4, 0.0], [1e4, -1e4, 5.0]])
    y = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act(z)
        cost = output_cost(loss, act, z, a, y)
        assert np.isfinite(cost).all()
        assert np.isfinite(output_delta(loss, act, z, a, y)).all()
        assert np.isfinite(loss.cost(a, y)).all()
    if loss_name == "cross_entropy":
        assert cost[0, 0] == pytest.approx(1e4)  # exact from z, not clipped


def test_pairs_and_names_are_checked():
    with pytest.raises(ValueError, match="softmax"):
        check_pair(get_loss("cross_entropy"), SOFTMAX)
    with pytest.raises(ValueError, match="softmax"):
        check_pair(get_loss("categorical_cross_entropy"), get_activation("sigmoid"))
    with pytest.raises(ValueError, match="sigmoid output"):
        check_pair(get_loss("cross_entropy"), get_activation("tanh"))
    check_pair(get_loss("squared_error"), get_activation("linear"))
    with pytest.raises(ValueError, match="unknown loss"):
        get_loss("hinge")
