"""The decision boundary painted from the float32 grid (engine/network/grids.py, issue 16)
is the picture the float64 values paint: the same colour on every pixel but a few on a
colour step's edge, which move by one step."""

from __future__ import annotations

import numpy as np

from engine.network.grids import GridMap, GridSpec, output_map
from engine.network.network import Network
from gui.tabs.network.boundary import BoundaryView
from gui.tabs.network.colors import blend_classes

SPEC = GridSpec((-2.0, 2.0, -2.0, 2.0), resolution=150, hidden_resolution=8)


def _float64_map(network: Network) -> GridMap:
    """a^L over the grid by the network's own float64 pass (as the grid was computed before)."""
    xs, ys = SPEC.axes(SPEC.resolution)
    gx, gy = np.meshgrid(xs, ys)
    _, a = network.forward(np.stack([gx.ravel(), gy.ravel()]))
    return GridMap(xs, ys, a[-1].reshape(*a[-1].shape[:2], len(ys), len(xs)))


def _shown(qtbot, grid: GridMap) -> np.ndarray:
    view = BoundaryView()
    qtbot.addWidget(view)
    view.set_grid(grid)
    return np.asarray(view.image.image).astype(int)


def test_one_output_paints_the_same_colours(qtbot):
    network = Network((2, 64, 64, 1), ("tanh", "tanh", "sigmoid"), seed=2)
    network.params *= 3.0  # a sharp boundary: many pixels on steep slopes
    shown = _shown(qtbot, output_map(network, SPEC))
    exact = _shown(qtbot, _float64_map(network))
    assert shown.shape == exact.shape == (150, 150)
    steps = np.abs(shown - exact)
    assert steps.max() <= 1 and (steps > 0).mean() < 0.01


def test_several_classes_blend_to_the_same_colours():
    network = Network((2, 16, 3), ("relu", "softmax"), "categorical_cross_entropy", seed=4)
    network.params *= 3.0
    shown = blend_classes(output_map(network, SPEC).values[0]).astype(int)
    exact = blend_classes(_float64_map(network).values[0]).astype(int)
    steps = np.abs(shown - exact)
    assert steps.max() <= 1 and (steps > 0).mean() < 0.01
