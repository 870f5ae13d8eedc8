"""What the Landscape panel shows, Qt-free: the plane chosen, the path so far, the last picture.

The path is the network's parameters θ as training moved them, one row per
frame it saw (thinned evenly once long).  A picture is computed off the GUI
thread by :func:`compute`, from copies, and arrives as a :class:`Picture`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.network.landscape import (
    Curvature,
    Landscape,
    Plane,
    curvature,
    landscape,
    named_plane,
    parameter_names,
    pca_plane,
    random_plane,
)
from engine.network.network import Network
from gui.evented import Evented

MODES = {
    "random": "two random directions (filter-normalised)",
    "parameters": "two chosen weights or biases (the exact slice)",
    "path": "the plane that holds most of the path (PCA)",
}
MAX_PATH = 400
RESOLUTION = 41
MARGIN = 0.25  # of the path's extent, around it


def theta_of(weights: tuple[np.ndarray, ...], biases: tuple[np.ndarray, ...],
             k: int = 0) -> np.ndarray:
    """Network ``k``'s parameters as one vector, in the engine's [W^m | b^m] order."""
    return np.concatenate([np.hstack([W[k], b[k]]).ravel()
                           for W, b in zip(weights, biases, strict=True)])


@dataclass(frozen=True)
class Picture:
    """A computed landscape and the path's coordinates on its plane (n × 2)."""

    landscape: Landscape
    path: np.ndarray
    current: np.ndarray  # (s, t) of θ now

    @property
    def plane(self) -> Plane:
        return self.landscape.plane


def compute(template: Network, path: np.ndarray, X: np.ndarray, y: np.ndarray, mode: str,
            names: tuple[str, str], seed: int = 0) -> Picture:
    """The landscape through the path's last point, framing the whole path."""
    current = template.with_parameters(path[-1])
    if mode == "parameters":
        plane = named_plane(current, *names)
    elif mode == "path":
        plane = pca_plane(path)
    else:
        plane = random_plane(current, seed=seed)
    coords = plane.project(path)
    low, high = coords.min(axis=0), coords.max(axis=0)
    half = np.fmax((high - low) * (0.5 + MARGIN), 1.0)
    centre = (high + low) / 2
    grid = landscape(current, plane, X, y, (centre[0] - half[0], centre[0] + half[0]),
                     (centre[1] - half[1], centre[1] + half[1]), RESOLUTION)
    return Picture(grid, coords, coords[-1])


class LandscapeModel(Evented):
    """Events: "picture"(Picture), "curvature"(Curvature), "problem"(str), "path"()."""

    def __init__(self) -> None:
        super().__init__()
        self.mode = "random"
        self.names: tuple[str, str] = ("W^1_11", "W^1_12")
        self.path: list[np.ndarray] = []
        self.picture: Picture | None = None
        self.curvature: Curvature | None = None
        self.problem = ""

    def record(self, theta: np.ndarray) -> None:
        """One more point of the path; a new architecture starts a new path."""
        if self.path and self.path[-1].shape != theta.shape:
            self.path.clear()
            self.picture = self.curvature = None
        if self.path and np.array_equal(self.path[-1], theta):
            return
        self.path.append(np.array(theta, dtype=float))
        if len(self.path) > MAX_PATH:  # every other point, the newest kept
            self.path = [*self.path[:-1:2], self.path[-1]]
        self.emit("path")

    def forget_path(self) -> None:
        """A fresh run: its path starts again."""
        self.path.clear()
        self.emit("path")

    def choose(self, mode: str, names: tuple[str, str] | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown plane {mode!r}")
        self.mode = mode
        if names is not None:
            self.names = names

    def request(self) -> tuple[np.ndarray, str, tuple[str, str]] | None:
        """What :func:`compute` needs now, or None with :attr:`problem` saying why."""
        self.problem = ""
        if not self.path:
            self.problem = "no network yet: press Play or Step"
        elif self.mode == "path" and len(self.path) < 3:
            self.problem = "the path needs three recorded points: train a little first"
        if self.problem:
            self.emit("problem", self.problem)
            return None
        return np.array(self.path), self.mode, self.names

    def take(self, result: Any) -> None:
        """A result from the worker: a Picture, a Curvature, or a message (str)."""
        if isinstance(result, Picture):
            self.picture = result
            self.emit("picture", result)
        elif isinstance(result, Curvature):
            self.curvature = result
            self.emit("curvature", result)
        else:
            self.problem = str(result)
            self.emit("problem", self.problem)

    @staticmethod
    def names_of(template: Network) -> list[str]:
        return parameter_names(template)


def compute_safely(task: Any) -> Any:
    """Run ``task()``; a ValueError becomes its message (shown, never raised)."""
    try:
        return task()
    except ValueError as exc:
        return str(exc)


def curvature_of(template: Network, theta: np.ndarray, X: np.ndarray, y: np.ndarray
                 ) -> Curvature:
    return curvature(template.with_parameters(theta), X, y)
