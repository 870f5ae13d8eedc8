"""The network trains with the descent tab's rules: each step against the same rule on the
flattened θ, and against the rule's formula re-computed by hand, with ∂C/∂θ checked by
finite differences."""

import numpy as np
import pytest

from engine.descent.optimizers import OPTIMIZERS, make
from engine.network.datasets import moons, xor
from engine.network.landscape import gradient_at, losses_at
from engine.network.network import Network
from engine.network.optimizer import NetworkOptimizer
from engine.network.race import Race
from engine.network.training import TrainingRun

XOR = xor()
RULES = {  # hyper-parameters away from the defaults, so each one is exercised
    "gd": {"alpha": 0.7},
    "momentum": {"alpha": 0.3, "mu": 0.8},
    "nesterov": {"alpha": 0.3, "mu": 0.7},
    "adagrad": {"alpha": 0.4, "eps": 1e-7},
    "rmsprop": {"alpha": 0.02, "rho": 0.8, "eps": 1e-7},
    "adam": {"alpha": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-7},
}


def _by_hand(key: str, h: dict, x: np.ndarray, grad, memory: dict) -> np.ndarray:
    """One step of rule ``key`` as its formula reads, written out plainly."""
    if key == "gd":
        return x - h["alpha"] * grad(x)
    if key in ("momentum", "nesterov"):
        v = memory.get("v", np.zeros_like(x))
        g = grad(x + h["mu"] * v) if key == "nesterov" else grad(x)
        memory["v"] = h["mu"] * v - h["alpha"] * g
        return x + memory["v"]
    g = grad(x)
    if key == "adagrad":
        memory["G"] = memory.get("G", 0.0) + g**2
        return x - h["alpha"] * g / (np.sqrt(memory["G"]) + h["eps"])
    if key == "rmsprop":
        memory["s"] = h["rho"] * memory.get("s", 0.0) + (1 - h["rho"]) * g**2
        return x - h["alpha"] * g / (np.sqrt(memory["s"]) + h["eps"])
    t = memory["t"] = memory.get("t", 0) + 1
    memory["m"] = h["beta1"] * memory.get("m", 0.0) + (1 - h["beta1"]) * g
    memory["v"] = h["beta2"] * memory.get("v", 0.0) + (1 - h["beta2"]) * g**2
    m_hat, v_hat = memory["m"] / (1 - h["beta1"] ** t), memory["v"] / (1 - h["beta2"] ** t)
    return x - h["alpha"] * m_hat / (np.sqrt(v_hat) + h["eps"])


def _xor_net(seed: int = 3) -> Network:
    return Network([2, 2, 1], "sigmoid", "cross_entropy", init="standard_normal", seed=seed)


def test_backprop_gradient_matches_finite_differences():
    net = _xor_net()
    theta = net.params[0]
    h, P = 1e-6, theta.size
    by_differences = np.array([
        (losses_at(net, theta + h * e, XOR.X_train, XOR.y_train)[0]
         - losses_at(net, theta - h * e, XOR.X_train, XOR.y_train)[0]) / (2 * h)
        for e in np.eye(P)])
    np.testing.assert_allclose(gradient_at(net, theta, XOR.X_train, XOR.y_train),
                               by_differences, atol=1e-8)


@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_each_rule_on_the_network_is_the_descent_rule_on_theta_step_for_step(key):
    net = _xor_net()
    theta0 = net.params[0].copy()
    rule = make(key, **RULES[key])
    run = TrainingRun(net, XOR.X_train, XOR.y_train, max_epochs=10**6,
                      optimizer=NetworkOptimizer(net, rules=[rule]))
    grad = lambda x: np.stack([gradient_at(net, row, XOR.X_train, XOR.y_train)  # noqa: E731
                               for row in np.atleast_2d(x)])
    x_descent, state = theta0[None, :].copy(), rule.init_state(1, theta0.size)
    x_hand, memory = theta0.copy(), {}
    for _ in range(60):
        run.run_epochs(1)
        x_descent = rule.update(x_descent, grad, state)
        x_hand = _by_hand(key, RULES[key], x_hand, lambda p: grad(p)[0], memory)
        np.testing.assert_allclose(net.params[0], x_descent[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(net.params[0], x_hand, rtol=0, atol=1e-12)
    assert np.abs(net.params[0] - theta0).max() > 1e-3  # it did move


def test_nesterov_online_with_l2_looks_ahead_on_the_same_sample():
    net = _xor_net(5)
    rule = make("nesterov", alpha=0.2, mu=0.9)
    lam = 0.01
    x, memory = net.params[0].copy(), {}
    run = TrainingRun(net, XOR.X_train, XOR.y_train, batch_size=1, shuffle=False,
                      optimizer=NetworkOptimizer(net, l2=lam, rules=[rule]), max_epochs=100)
    weights = np.array(["W" in n for n in _names(net)], dtype=float)
    for _ in range(5):
        run.run_epochs(1)
        for i in range(4):
            sample = (XOR.X_train[i:i + 1], XOR.y_train[i:i + 1])
            grad = lambda p, s=sample: gradient_at(net, p, *s) + lam * weights * p  # noqa: E731
            x = _by_hand("nesterov", {"alpha": 0.2, "mu": 0.9}, x, grad, memory)
    np.testing.assert_allclose(net.params[0], x, rtol=0, atol=1e-12)


def _names(net: Network) -> list[str]:
    from engine.network.landscape import parameter_names
    return parameter_names(net)


def test_a_race_trains_each_copy_as_it_would_alone():
    data = moons(60)
    template = Network([2, 3, 1], ["tanh", "sigmoid"], "cross_entropy", seed=2)
    keys = list(RULES)
    rules = [make(key, **RULES[key]) for key in keys]
    race = Race(template, template.params[0], rules, data.X_train, data.y_train,
                batch_size=16, seed=4, max_epochs=100)
    snapshot = race.step(12)
    assert snapshot.epoch == 12 and snapshot.keys == tuple(keys)
    assert snapshot.paths.shape == (6, 13, template.n_parameters)
    for k, rule in enumerate(rules):
        alone = Race(template, template.params[0], [rule], data.X_train, data.y_train,
                     batch_size=16, seed=4, max_epochs=100).step(12)
        np.testing.assert_allclose(snapshot.paths[k], alone.paths[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(snapshot.losses[k], alone.losses[0], rtol=1e-6)
    assert np.all(snapshot.paths[:, 0] == template.params[0])


def test_full_batch_race_losses_are_c_where_each_epoch_started():
    net = _xor_net(2)
    rules = [make(key, **RULES[key]) for key in ("adam", "momentum")]
    snapshot = Race(net, net.params[0], rules, XOR.X_train, XOR.y_train).step(20)
    for k in range(2):
        by_hand = losses_at(net, snapshot.paths[k, :-1], XOR.X_train, XOR.y_train)
        np.testing.assert_allclose(snapshot.losses[k], by_hand, rtol=1e-6)  # kept as float32


def test_a_diverged_racer_stops_and_the_others_run_on():
    net = _xor_net(1)
    rules = [make("gd", alpha=0.5), make("adam", alpha=1e6, offered_ranges=False)]
    race = Race(net, net.params[0], rules, XOR.X_train, XOR.y_train, max_epochs=50)
    snapshot = race.step(50)
    assert snapshot.diverged.tolist() == [False, True]
    assert np.all(np.isfinite(snapshot.paths))
    frozen = snapshot.paths[1]
    assert np.array_equal(frozen[-1], frozen[-10])  # its rule's memory was cleared: it stays
    assert snapshot.epoch == 50


def test_rules_must_share_the_networks_out_evenly_and_values_are_checked():
    net = Network([2, 2, 1], seed=0, n_networks=3)
    with pytest.raises(ValueError, match="3 networks cannot be shared out among 2 rules"):
        NetworkOptimizer(net, rules=[make("gd"), make("adam")])
    with pytest.raises(ValueError, match="choose at least one optimizer"):
        Race(net, net.params[0], [], XOR.X_train, XOR.y_train)
    opt = NetworkOptimizer(net, learning_rate=1e6)  # the network's η may exceed the offer
    opt.learning_rate = 0.0
    assert opt.learning_rate == 0.0
    with pytest.raises(ValueError, match="step size α must be at least 0"):
        opt.learning_rate = -1.0


def test_race_paths_stay_bounded_and_keep_the_start_and_the_newest_point():
    net = _xor_net(6)
    race = Race(net, net.params[0], [make("gd", alpha=0.5)], XOR.X_train, XOR.y_train,
                max_epochs=2000)
    snapshot = race.step(1000)
    assert len(snapshot.path_epochs) <= race.max_path + 1 == 401
    assert snapshot.path_epochs[0] == 0 and snapshot.path_epochs[-1] == 1000
    np.testing.assert_array_equal(snapshot.paths[0, -1], race.run.network.params[0])
    wide = Network([2, 200, 200, 1], seed=0)
    race = Race(wide, wide.params[0], [make("adam")] * 6, XOR.X_train, XOR.y_train)
    assert race.max_path == 20  # 6 copies of 41,001 parameters: the floor


def test_another_rule_in_use_starts_fresh_memory_and_new_values_keep_it():
    net = _xor_net()
    momentum = make("momentum", alpha=0.3, mu=0.8)
    run = TrainingRun(net, XOR.X_train, XOR.y_train, max_epochs=10**6,
                      optimizer=NetworkOptimizer(net, rules=[momentum]))
    run.run_epochs(3)
    opt = run.optimizer
    velocity = opt.groups[0].state["v"].copy()
    assert not opt.use(momentum.with_values(mu=0.5))  # same rule: the velocity carries on
    np.testing.assert_array_equal(opt.groups[0].state["v"], velocity)
    adam = make("adam", alpha=0.05)
    assert opt.use(adam)  # another rule: its own memory, from zero
    assert opt.rules == (adam,) and set(opt.groups[0].state) == {"m", "v", "t"}
    theta = net.params[0].copy()
    run.run_epochs(1)
    x_hand = _by_hand("adam", adam.values(), theta,
                      lambda p: gradient_at(net, p, XOR.X_train, XOR.y_train), {})
    np.testing.assert_allclose(net.params[0], x_hand, rtol=0, atol=1e-12)
