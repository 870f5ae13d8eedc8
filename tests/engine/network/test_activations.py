"""Activations against closed forms and central finite differences."""

import warnings

import numpy as np
import pytest

from engine.network.activations import ACTIVATIONS, SOFTMAX, get_activation

Z = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])  # away from ReLU's kink at 0


NAMES_AND_SLOPES = [(name, 1.0) for name in ACTIVATIONS] + [("sigmoid", 2.5)]


@pytest.mark.parametrize(("name", "beta"), NAMES_AND_SLOPES)
def test_derivative_matches_central_difference(name, beta):
    act = get_activation(name, beta)
    h = 1e-6
    fd = (act(Z + h) - act(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(Z, act(Z)), fd, rtol=1e-7, atol=1e-9)


def test_sigmoid_is_logistic_with_slope():
    act = get_activation("sigmoid", 3.0)
    np.testing.assert_allclose(act(Z), 1.0 / (1.0 + np.exp(-3.0 * Z)), rtol=1e-12)


def test_tanh_is_scaled_and_shifted_sigmoid():
    sigmoid = get_activation("sigmoid")
    np.testing.assert_allclose(ACTIVATIONS["tanh"](Z), 2 * sigmoid(2 * Z) - 1, rtol=1e-12)


def test_relu_and_linear_closed_forms():
    np.testing.assert_array_equal(ACTIVATIONS["relu"](Z), np.where(Z > 0, Z, 0.0))
    np.testing.assert_array_equal(ACTIVATIONS["relu"].derivative(Z, None), (Z >= 0) * 1.0)
    np.testing.assert_array_equal(ACTIVATIONS["linear"](Z), Z)


@pytest.mark.parametrize("name", [*ACTIVATIONS, "softmax"])
def test_no_warnings_or_nan_for_huge_inputs(name):
    act = get_activation(name, 1.0)
    z = np.array([[-1e4, -700.0, 0.0], [700.0, 1e4, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act(z)
        assert np.isfinite(a).all()
        if name != "softmax":
            assert np.isfinite(act.derivative(z, a)).all()


def test_out_buffer_is_filled_and_returned():
    for name, act in ACTIVATIONS.items():
        out, dout = np.empty_like(Z), np.empty_like(Z)
        assert act(Z, out=out) is out, name
        np.testing.assert_array_equal(out, act(Z))
        assert act.derivative(Z, out, out=dout) is dout, name
        np.testing.assert_array_equal(dout, act.derivative(Z, act(Z)))


def test_softmax_columns_are_probabilities():
    z = np.array([[1.0, -2.0], [3.0, 0.5], [0.0, 0.5]])
    a = SOFTMAX(z)
    np.testing.assert_allclose(a.sum(axis=0), 1.0)
    np.testing.assert_allclose(a[:, 0], np.exp(z[:, 0]) / np.exp(z[:, 0]).sum())


def test_registry_has_formulas_and_rejects_unknowns():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "linear"}
    assert all(act.latex and act.derivative_latex for act in ACTIVATIONS.values())
    assert r"-\beta z" in ACTIVATIONS["sigmoid"].latex
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("swish")
    with pytest.raises(ValueError, match="sigmoid only"):
        get_activation("tanh", 2.0)


@pytest.mark.parametrize(("name", "beta"), [*NAMES_AND_SLOPES, ("softmax", 1.0)])
def test_float32_stays_float32_and_near_the_float64_values(name, beta):
    """The pictures' forward pass (grids.py) runs in float32: each σ keeps the dtype,
    returned or written into ``out``, without warnings for huge inputs."""
    act = get_activation(name, beta)
    z = np.array([[-1e4, -90.0, -3.0, -0.3, 0.0], [0.4, 2.5, 40.0, 89.0, 1e4]])
    z32 = z.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act(z32)
        out = np.empty_like(z32)
        assert act(z32, out=out) is out
    assert a.dtype == np.float32 and out.dtype == np.float32
    np.testing.assert_array_equal(a, out)
    exact = act(z)
    scale = np.maximum(1.0, np.abs(exact))  # relative for ReLU and linear
    assert (np.abs(a - exact) <= 1e-7 * scale).all(), name
