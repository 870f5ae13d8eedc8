"""The network's output and hidden units evaluated over a 2-D grid of inputs.

These feed the decision-boundary picture (a^L over the plane) and the
per-neuron heat maps (each hidden a^m_i over the plane).

They are pictures, so they are computed in float32 (``DTYPE``): W^m, b^m and
the grid points are cast once per frame and the network's own forward pass
runs on them (``Network.with_parameters(…, dtype)``).  For a 2-64-64-1
network's 150² grid that is 3.6 ms against 10.4 ms in float64 (float32 tanh
alone is 5x faster), and the values (stored as float32 before too) stay within
10⁻⁵ of float64's for bounded σ (10⁻⁷–10⁻⁶ as initialised; tests/engine/network/
test_grids.py), relative to the layer's largest |a| for ReLU and linear units.
A network whose float32 values are not all finite (weights or z past float32's
3.4·10³⁸) is evaluated again in float64, as before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.network.network import Network, Workspace, with_ones

# Grid points a forward pass takes at once (150² is 9 blocks).  Not a power of two: rows
# 2^k floats apart fall into the same cache sets, and blocks of 2,048 took 25 % longer
# (2-64-64-1: 4.5 against 3.6 ms; 2-32-32-32-32-1: 4.5 against 3.2 ms).
BLOCK = 2500
DTYPE = np.float32  # of the pictures' forward passes and of their values


@dataclass(frozen=True)
class GridMap:
    """Values on a regular grid: ``values[k, unit, iy, ix]`` at (xs[ix], ys[iy])."""

    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray  # K × units × len(ys) × len(xs), float32


@dataclass(frozen=True)
class GridSpec:
    """Where and how finely to evaluate: domain = (x_min, x_max, y_min, y_max)."""

    domain: tuple[float, float, float, float]
    resolution: int
    hidden_resolution: int

    @classmethod
    def for_data(
        cls,
        X_rows: np.ndarray,
        resolution: int | None,
        hidden_resolution: int,
        domain: tuple[float, float, float, float] | None = None,
    ) -> GridSpec | None:
        """A grid over ``domain`` or the data's bounding box plus a 10% margin (≥ 0.1).

        None when no grid is wanted or the inputs are not 2-D.
        """
        if resolution is None or X_rows.ndim != 2 or X_rows.shape[1] != 2:
            return None
        if domain is None:
            lo, hi = X_rows.min(axis=0), X_rows.max(axis=0)
            margin = np.maximum(0.1 * (hi - lo), 0.1)
            domain = (lo[0] - margin[0], hi[0] + margin[0], lo[1] - margin[1], hi[1] + margin[1])
        return cls(tuple(float(v) for v in domain), int(resolution), int(hidden_resolution))

    def axes(self, resolution: int) -> tuple[np.ndarray, np.ndarray]:
        x0, x1, y0, y1 = self.domain
        return np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)


@functools.lru_cache(maxsize=8)
def _grid_points(spec: GridSpec, resolution: int,
                 dtype: type = DTYPE) -> tuple[np.ndarray, ...]:
    """[x; y; 1] for every grid point, in contiguous ``dtype`` blocks of at most
    ``BLOCK`` columns (3 × ≤ BLOCK each), shared by every frame of a run."""
    xs, ys = spec.axes(resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = with_ones(np.stack([gx.ravel(), gy.ravel()]).astype(dtype))
    blocks = tuple(np.ascontiguousarray(points[:, s : s + BLOCK])
                   for s in range(0, points.shape[1], BLOCK))  # fmt: skip
    for block in blocks:
        block.flags.writeable = False
    return blocks


def _evaluate(network: Network, spec: GridSpec, resolution: int, layers: slice,
              workspaces: dict[int, Workspace] | None = None) -> list:
    """GridMaps of a^m for the chosen layers, values float32 K × N^m × R × R.

    One network and one block of ``BLOCK`` grid points at a time: every column
    is a point of its own, so the values are those of one pass over the whole
    grid, while the pass's buffers stay small enough to be kept from frame to
    frame (``workspaces``, by block size) and to stay in the cache (a 150² grid
    through a 2-16-16-16-1 network took 18 MB of fresh buffers a frame).
    Each network is cast to ``DTYPE`` once per call (to float64, with buffers of
    its own, if its float32 values are not all finite).
    """
    xs, ys = spec.axes(resolution)
    workspaces = {} if workspaces is None else workspaces
    values = [np.empty((network.n_networks, n, len(ys) * len(xs)), dtype=DTYPE)
              for n in network.layer_sizes[layers]]  # fmt: skip
    for k in range(network.n_networks):
        with np.errstate(over="ignore", invalid="ignore"):  # found out just below
            _fill(values, k, network, DTYPE, _grid_points(spec, resolution), layers, workspaces)
        if not all(np.isfinite(v[k]).all() for v in values):
            _fill(values, k, network, np.float64, _grid_points(spec, resolution, np.float64),
                  layers, {})
    return [GridMap(xs, ys, v.reshape(*v.shape[:2], len(ys), len(xs))) for v in values]


def _fill(values: list[np.ndarray], k: int, network: Network, dtype: type,
          blocks: tuple[np.ndarray, ...], layers: slice,
          workspaces: dict[int, Workspace]) -> None:
    """``values[…][k]`` = a^m of network k at the points of ``blocks``, computed in ``dtype``."""
    one = network.with_parameters(network.params[k : k + 1], dtype=dtype)
    start = 0
    for block in blocks:
        width = block.shape[1]
        ws = workspaces.get(width)
        if ws is None:
            ws = workspaces[width] = one.workspace(width, backward=False)
        _, a = one.forward_augmented(block, ws)
        for out, a_m in zip(values, a[layers], strict=True):
            out[k, :, start : start + width] = a_m[0]
        start += width


def output_map(network: Network, spec: GridSpec | None,
               workspaces: dict[int, Workspace] | None = None) -> GridMap | None:
    """a^L over the fine grid, or None without a grid."""
    if spec is None:
        return None
    return _evaluate(network, spec, spec.resolution, slice(-1, None), workspaces)[0]


def hidden_maps(network: Network, spec: GridSpec | None,
                workspaces: dict[int, Workspace] | None = None) -> tuple[GridMap, ...] | None:
    """a^1 … a^{L−1} over the coarse grid, one map per hidden layer, or None."""
    if spec is None:
        return None
    return tuple(_evaluate(network, spec, spec.hidden_resolution, slice(1, -1), workspaces))
