"""Optimizer updates against hand-written scalar references and closed forms."""

import math

import numpy as np
import pytest

from engine.descent.optimizers import (
    OPTIMIZERS,
    AdaGrad,
    Adam,
    GradientDescent,
    Momentum,
    Nesterov,
    RMSProp,
    make,
)


def bowl_grad(p: np.ndarray) -> np.ndarray:
    """∇ of f = ½(x² + 3y²) (closed form)."""
    return p * np.array([1.0, 3.0])


def test_gradient_descent_steps_against_the_gradient():
    x = np.array([[2.0, -1.0]])
    new = GradientDescent(alpha=0.1).update(x, bowl_grad, {})
    # x − α∇f = (2 − 0.2, −1 + 0.3): the notes' x + α∇f would climb (erratum 3)
    assert new == pytest.approx(np.array([[1.8, -0.7]]))


def test_momentum_is_the_notes_update_with_the_previous_step():
    opt = Momentum(alpha=0.1, mu=0.5)
    x, state = np.array([[2.0, 0.0]]), opt.init_state(1)
    x1 = opt.update(x, bowl_grad, state)
    x2 = opt.update(x1, bowl_grad, state)
    # Δw(1) = −η∇ = −0.2; Δw(2) = −η∇f(1.8) + μΔw(1) = −0.18 − 0.1
    assert x1[0, 0] == pytest.approx(1.8)
    assert x2[0, 0] == pytest.approx(1.8 - 0.18 - 0.1)
    assert state["v"][0, 0] == pytest.approx(-0.28)


def test_nesterov_takes_the_gradient_at_the_look_ahead_point():
    seen = []

    def grad(p):
        seen.append(p.copy())
        return bowl_grad(p)

    opt = Nesterov(alpha=0.1, mu=0.9)
    state = {"v": np.array([[1.0, 0.0]])}
    new = opt.update(np.array([[0.0, 0.0]]), grad, state, grad=np.zeros((1, 2)))
    assert seen[0] == pytest.approx(np.array([[0.9, 0.0]]))
    assert new[0, 0] == pytest.approx(0.9 - 0.1 * 0.9)


def _scalar_adam(gs, alpha, b1, b2, eps):
    x, m, v = 0.0, 0.0, 0.0
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x -= alpha * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
    return x


def _scalar_rms(gs, alpha, rho, eps):
    x, s = 0.0, 0.0
    for g in gs:
        s = rho * s + (1 - rho) * g * g
        x -= alpha * g / (math.sqrt(s) + eps)
    return x


def _scalar_adagrad(gs, alpha, eps):
    x, G = 0.0, 0.0
    for g in gs:
        G += g * g
        x -= alpha * g / (math.sqrt(G) + eps)
    return x


@pytest.mark.parametrize(
    ("opt", "reference"),
    [
        (Adam(alpha=0.05, beta1=0.8, beta2=0.99, eps=1e-6),
         lambda gs: _scalar_adam(gs, 0.05, 0.8, 0.99, 1e-6)),
        (RMSProp(alpha=0.05, rho=0.7, eps=1e-6), lambda gs: _scalar_rms(gs, 0.05, 0.7, 1e-6)),
        (AdaGrad(alpha=0.05, eps=1e-6), lambda gs: _scalar_adagrad(gs, 0.05, 1e-6)),
    ],
)
def test_adaptive_updates_match_a_scalar_reference(opt, reference):
    # a fixed sequence of gradients, fed through a grad_fn that ignores x
    rng = np.random.default_rng(1)
    gs = rng.normal(size=(12, 3, 2))
    x, state = np.zeros((3, 2)), opt.init_state(3)
    for g in gs:
        x = opt.update(x, lambda p, g=g: g, state)
    for row in range(3):
        for col in range(2):
            assert x[row, col] == pytest.approx(reference(gs[:, row, col]), rel=1e-12)


def test_adam_first_step_has_length_alpha_per_coordinate():
    # bias correction: m̂ = g, v̂ = g², so the first step is α·g/|g|
    opt = Adam(alpha=0.3, eps=1e-12)
    new = opt.update(np.zeros((1, 2)), lambda p: np.array([[5.0, -0.01]]), opt.init_state(1))
    assert new == pytest.approx(np.array([[-0.3, 0.3]]))


@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_rows_move_independently(key):
    opt = make(key)
    starts = np.array([[1.0, 2.0], [-3.0, 0.5], [0.2, -0.4]])
    together, state = starts.copy(), opt.init_state(3)
    for _ in range(5):
        together = opt.update(together, bowl_grad, state)
    for i, start in enumerate(starts):
        alone, one = start[None, :].copy(), opt.init_state(1)
        for _ in range(5):
            alone = opt.update(alone, bowl_grad, one)
        assert together[i] == pytest.approx(alone[0], rel=1e-13)


@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_display_data_is_complete(key):
    opt = make(key)
    assert opt.key == key and opt.name
    assert "**" not in opt.latex and "x" in opt.latex
    specs = opt.hyperparameters()
    assert specs and specs[0].name == "alpha"
    assert set(opt.values()) == {s.name for s in specs}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"alpha": float("nan")}, "finite"),
        ({"alpha": -1.0}, "at least"),
        ({"alpha": 1e308}, "at most"),
        ({"mu": 1.0}, "below 1"),
        ({"alpha": "fast"}, "must be a number"),
    ],
)
def test_bad_hyperparameters_are_refused_with_a_message(values, message):
    with pytest.raises(ValueError, match=message):
        Momentum().with_values(**values)


def test_with_values_returns_a_new_optimizer_and_refuses_unknown_names():
    opt = Adam()
    faster = opt.with_values(alpha=0.1)
    assert faster.alpha == 0.1 and opt.alpha == 0.01 and faster.beta2 == opt.beta2
    with pytest.raises(ValueError, match="no parameter"):
        opt.with_values(gamma=1.0)
    with pytest.raises(ValueError, match="unknown optimizer"):
        make("lbfgs")


def _adam_as_written(opt, x, g, state):
    """Adam exactly as its docstring writes it, each formula one NumPy expression."""
    m = opt.beta1 * state["m"] + (1.0 - opt.beta1) * g
    v = opt.beta2 * state["v"] + (1.0 - opt.beta2) * g * g
    t = state["t"] + 1.0
    state["m"], state["v"], state["t"] = m, v, t
    m_hat = m / (1.0 - opt.beta1**t)
    v_hat = v / (1.0 - opt.beta2**t)
    return x - opt.alpha * m_hat / (np.sqrt(v_hat) + opt.eps)


@pytest.mark.parametrize("k", [1, 200])
def test_adam_in_place_gives_the_numbers_of_its_formulas_bit_for_bit(k):
    opt = Adam(alpha=0.05, beta1=0.8, beta2=0.99, eps=1e-6)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(k, 2))
    ours, theirs = opt.init_state(k), opt.init_state(k)
    theirs_x = x.copy()
    for step in range(60):
        if step == 30:  # some points restart: step counts differ from then on
            ours["t"][::3] = theirs["t"][::3] = 0.0
        g = rng.normal(size=(k, 2)) * 10.0 ** rng.integers(-8, 8, size=(k, 1))
        x = opt.update(x, lambda p: p, ours, g)
        theirs_x = _adam_as_written(opt, theirs_x, g, theirs)
        assert np.array_equal(x, theirs_x)
        assert all(np.array_equal(ours[key], theirs[key]) for key in ("m", "v", "t"))
