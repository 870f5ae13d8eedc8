"""The network's loss landscape: a 41 × 41 grid as 1,681 networks at once.

- Landscape: :func:`engine.network.landscape.landscape` of the 2-4-1 XOR network
  over a random filter-normalised plane, against a plain loop that sets each grid
  point's parameters into one network and evaluates C there (the same
  arithmetic, point by point).  Target ≥ 20x.

Alternating rounds (loop, grid, loop, grid, …); the figure is the median
ratio with its min–max.  Run: ``python -m bench landscape_speed``.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from engine.network.datasets import xor
from engine.network.landscape import landscape, random_plane
from engine.network.network import Network
from engine.network.training_state import targets

RESOLUTION = 41
ROUNDS = 5


def _point_by_point(network: Network, thetas: np.ndarray, X: np.ndarray, Y: np.ndarray
                    ) -> np.ndarray:
    one = network.with_parameters(network.params[0])
    out = np.empty(len(thetas))
    for i, theta in enumerate(thetas):
        one.params[0] = theta
        z, a = one.forward(X.T)
        out[i] = one.cost(z[-1], a[-1], Y)[0]
    return out


def main() -> dict[str, float]:
    data = xor()
    network = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0)
    plane = random_plane(network, seed=1)
    s = np.linspace(-1, 1, RESOLUTION)
    S, T = np.meshgrid(s, s)
    thetas = plane.points(S, T).reshape(-1, plane.origin.size)
    Y = targets(data.y_train, 1)
    ratios, grid_ms = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        by_hand = _point_by_point(network, thetas, data.X_train, Y)
        loop = time.perf_counter() - started
        started = time.perf_counter()
        grid = landscape(network, plane, data.X_train, data.y_train, resolution=RESOLUTION)
        fast = time.perf_counter() - started
        np.testing.assert_allclose(grid.losses.reshape(-1), by_hand, rtol=0, atol=1e-12)
        ratios.append(loop / fast)
        grid_ms.append(fast * 1e3)
    result = {"landscape_41x41_speedup": statistics.median(ratios),
              "landscape_speedup_min": min(ratios), "landscape_speedup_max": max(ratios),
              "landscape_ms": statistics.median(grid_ms)}
    print(f"41 × 41 landscape of 2-4-1 XOR: {result['landscape_41x41_speedup']:.1f}x the "
          f"point-by-point loop (min {min(ratios):.1f}x, max {max(ratios):.1f}x; target ≥ 20x), "
          f"{result['landscape_ms']:.1f} ms per grid")
    return result


if __name__ == "__main__":
    main()
