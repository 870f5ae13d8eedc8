"""What the Landscape panel shows, Qt-free: its settings, the path so far, the last picture,
the race and the slice's critical points.

The path is the network's parameters θ as training moved them, one row per
frame it saw (thinned evenly once long).  A picture is computed off the GUI
thread by :func:`compute`, from copies, and arrives as a :class:`Picture`;
so do a race's snapshots (engine.network.race) and critical points
(engine.network.slice_points).  :class:`LandscapeSettings` is what a session
keeps, checked like any untrusted input.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from engine.descent.optimizers import OPTIMIZERS, Optimizer, make
from engine.network.landscape import (
    Curvature,
    Landscape,
    Plane,
    curvature,
    landscape,
    named_plane,
    pca_plane,
    random_plane,
)
from engine.network.network import Network
from engine.network.race import Race, RaceSnapshot
from engine.network.slice_points import SlicePoints, slice_points
from gui.evented import Evented

MODES = {
    "random": "two random directions (filter-normalised)",
    "parameters": "two chosen weights or biases (the exact slice)",
    "path": "the plane that holds most of the path (PCA)",
}
MAX_PATH = 400
RESOLUTION = 41
RESOLUTION_RANGE = (11, 101)
HALF_WIDTH_RANGE = (0.0, 1000.0)  # 0: frame the path
RACE_EPOCHS_RANGE = (1, 100_000)
MARGIN = 0.25  # of the path's extent, around it
# α per optimizer for a race on a network: the tab's default η for the rules that take
# the raw gradient, the descent tab's own defaults for the adaptive ones
RACE_ALPHAS = {"gd": 0.5, "momentum": 0.5, "nesterov": 0.5, "adagrad": 0.5,
               "rmsprop": 0.01, "adam": 0.05}
_NAME = re.compile(r"W\^\d+_(\d\d|\d+,\d+)|b\^\d+_\d+")


@dataclass(frozen=True)
class LandscapeSettings:
    """What a session keeps of the panel: the plane, the grid, the race."""

    mode: str = "random"
    first: str = "W^1_11"
    second: str = "W^1_12"
    resolution: int = RESOLUTION
    half_width: float = 0.0  # the picture spans ±half_width around θ; 0 frames the path
    race: tuple[str, ...] = ("momentum", "adam")
    alphas: dict[str, float] = field(default_factory=lambda: dict(RACE_ALPHAS))
    race_epochs: int = 500

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["race"] = list(self.race)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> LandscapeSettings:
        """Checked settings; ValueError naming the value that does not fit."""
        if not isinstance(data, dict):
            raise ValueError("the landscape settings must be a mapping")
        unknown = set(data) - {f for f in cls.__dataclass_fields__}
        if unknown:
            raise ValueError(f"unknown landscape setting {sorted(unknown)[0]!r}")
        merged = {**cls().to_dict(), **data}
        if merged["mode"] not in MODES:
            raise ValueError(f"unknown landscape plane {merged['mode']!r}; choose one of "
                             f"{', '.join(MODES)}")
        for key in ("first", "second"):
            if not isinstance(merged[key], str) or not _NAME.fullmatch(merged[key]):
                raise ValueError(f"the landscape's {key} weight must be named like W^1_21 or "
                                 f"b^2_1, not {merged[key]!r}")
        if merged["first"] == merged["second"]:
            raise ValueError("the landscape needs two different weights")
        race = merged["race"]
        if not isinstance(race, list) or any(k not in OPTIMIZERS for k in race):
            raise ValueError(f"the race must list optimizers from {', '.join(OPTIMIZERS)}")
        alphas = merged["alphas"]
        if not isinstance(alphas, dict) or set(alphas) - set(OPTIMIZERS):
            raise ValueError("the race's step sizes must be a mapping from optimizer to α")
        alphas = {**RACE_ALPHAS, **alphas}
        for key, alpha in alphas.items():
            make(key, alpha=_number(alpha, f"the race's α for {OPTIMIZERS[key].name}",
                                    (1e-6, 10.0)))
        return cls(merged["mode"], merged["first"], merged["second"],
                   int(_number(merged["resolution"], "the landscape's resolution",
                               RESOLUTION_RANGE, whole=True)),
                   _number(merged["half_width"], "the landscape's range", HALF_WIDTH_RANGE),
                   tuple(dict.fromkeys(race)), {k: float(v) for k, v in alphas.items()},
                   int(_number(merged["race_epochs"], "the race's epochs", RACE_EPOCHS_RANGE,
                               whole=True)))

    def rules(self) -> list[Optimizer]:
        """The race's optimizers, each with its α (the other values the descent tab's)."""
        return [make(key, alpha=self.alphas[key]) for key in self.race]


def _number(value: Any, what: str, limits: tuple[float, float], whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, not {value!r}")
    low, high = limits
    if not (math.isfinite(value) and low <= value <= high) or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"{what} must be {kind} from {low:g} to {high:g}, not {value!r}")
    return float(value)



@dataclass(frozen=True)
class Picture:
    """A computed landscape and the path's coordinates on its plane (n × 2)."""

    landscape: Landscape
    path: np.ndarray
    current: np.ndarray  # (s, t) of the plane's origin: θ now, or where a race started

    @property
    def plane(self) -> Plane:
        return self.landscape.plane

    @property
    def box(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((s₀, s₁), (t₀, t₁)) the grid spans."""
        grid = self.landscape
        return (grid.s[0], grid.s[-1]), (grid.t[0], grid.t[-1])

    def holds(self, coords: np.ndarray) -> bool:
        """True if every (s, t) row of ``coords`` lies inside the drawn area."""
        (s0, s1), (t0, t1) = self.box
        return bool(np.all((coords[:, 0] >= s0) & (coords[:, 0] <= s1)
                           & (coords[:, 1] >= t0) & (coords[:, 1] <= t1)))


def compute(template: Network, path: np.ndarray, X: np.ndarray, y: np.ndarray, mode: str,
            names: tuple[str, str], seed: int = 0, resolution: int = RESOLUTION,
            half_width: float = 0.0, frame: np.ndarray | None = None) -> Picture:
    """The landscape through the path's last point: ±``half_width`` around it, or (0)
    framing the whole path and the points of ``frame`` (a race's paths, m × P), which
    also make the PCA plane when given."""
    current = template.with_parameters(path[-1])
    if mode == "parameters":
        plane = named_plane(current, *names)
    elif mode == "path":
        plane = pca_plane(path if frame is None else np.vstack([frame, path[-1:]]))
        plane = replace(plane, origin=path[-1].copy())
    else:
        plane = random_plane(current, seed=seed)
    coords = plane.project(path)
    if half_width > 0:
        centre, half = coords[-1], np.full(2, half_width)
    else:
        everything = coords if frame is None else np.vstack([coords, plane.project(frame)])
        low, high = everything.min(axis=0), everything.max(axis=0)
        half = np.fmax((high - low) * (0.5 + MARGIN), 1.0)
        centre = (high + low) / 2
    grid = landscape(current, plane, X, y, (centre[0] - half[0], centre[0] + half[0]),
                     (centre[1] - half[1], centre[1] + half[1]), resolution)
    return Picture(grid, coords, coords[-1])


def race_job(template: Network, theta: np.ndarray, X: np.ndarray, y: np.ndarray,
             settings: LandscapeSettings) -> Race:
    """The race the settings ask for, from ``theta`` (full batch, like the notes' XOR)."""
    return Race(template, theta, settings.rules(), X, y, max_epochs=settings.race_epochs)


def points_of(template: Network, origin: np.ndarray, names: tuple[str, str], X: np.ndarray,
              y: np.ndarray, box: tuple[tuple[float, float], tuple[float, float]]
              ) -> SlicePoints:
    """The critical points of the exact slice along ``names`` through ``origin``."""
    current = template.with_parameters(origin)
    return slice_points(current, named_plane(current, *names), X, y, box)


class LandscapeModel(Evented):
    """Events: "picture"(Picture), "curvature"(Curvature), "problem"(str), "path"(),
    "race"(RaceSnapshot), "points"(SlicePoints)."""

    def __init__(self) -> None:
        super().__init__()
        self.settings = LandscapeSettings()
        self.path: list[np.ndarray] = []
        self.picture: Picture | None = None
        self.curvature: Curvature | None = None
        self.race: RaceSnapshot | None = None
        self.race_start: np.ndarray | None = None  # θ₀ of the race shown
        self.points: SlicePoints | None = None
        self.problem = ""

    @property
    def mode(self) -> str:
        return self.settings.mode

    @property
    def names(self) -> tuple[str, str]:
        return self.settings.first, self.settings.second

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
        """A fresh run: its path starts again, and a race of the old network is over."""
        self.path.clear()
        self.race = self.race_start = self.points = None
        self.emit("path")

    def choose(self, mode: str, names: tuple[str, str] | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown plane {mode!r}")
        first, second = names if names is not None else self.names
        self.settings = replace(self.settings, mode=mode, first=first, second=second)

    def set_settings(self, settings: LandscapeSettings) -> None:
        self.settings = settings

    def request(self) -> tuple[np.ndarray, np.ndarray | None] | None:
        """The path whose last point is the plane's origin, and the points to frame
        besides (a race's), for :func:`compute`; or None with :attr:`problem` saying why."""
        self.problem = ""
        racing = self.race is not None and self.race_start is not None
        if not self.path and not racing:
            self.problem = "no network yet: press Play or Step"
        elif self.mode == "path" and len(self.path) < 3 and not racing:
            self.problem = "the path needs three recorded points: train a little first"
        if self.problem:
            self.emit("problem", self.problem)
            return None
        if racing:
            frame = self.race.paths.reshape(-1, self.race.paths.shape[-1])
            path = np.array(self.path) if self.path and len(self.path[-1]) == len(
                self.race_start) else np.empty((0, len(self.race_start)))
            return np.vstack([path, self.race_start[None, :]]), frame
        return np.array(self.path), None

    def start_race(self, theta: np.ndarray) -> None:
        """A race from ``theta`` is under way: the pictures centre on it from now on."""
        self.race_start = np.array(theta, dtype=float)
        self.race = None

    def take(self, result: Any) -> None:
        """A result from the worker: a Picture, a Curvature, a race's snapshot, critical
        points, or a message (str); None (a job's snapshot before its work) is nothing."""
        if result is None:
            return
        if isinstance(result, Picture):
            self.picture = result
            self.emit("picture", result)
        elif isinstance(result, Curvature):
            self.curvature = result
            self.emit("curvature", result)
        elif isinstance(result, RaceSnapshot):
            self.race = result
            self.emit("race", result)
        elif isinstance(result, SlicePoints):
            self.points = result
            self.emit("points", result)
        else:
            self.problem = str(result)
            self.emit("problem", self.problem)


def compute_safely(task: Any) -> Any:
    """Run ``task()``; a ValueError becomes its message (shown, never raised)."""
    try:
        return task()
    except ValueError as exc:
        return str(exc)


def curvature_of(template: Network, theta: np.ndarray, X: np.ndarray, y: np.ndarray
                 ) -> Curvature:
    return curvature(template.with_parameters(theta), X, y)
