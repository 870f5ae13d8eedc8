"""Backprop equals finite differences, for random architectures (hypothesis)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.network.activations import ACTIVATIONS
from engine.network.gradcheck import gradcheck, locate
from engine.network.network import Network

# (output activation, cost) pairs the engine accepts; hidden layers take any activation
OUTPUT_AND_COST = [(name, "squared_error") for name in ACTIVATIONS] + [
    ("sigmoid", "cross_entropy"),
    ("softmax", "categorical_cross_entropy"),
]


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    output, cost = draw(st.sampled_from(OUTPUT_AND_COST))
    widths = draw(st.lists(st.integers(1, 8), min_size=depth + 1, max_size=depth + 1))
    if output == "softmax":
        widths[-1] = max(widths[-1], 2)
    hidden = draw(st.lists(st.sampled_from(list(ACTIVATIONS)), min_size=depth - 1,
                           max_size=depth - 1))
    beta = draw(st.sampled_from([1.0, 0.5, 2.0]))
    seed = draw(st.integers(0, 2**16))
    n = draw(st.integers(1, 5))
    return widths, [*hidden, output], cost, beta, seed, n


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems())
def test_backprop_matches_finite_differences(problem):
    widths, activations, cost, beta, seed, n = problem
    net = Network(widths, activations, cost, beta=beta, seed=seed)
    rng = np.random.default_rng(seed)
    net.params[:] = rng.normal(0.0, 0.8, net.params.shape)
    a0 = rng.normal(0.0, 1.0, (widths[0], n))
    if cost == "squared_error":
        y = rng.normal(0.0, 1.0, (widths[-1], n))
    elif cost == "cross_entropy":
        y = rng.integers(0, 2, (widths[-1], n)).astype(float)
    else:
        y = np.eye(widths[-1])[:, rng.integers(0, widths[-1], n)]
    z, _ = net.forward(a0)
    # ReLU's kink: keep every z^m at least 0.01 from 0, far beyond the stencil's reach
    assume(all(np.abs(z_m).min() > 1e-2 for z_m, act in zip(z, activations, strict=True)
               if act == "relu"))
    result = gradcheck(net, a0, y)
    assert result.max_relative_error <= 1e-6, result


def test_gradcheck_finds_a_wrong_gradient():
    class OffByTwo(Network):
        def backward(self, z, a, y, ws=None, grads=None):
            delta, dC_dW, dC_db = super().backward(z, a, y, ws, grads)
            dC_dW[0] *= 2.0  # a deliberately broken first layer
            return delta, dC_dW, dC_db

    net = OffByTwo([2, 3, 1], ["tanh", "sigmoid"], seed=4)
    X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    result = gradcheck(net, X, np.array([[0.0, 1.0, 1.0, 0.0]]))
    assert result.max_relative_error == pytest.approx(0.5, rel=1e-3)
    assert (result.layer, result.kind) == (1, "W")
    assert result.backprop == pytest.approx(2 * result.finite_difference, rel=1e-6)


def test_locate_names_the_parameter_each_column_moves():
    net = Network([3, 2, 1], seed=0)
    for p in range(net.n_parameters):
        net.params[:] = 0.0
        net.params[0, p] = 1.0
        m, kind, i, j = locate(net, p)
        arrays = net.W if kind == "W" else net.b
        assert arrays[m - 1][0, i, j] == 1.0
        assert sum(float(x.sum()) for x in net.W + net.b) == 1.0
    with pytest.raises(IndexError):
        locate(net, net.n_parameters)
