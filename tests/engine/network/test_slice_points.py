"""Critical points of the two-weight slice, each checked by an independent route: the
engine's own C by central differences (∇C = 0, the rt − s² test), a least-squares fit."""

import numpy as np
import pytest

from engine.network.datasets import xor
from engine.network.landscape import losses_at, named_plane, random_plane
from engine.network.network import Network
from engine.network.slice_points import slice_expression, slice_points

XOR = xor()
BOX = ((-6.0, 6.0), (-6.0, 6.0))


def _notes_net(seed: int = 3) -> Network:
    return Network([2, 2, 1], "sigmoid", "cross_entropy", init="standard_normal", seed=seed)


def _c(net, plane, s, t, X=XOR.X_train, y=XOR.y_train):
    return losses_at(net, plane.points(np.array([s]), np.array([t])), X, y)[0]


def _by_differences(net, plane, s, t, h=1e-3):
    """∇C and r, s, t at (s, t): plain central differences of the engine's C."""
    c = {(i, j): _c(net, plane, s + i * h, t + j * h) for i in (-1, 0, 1) for j in (-1, 0, 1)}
    grad = np.array([c[1, 0] - c[-1, 0], c[0, 1] - c[0, -1]]) / (2 * h)
    r = (c[1, 0] - 2 * c[0, 0] + c[-1, 0]) / h**2
    u = (c[0, 1] - 2 * c[0, 0] + c[0, -1]) / h**2
    m = (c[1, 1] - c[1, -1] - c[-1, 1] + c[-1, -1]) / (4 * h * h)
    return grad, r, m, u


def test_the_symbolic_slice_is_the_engines_c():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], "cross_entropy", seed=1)
    plane = named_plane(net, "W^1_21", "b^2_1")
    expr = slice_expression(net, plane, XOR.X_train, XOR.y_train)
    rng = np.random.default_rng(0)
    for s, t in rng.uniform(-3, 3, size=(5, 2)):
        assert float(expr(np.array(s), np.array(t))) == pytest.approx(_c(net, plane, s, t),
                                                                       abs=1e-12)


@pytest.mark.parametrize("names", [("W^1_11", "W^1_12"), ("W^2_11", "b^2_1")])
def test_symbolic_points_are_critical_and_classified_by_differences(names):
    net = _notes_net()
    plane = named_plane(net, *names)
    found = slice_points(net, plane, XOR.X_train, XOR.y_train, BOX)
    assert found.route == "symbolic"
    assert found.points
    for p in found.points:
        grad, r, m, u = _by_differences(net, plane, p.s, p.t)
        assert np.hypot(*grad) < 1e-6
        assert p.value == pytest.approx(_c(net, plane, p.s, p.t), abs=1e-12)
        det = r * u - m * m
        expected = "saddle" if det < 0 else ("minimum" if r > 0 else "maximum")
        assert p.kind == expected
    # the numeric route finds the same points in the same box
    again = slice_points(net, plane, XOR.X_train, XOR.y_train, BOX, symbolic=False)
    assert again.route == "numeric"
    assert sorted((round(p.s, 5), round(p.t, 5), p.kind) for p in again.points) == sorted(
        (round(p.s, 5), round(p.t, 5), p.kind) for p in found.points)


def test_a_linear_unit_with_squared_error_has_the_least_squares_fit_as_its_minimum():
    rng = np.random.default_rng(2)
    X = rng.uniform(-1, 1, size=(6, 1))
    y = np.array([0, 1, 1, 0, 1, 0])
    net = Network([1, 1], "linear", "squared_error", seed=0)
    net.params[0] = 0.0
    plane = named_plane(net, "W^1_11", "b^1_1")
    found = slice_points(net, plane, X, y, ((-5.0, 5.0), (-5.0, 5.0)))
    assert found.route == "symbolic"
    w, b = np.polyfit(X[:, 0], y, 1)
    assert [(p.kind) for p in found.points] == ["minimum"]
    assert (found.points[0].s, found.points[0].t) == pytest.approx((w, b), abs=1e-9)


def test_relu_slices_are_searched_numerically_and_other_planes_are_refused():
    net = Network([2, 2, 1], ["relu", "sigmoid"], "cross_entropy", seed=4)
    plane = named_plane(net, "W^2_11", "b^2_1")
    found = slice_points(net, plane, XOR.X_train, XOR.y_train, BOX)
    assert found.route == "numeric" and "numerically" in found.note
    for p in found.points:
        grad, *_ = _by_differences(net, plane, p.s, p.t)
        assert np.hypot(*grad) < 1e-6
    with pytest.raises(ValueError, match="two chosen weights"):
        slice_points(net, random_plane(net), XOR.X_train, XOR.y_train, BOX)
