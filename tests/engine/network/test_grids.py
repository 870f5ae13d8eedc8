"""The pictures' grids, computed in float32, against a plain float64 re-computation.

grids.py evaluates the output and hidden-unit maps through a float32 copy of the
networks (issue 16: 2–3x faster per frame).  Here the same grid points go through
the notes' formulas written out in float64 (z = W a + b, a = σ(z), every σ by its
closed form), and the maps must agree: within 10⁻⁵ for bounded σ (sigmoid, tanh,
softmax), within 10⁻⁵ of each layer's largest |a| for ReLU and linear units.
"""

import numpy as np
import pytest

from engine.network.grids import DTYPE, GridSpec, hidden_maps, output_map
from engine.network.network import Network

SPEC = GridSpec((-3.0, 2.0, -1.5, 4.0), resolution=61, hidden_resolution=13)


def _sigma(name: str, beta: float, z: np.ndarray) -> np.ndarray:
    """σ(z) by its closed form, in float64 (softmax over the units, axis 0)."""
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * beta * z))  # = 1/(1 + e^{−βz}), no overflow
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0.0, z, 0.0)
    if name == "linear":
        return z.copy()
    e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=0)


def _plain(network: Network, k: int, resolution: int) -> list[np.ndarray]:
    """[a^1 … a^L] of network k at every grid point (columns), in float64."""
    xs, ys = SPEC.axes(resolution)
    gx, gy = np.meshgrid(xs, ys)
    a, layers = np.stack([gx.ravel(), gy.ravel()]), []
    for W, b, act in zip(network.W, network.b, network.activations, strict=True):
        a = _sigma(act.name, act.beta, W[k] @ a + b[k])
        layers.append(a)
    return layers


def _agree(name: str, got: np.ndarray, expected: np.ndarray) -> None:
    scale = 1.0 if name in ("sigmoid", "tanh", "softmax") else max(1.0, np.abs(expected).max())
    assert got.dtype == np.float32
    assert np.abs(got.astype(np.float64) - expected).max() <= 1e-5 * scale, name


ARCHITECTURES = [
    ((2, 8, 1), ("sigmoid", "sigmoid"), "cross_entropy", 1.0, 1),
    ((2, 64, 64, 1), ("tanh", "tanh", "sigmoid"), "cross_entropy", 1.0, 1),  # issue 16's
    ((2, 16, 16, 16, 1), ("tanh", "relu", "sigmoid", "sigmoid"), "cross_entropy", 2.5, 1),
    ((2, 12, 9, 1), ("relu", "relu", "linear"), "squared_error", 1.0, 1),
    ((2, 10, 4), ("tanh", "softmax"), "categorical_cross_entropy", 1.0, 1),
    ((2, 7, 5, 3), ("sigmoid", "relu", "softmax"), "categorical_cross_entropy", 1.0, 4),
    ((2, 6, 2), ("relu", "linear"), "squared_error", 1.0, 3),
]


@pytest.mark.parametrize(("sizes", "activations", "loss", "beta", "n_networks"), ARCHITECTURES)
@pytest.mark.parametrize("scale", [1.0, 6.0])  # as initialised, and saturating
def test_float32_maps_agree_with_a_plain_float64_pass(sizes, activations, loss, beta,
                                                      n_networks, scale):
    network = Network(sizes, activations, loss, beta=beta, seed=3, n_networks=n_networks)
    network.params *= scale
    kept = network.params.copy()
    shown, hidden = output_map(network, SPEC), hidden_maps(network, SPEC)
    np.testing.assert_array_equal(network.params, kept)  # the cast is a copy
    assert network.params.dtype == np.float64
    assert shown.values.shape == (n_networks, sizes[-1], 61, 61)
    assert [m.values.shape for m in hidden] == [(n_networks, n, 13, 13) for n in sizes[1:-1]]
    for k in range(n_networks):
        expected = _plain(network, k, 61)[-1].reshape(sizes[-1], 61, 61)
        _agree(activations[-1], shown.values[k], expected)
        for m, (grid, name) in enumerate(zip(hidden, activations[:-1], strict=True)):
            expected = _plain(network, k, 13)[m].reshape(-1, 13, 13)
            _agree(name, grid.values[k], expected)


def test_a_float32_copy_computes_in_float32_and_leaves_the_network_alone():
    network = Network((2, 5, 3), ("tanh", "softmax"), "categorical_cross_entropy", seed=1,
                      n_networks=2)
    copy = network.with_parameters(network.params, dtype=DTYPE)
    assert copy.params.dtype == np.float32 and copy.W[0].base is not None
    copy.params[:] = 0.0
    assert np.abs(network.params).min() > 0.0
    copy = network.with_parameters(network.params, dtype=DTYPE)
    X = np.random.default_rng(0).normal(size=(2, 40))
    z, a = copy.forward(X)
    assert all(v.dtype == np.float32 for v in [*z, *a[1:]])
    _, exact = network.forward(X)
    np.testing.assert_allclose(a[-1], exact[-1], atol=1e-6)
    ws = copy.workspace(7, backward=False)
    assert {b.dtype for b in [*ws.z, *ws.a1_c[1:], ws.cost, ws.mean]} == {np.dtype(DTYPE)}
    assert network.workspace(7).z[0].dtype == np.float64  # training stays float64


def test_weights_past_float32s_range_are_evaluated_in_float64(recwarn):
    """Finite float64 weights of 10³⁹ are ∞ in float32 (the map would be NaN): that
    network's maps come from its float64 pass, as before; the others stay float32."""
    network = Network((2, 8, 1), ("tanh", "sigmoid"), seed=0, n_networks=2)
    network.params[1] *= 1e39
    shown, hidden = output_map(network, SPEC), hidden_maps(network, SPEC)
    assert not recwarn.list
    for grid, resolution, m in ((shown, 61, -1), (hidden[0], 13, 0)):
        xs, ys = SPEC.axes(resolution)
        gx, gy = np.meshgrid(xs, ys)
        _, a = network.forward(np.stack([gx.ravel(), gy.ravel()]))
        float64 = a[m + 1 if m >= 0 else m].astype(np.float32).reshape(grid.values.shape)
        np.testing.assert_array_equal(grid.values[1], float64[1])
        assert np.isfinite(grid.values).all()
        _agree("sigmoid" if m == -1 else "tanh", grid.values[0], float64[0].astype(np.float64))
