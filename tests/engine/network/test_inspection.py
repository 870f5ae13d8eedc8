"""The backprop inspector's numbers and the notes' Input / Output / Quantized table."""

import numpy as np
import pytest

from engine.network.datasets import xor
from engine.network.inspection import format_table, inspect_sample, output_table
from engine.network.network import Network
from engine.network.presets import PRESETS


def test_one_sample_backprop_matches_finite_differences():
    net = Network([2, 3, 2, 1], ["tanh", "sigmoid", "sigmoid"], "cross_entropy", seed=5)
    report = inspect_sample(net, [0.3, -0.8], label=1)
    assert report.max_relative_error <= 1e-6
    assert [L.m for L in report.layers] == [1, 2, 3]
    assert [L.dC_dW.shape for L in report.layers] == [(3, 2), (2, 3), (1, 2)]
    assert [L.dC_db.shape for L in report.layers] == [(3, 1), (2, 1), (1, 1)]
    out = report.layers[-1]
    np.testing.assert_allclose(out.delta, out.a - 1.0)  # δ^L = a^L − y
    # C = −log a^L for y = 1, with a^L computed by hand
    W, b = [w[0] for w in net.W], [c[0] for c in net.b]
    a1 = np.tanh(W[0] @ report.a0 + b[0])
    a2 = 1 / (1 + np.exp(-(W[1] @ a1 + b[1])))
    a3 = 1 / (1 + np.exp(-(W[2] @ a2 + b[2])))
    assert report.cost == pytest.approx(-np.log(a3[0, 0]), rel=1e-12)
    np.testing.assert_allclose(report.layers[1].a, a2, rtol=1e-12)
    for L in report.layers:
        np.testing.assert_allclose(L.dC_dW, L.dC_dW_fd, rtol=1e-6, atol=1e-11)
        np.testing.assert_allclose(L.delta, L.delta_fd, rtol=1e-6, atol=1e-11)


def test_inspects_one_of_many_networks_with_softmax():
    many = Network([2, 4, 3], ["relu", "softmax"], "categorical_cross_entropy", seed=0,
                   n_networks=3)
    report = inspect_sample(many, [0.5, 1.5], label=2, k=1)
    assert report.max_relative_error <= 1e-6
    np.testing.assert_array_equal(report.y, [[0.0], [0.0], [1.0]])
    alone = inspect_sample(Network([2, 4, 3], ["relu", "softmax"], "categorical_cross_entropy",
                                   seed=1), [0.5, 1.5], label=2)
    np.testing.assert_array_equal(report.layers[0].dC_dW, alone.layers[0].dC_dW)


def test_the_notes_table_for_a_seed_that_solves_xor():
    data = xor()
    inputs = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])  # the notes' row order
    run = PRESETS["notes"].run(data.X_train, data.y_train, seed=1)
    run.run_epochs(1000)
    rows = output_table(run.network, inputs)
    assert [r.quantized for r in rows] == [0, 1, 1, 0]
    assert rows[1].input == (1.0, 0.0)
    W1, b1, W2, b2 = (p[0] for p in (run.network.W[0], run.network.b[0],
                                     run.network.W[1], run.network.b[1]))
    by_hand = 1 / (1 + np.exp(-(W2 @ (1 / (1 + np.exp(-(W1 @ inputs.T + b1)))) + b2)))[0]
    np.testing.assert_allclose([r.output[0] for r in rows], by_hand, rtol=1e-12)
    text = format_table(rows).splitlines()
    assert text[0] == "Input\tOutput\tQuantized"
    assert text[2] == f"[1, 0]\t{by_hand[1]:.4f}\t[1]"


def test_table_of_a_seed_that_fails_shows_it():
    data = xor()
    run = PRESETS["notes"].run(data.X_train, data.y_train, seed=0)
    run.run_epochs(1000)
    rows = output_table(run.network, data.X_train)
    assert [r.quantized for r in rows] != data.y_train.tolist()
