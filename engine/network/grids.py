"""The network's output and hidden units evaluated over a 2-D grid of inputs.

These feed the decision-boundary picture (a^L over the plane) and the
per-neuron heat maps (each hidden a^m_i over the plane).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.network.network import Network, Workspace, with_ones

KEPT_VALUES = 2_000_000  # 16 MB of float64


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
def _grid_points(spec: GridSpec, resolution: int) -> np.ndarray:
    """[x; y; 1] for every grid point, 3 × R², shared by every frame of a run."""
    xs, ys = spec.axes(resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = with_ones(np.stack([gx.ravel(), gy.ravel()]))
    points.flags.writeable = False
    return points


def _evaluate(network: Network, spec: GridSpec, resolution: int, layers: slice,
              workspaces: dict[int, Workspace] | None = None) -> list:
    """GridMaps of a^m for the chosen layers, values float32 K × N^m × R × R.

    One network at a time, so K networks over a fine grid need the memory of
    one forward pass, not K.  ``workspaces`` (by resolution) keeps the pass's
    buffers from one frame to the next, unless they would pass ``KEPT_VALUES``
    numbers (a deep wide network: then they are made for each frame and freed).
    """
    xs, ys = spec.axes(resolution)
    points = _grid_points(spec, resolution)
    per_network = []
    for k in range(network.n_networks):
        one = network.member(k) if network.n_networks > 1 else network
        ws = None if workspaces is None else workspaces.get(resolution)
        if ws is None:
            ws = one.workspace(points.shape[1], backward=False)
            kept = one.workspace_values(points.shape[1], backward=False) <= KEPT_VALUES
            if workspaces is not None and kept:
                workspaces[resolution] = ws
        _, a = one.forward_augmented(points, ws)
        per_network.append([a_m[0].reshape(-1, len(ys), len(xs)).astype(np.float32)
                            for a_m in a[layers]])
    return [GridMap(xs, ys, np.stack(maps)) for maps in zip(*per_network, strict=True)]


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
