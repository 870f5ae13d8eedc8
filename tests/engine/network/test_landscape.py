"""The loss landscape and the curvature at θ, each against an independent route."""

import numpy as np
import pytest

from engine.network.datasets import moons, xor
from engine.network.landscape import (
    curvature,
    gradient_at,
    landscape,
    losses_at,
    named_plane,
    parameter_names,
    pca_plane,
    random_plane,
)
from engine.network.network import Network
from engine.network.training import TrainingRun

XOR = xor()


def _trained(epochs: int = 200, seed: int = 1) -> tuple[Network, list[np.ndarray]]:
    net = Network([2, 4, 1], ["tanh", "sigmoid"], seed=seed)
    run = TrainingRun(net, XOR.X_train, XOR.y_train, learning_rate=0.5, momentum=0.9,
                      max_epochs=epochs)
    path = [net.params[0].copy()]
    for _ in range(epochs // 10):
        run.run_epochs(10)
        path.append(net.params[0].copy())
    return net, path


def _loss_by_hand(net: Network, theta: np.ndarray, X=XOR.X_train, y=XOR.y_train) -> float:
    one = Network(net.layer_sizes, [a.name for a in net.activations], net.loss.name, seed=0)
    one.params[0] = theta
    z, a = one.forward(np.asarray(X, dtype=float).T)
    Y = np.asarray(y, dtype=float)[None, :]
    return float(one.cost(z[-1], a[-1], Y)[0])


@pytest.mark.parametrize("make", ["named", "random", "pca"])
def test_the_landscape_at_the_origin_is_the_current_loss(make):
    net, path = _trained()
    plane = {"named": lambda: named_plane(net, "W^1_11", "b^2_1"),
             "random": lambda: random_plane(net, seed=3),
             "pca": lambda: pca_plane(np.array(path))}[make]()
    grid = landscape(net, plane, XOR.X_train, XOR.y_train, resolution=41)
    centre = grid.losses[20, 20]
    assert grid.s[20] == 0.0 and grid.t[20] == 0.0
    assert abs(centre - _loss_by_hand(net, plane.origin)) <= 1e-12


def test_the_two_weight_slice_is_c_with_those_weights_changed_by_hand():
    net, _ = _trained()
    names = parameter_names(net)
    plane = named_plane(net, "W^1_21", "b^1_3")
    grid = landscape(net, plane, XOR.X_train, XOR.y_train, (-2, 2), (-1, 3), resolution=9)
    for j in (0, 4, 8):
        for i in (1, 5, 7):
            theta = net.params[0].copy()
            theta[names.index("W^1_21")] += grid.s[i]
            theta[names.index("b^1_3")] += grid.t[j]
            assert abs(grid.losses[j, i] - _loss_by_hand(net, theta)) <= 1e-12


def test_parameter_names_follow_the_notes_and_the_params_layout():
    net = Network([2, 3, 1], seed=0)
    names = parameter_names(net)
    assert len(names) == net.n_parameters
    assert names[:3] == ["W^1_11", "W^1_12", "b^1_1"] and names[-1] == "b^2_1"
    assert net.params[0][names.index("W^1_12")] == net.W[0][0, 0, 1]
    assert net.params[0][names.index("b^2_1")] == net.b[1][0, 0, 0]


def test_the_projected_path_is_the_recorded_parameters_projection():
    net, path = _trained()
    path = np.array(path)
    plane = pca_plane(path)
    coords = plane.project(path)
    # PCA directions are orthonormal: the projection is a dot product
    np.testing.assert_allclose(coords[:, 0], (path - plane.origin) @ plane.d1, atol=1e-12)
    np.testing.assert_allclose(coords[:, 1], (path - plane.origin) @ plane.d2, atol=1e-12)
    # for named directions it is the change of those two parameters
    named = named_plane(net, "W^1_11", "W^2_11")
    names = parameter_names(net)
    moved = named.project(path)
    np.testing.assert_allclose(moved[:, 0], path[:, names.index("W^1_11")]
                               - named.origin[names.index("W^1_11")], atol=1e-12)


def test_the_pca_share_matches_numpys_svd():
    _, path = _trained()
    path = np.array(path)
    singular = np.linalg.svd(path - path.mean(axis=0), compute_uv=False)
    expected = (singular[0] ** 2 + singular[1] ** 2) / np.sum(singular**2)
    assert abs(pca_plane(path).variance_share - expected) < 1e-12
    assert 0 < pca_plane(path).variance_share <= 1


def test_random_directions_are_filter_normalised():
    net, _ = _trained()
    plane = random_plane(net, seed=5)
    d = net.new_parameters(plane.d1[None, :].copy())
    for Wb_d, Wb in zip(d.Wb, net.Wb, strict=True):
        np.testing.assert_allclose(np.linalg.norm(Wb_d[0, :, :-1], axis=1),
                                   np.linalg.norm(Wb[0, :, :-1], axis=1), rtol=1e-12)
        assert not Wb_d[0, :, -1].any()


def test_a_grid_is_many_networks_at_once_and_bounded_in_memory(monkeypatch):
    import engine.network.landscape as module

    net, _ = _trained()
    plane = random_plane(net)
    whole = landscape(net, plane, XOR.X_train, XOR.y_train, resolution=11).losses
    monkeypatch.setattr(module, "GRID_BYTES", 2_000)  # a few grid points per chunk
    np.testing.assert_allclose(landscape(net, plane, XOR.X_train, XOR.y_train,
                                         resolution=11).losses, whole, rtol=0, atol=0)


def test_backprop_gradient_matches_finite_differences_of_the_landscape():
    data = moons(40)
    net = Network([2, 5, 1], ["tanh", "sigmoid"], seed=2)
    theta = net.params[0].copy()
    g = gradient_at(net, theta, data.X_train, data.y_train)
    h = 1e-6
    for p in (0, 7, theta.size - 1):
        e = np.zeros_like(theta)
        e[p] = h
        plus, minus = losses_at(net, np.stack([theta + e, theta - e]), data.X_train,
                                data.y_train)
        assert abs((plus - minus) / (2 * h) - g[p]) < 1e-7


def _dense_hessian(net: Network, X, y, h: float = 1e-4) -> np.ndarray:
    """Second differences of C itself (no backprop): an independent route."""
    theta = net.params[0].copy()
    P = theta.size
    H = np.empty((P, P))
    for i in range(P):
        for j in range(i, P):
            ei, ej = np.eye(P)[i] * h, np.eye(P)[j] * h
            points = np.stack([theta + ei + ej, theta + ei - ej, theta - ei + ej, theta - ei - ej])
            pp, pm, mp, mm = losses_at(net, points, X, y)
            H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4 * h * h)
    return H


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 3, 1]])
def test_hessian_eigenvalues_match_a_dense_finite_difference_hessian(sizes):
    net = Network(sizes, "sigmoid", seed=4)
    values = np.linalg.eigvalsh(_dense_hessian(net, XOR.X_train, XOR.y_train))
    result = curvature(net, XOR.X_train, XOR.y_train, count=2)
    np.testing.assert_allclose(result.largest, values[::-1][:2], atol=1e-5)
    np.testing.assert_allclose(result.smallest, values[:2], atol=1e-5)


def test_lanczos_agrees_with_the_dense_route_on_a_larger_network():
    net = Network([2, 6, 1], ["tanh", "sigmoid"], seed=6)  # P = 25: Lanczos
    values = np.linalg.eigvalsh(_dense_hessian(net, XOR.X_train, XOR.y_train))
    result = curvature(net, XOR.X_train, XOR.y_train, count=2)
    np.testing.assert_allclose(result.largest, values[::-1][:2], atol=1e-4)
    np.testing.assert_allclose(result.smallest, values[:2], atol=1e-4)


def test_a_trained_xor_network_sits_at_a_minimum():
    net, _ = _trained(epochs=600)
    assert curvature(net, XOR.X_train, XOR.y_train).verdict == "minimum"


def test_a_named_plane_refuses_what_is_not_a_parameter():
    net = Network([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="not a parameter"):
        named_plane(net, "W^3_11", "b^1_1")
    with pytest.raises(ValueError, match="two different"):
        named_plane(net, "b^1_1", "b^1_1")


@pytest.mark.parametrize("top, bottom, verdict", [
    (1e-9, -1e-9, "plateau"), (2.0, -1.0, "saddle"), (-0.1, -3.0, "maximum"),
    (2.0, 0.5, "minimum"), (2e-3, -5e-5, "minimum"),
])
def test_the_verdict_reads_the_signs_of_the_extreme_curvatures(top, bottom, verdict):
    from engine.network.landscape import _verdict

    tolerance = max(1e-6, 0.05 * max(abs(top), abs(bottom)))
    assert _verdict(top, bottom, 1e-6, tolerance)[0] == verdict


def test_wide_layers_get_unambiguous_names():
    names = parameter_names(Network([12, 11, 1], seed=0))
    assert len(set(names)) == len(names)
    assert "W^1_1,12" in names and "W^1_11,1" in names and "W^1_11" in names
