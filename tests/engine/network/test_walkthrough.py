"""The backprop walkthrough's numbers against a plain forward/backward pass of the notes' 2-2-1."""

import numpy as np
import pytest

from engine.descent.optimizers import OPTIMIZERS, GradientDescent
from engine.network.datasets import xor
from engine.network.inspection import inspect_sample
from engine.network.network import Network
from engine.network.optimizer import NetworkOptimizer
from engine.network.walkthrough import build_steps, rule_tex, tex_value

ETA = 1.0  # the notes' learning rate


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def by_hand(W1, b1, W2, b2, x, y):
    """The notes' 2-2-1 sigmoid network with cross-entropy, one sample, written out."""
    a0 = x.reshape(2, 1)
    z1 = W1 @ a0 + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    d2 = a2 - y
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    gW2, gW1 = d2 @ a1.T, d1 @ a0.T
    return dict(a0=a0, z1=z1, a1=a1, z2=z2, a2=a2, d2=d2, d1=d1, gW1=gW1, gW2=gW2,
                W1_new=W1 - ETA * gW1, W2_new=W2 - ETA * gW2, b1_new=b1 - ETA * d1,
                b2_new=b2 - ETA * d2, C=-(y * np.log(a2) + (1 - y) * np.log(1 - a2)))


@pytest.fixture(params=[0, 1, 2, 3])
def case(request):
    data = xor()
    net = Network([2, 2, 1], "sigmoid", "cross_entropy", init="standard_normal", seed=4)
    x, label = data.X_train[request.param], int(data.y_train[request.param])
    inspection = inspect_sample(net, x, label)
    W1, W2 = net.W[0][0].copy(), net.W[1][0].copy()
    b1, b2 = net.b[0][0].copy(), net.b[1][0].copy()
    steps = build_steps(inspection, net, GradientDescent(alpha=ETA))
    return steps, by_hand(W1, b1, W2, b2, x, label), inspection, (W1, b1, W2, b2)


def test_steps_follow_the_notes_order(case):
    steps, _, _, _ = case
    assert [s.phase for s in steps] == ["input", "forward", "forward", "forward", "forward",
                                        "output", "backward", "gradient", "gradient",
                                        "update", "update"]
    assert [(s.unit_layer, s.link_layer) for s in steps] == [
        (0, None), (1, 1), (1, None), (2, 2), (2, None), (2, None), (1, 2), (2, 2), (1, 1),
        (2, 2), (1, 1)]


def test_every_number_equals_a_plain_pass_and_the_inspectors(case):
    steps, hand, inspection, (W1, _, W2, _) = case
    close = dict(rtol=1e-12, atol=1e-15)
    inp, z1, a1, z2, a2, out, back, g2, g1, u2, u1 = steps
    np.testing.assert_allclose(inp.units, hand["a0"][:, 0], **close)
    np.testing.assert_allclose(z1.units, hand["z1"][:, 0], **close)
    np.testing.assert_allclose(z1.links, W1 * hand["a0"][:, 0], **close)  # W¹ᵢⱼ a⁰ⱼ
    np.testing.assert_allclose(a1.units, hand["a1"][:, 0], **close)
    np.testing.assert_allclose(z2.units, hand["z2"][:, 0], **close)
    np.testing.assert_allclose(z2.links, W2 * hand["a1"][:, 0], **close)
    np.testing.assert_allclose(a2.units, hand["a2"][:, 0], **close)
    np.testing.assert_allclose(out.units, hand["d2"][:, 0], **close)
    np.testing.assert_allclose(back.units, hand["d1"][:, 0], **close)
    np.testing.assert_allclose(back.links, W2 * hand["d2"], **close)  # W²ᵢⱼ δ²ᵢ
    np.testing.assert_allclose(g2.links, hand["gW2"], **close)
    np.testing.assert_allclose(g1.links, hand["gW1"], **close)
    np.testing.assert_allclose(g1.units, hand["d1"][:, 0], **close)  # ∂C/∂b¹ = δ¹
    np.testing.assert_array_equal(u2.links_before, W2)
    np.testing.assert_allclose(u2.links, hand["W2_new"], **close)
    np.testing.assert_allclose(u1.links, hand["W1_new"], **close)
    np.testing.assert_allclose(u1.units, hand["b1_new"][:, 0], **close)
    np.testing.assert_allclose(u2.units, hand["b2_new"][:, 0], **close)
    # the inspector's numbers, exactly: one computation, not a second
    layers = inspection.layers
    for step, value in ((z1, layers[0].z), (a1, layers[0].a), (z2, layers[1].z),
                        (a2, layers[1].a), (out, layers[1].delta), (back, layers[0].delta)):
        np.testing.assert_array_equal(step.units, value[:, 0])
    np.testing.assert_array_equal(g1.links, layers[0].dC_dW)
    np.testing.assert_array_equal(g2.links, layers[1].dC_dW)
    assert inspection.cost == pytest.approx(hand["C"][0, 0], rel=1e-12)


def test_formulas_carry_the_numbers_plugged_in(case):
    steps, hand, _, (W1, _, _, _) = case
    _, z1, _, _, a2, out, back, g2, _, u2, _ = steps
    assert z1.lines[0].endswith(f"= {tex_value(hand['z1'][0, 0])}")
    assert tex_value(W1[0, 0]).lstrip("-") in z1.lines[0]
    assert a2.lines[0].endswith(f"= {tex_value(hand['a2'][0, 0])}")
    assert out.formula == r"\delta^{2} = (a^{2} - y)"
    assert out.lines[0].endswith(f"= {tex_value(hand['d2'][0, 0])}")
    assert f"C = {tex_value(hand['C'][0, 0])}" in out.lines[1]
    assert back.lines[1].endswith(f"= {tex_value(hand['d1'][1, 0])}")
    assert g2.lines[1].endswith(f"= {tex_value(hand['gW2'][0, 1])}")
    assert u2.lines[0].endswith(f"= {tex_value(hand['W2_new'][0, 0])}")
    assert r"\leftarrow" in u2.lines[0]


def test_a_wide_layer_writes_out_only_the_first_units():
    net = Network([3, 7, 2], ["tanh", "softmax"], "categorical_cross_entropy", seed=1)
    inspection = inspect_sample(net, [0.1, -0.2, 0.3], label=1)
    steps = build_steps(inspection, net, GradientDescent(alpha=0.5))
    z1 = steps[1]
    assert len(z1.lines) == 5 and r"and\ 3\ more" in z1.lines[-1]
    assert z1.links.shape == (7, 3)
    assert steps[-1].links.shape == (7, 3) and steps[-2].links.shape == (2, 7)


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_the_update_is_the_training_rules_first_step_on_this_sample(key):
    """Each update step's W^m, b^m after equal one step of the network's own optimizer
    (engine.network.optimizer, fresh memory) on this sample's gradient — a second route."""
    rule = OPTIMIZERS[key](alpha=0.3)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], "cross_entropy", seed=7)
    x, label = np.array([0.4, -1.2]), 1
    inspection = inspect_sample(net, x, label)
    steps = build_steps(inspection, net, rule)
    trained = Network([2, 3, 1], ["tanh", "sigmoid"], "cross_entropy", seed=7)
    optimizer = NetworkOptimizer(trained, rules=[rule])
    for m, layer in enumerate(inspection.layers):
        optimizer.dC_dW[m][0] = layer.dC_dW
        optimizer.dC_db[m][0] = layer.dC_db
    optimizer.update(lambda theta: optimizer.gradient.copy())
    updates = {s.link_layer: s for s in steps if s.phase == "update"}
    for m in (1, 2):
        np.testing.assert_allclose(updates[m].links, trained.W[m - 1][0], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(updates[m].units, trained.b[m - 1][0][:, 0], rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_array_equal(updates[m].links_before, net.W[m - 1][0])
        assert rule.name in updates[m].title
        assert updates[m].formula.startswith(rule_tex(rule, m))
        assert updates[m].lines[0].endswith(f"= {tex_value(trained.W[m - 1][0][0, 0])}")


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_each_rule_is_written_for_the_weights(key):
    tex = rule_tex(OPTIMIZERS[key](), 2)
    assert r"\nabla" not in tex and r"\alpha" not in tex
    assert r"W^{2} \leftarrow" in tex and r"\frac{\partial C}{\partial W^{2}}" in tex
    assert "x" not in tex.replace(r"\max", "")


def test_an_l2_penalty_joins_the_gradient_of_the_update():
    net = Network([2, 2, 1], "sigmoid", "cross_entropy", seed=3)
    inspection = inspect_sample(net, [1.0, 0.0], label=1)
    steps = build_steps(inspection, net, GradientDescent(alpha=0.5), l2=0.1)
    W2 = net.W[1][0]
    expected = W2 - 0.5 * (inspection.layers[1].dC_dW + 0.1 * W2)
    np.testing.assert_allclose(steps[-2].links, expected, rtol=1e-12)
    assert r"\lambda = 0.1" in steps[-2].formula
