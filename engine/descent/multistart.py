"""Multi-start descent: which minimum does each start reach?  A basin map, as a job.

Starts fill the domain (a grid of cell centres, or uniform random points); one
optimizer descends from all of them at once (:class:`engine.descent.swarm.Swarm`, one
NumPy pass per step).  As each start stops it is assigned a *label*: the
critical point it ended within ``radius`` of (the surface's listed points first),
a new point when it converged somewhere unlisted (kind from the rt − s² test
there), or ``NONE`` (diverged, unbounded, out of steps away from any point, or
converged on a flat stretch once ``MAX_LABELS`` new points are known).
``RUNNING`` marks starts still moving, so a partial snapshot shows the basin
map filling in.

The notes' remedy for local minima is to "train several networks using a range
of starting values"; ``global_share`` is the fraction of all starts that reach
a global minimum: the surface's listed global minima, or for a surface that
lists none (a typed formula) the lowest of the minima found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.descent.optimizers import GradientDescent, Optimizer
from engine.descent.surfaces import Surface
from engine.descent.swarm import CONVERGED, MAX_STEPS, RUNNING, STATUSES, Swarm, check_points
from engine.symbolic.kinds import INCONCLUSIVE, MAXIMUM, MINIMUM, SADDLE

__all__ = ["NONE", "RUNNING_LABEL", "MultiStart", "MultiStartSnapshot", "classify"]

NONE = -1
RUNNING_LABEL = -2
RADIUS_FRACTION = 0.01  # of the larger domain width: how close counts as "ended at"
MAX_STARTS = 250_000
MAX_LABELS = 256  # labels in all: a ring of minima (Mexican hat) needs ~160
NEAREST_BLOCK = 8_192
DEFAULT_GRID = 60


@dataclass(frozen=True)
class MultiStartSnapshot:
    """The sweep so far; arrays are copies.

    ``assignment[i]`` is start i's label index, ``NONE`` or ``RUNNING_LABEL``;
    ``basins`` is the same reshaped to the grid (rows follow ``ys``, columns ``xs``),
    or None for random starts.  ``labels``, ``kinds``, ``points``, ``values`` and
    ``counts`` describe the labels; ``global_labels`` are the global minima's.
    """

    step: int
    starts: np.ndarray
    ends: np.ndarray
    assignment: np.ndarray
    basins: np.ndarray | None
    xs: np.ndarray | None
    ys: np.ndarray | None
    labels: tuple[str, ...]
    kinds: tuple[str, ...]
    points: np.ndarray
    values: np.ndarray
    counts: np.ndarray
    global_labels: tuple[int, ...]
    global_share: float | None
    finished_share: float
    status_counts: dict[str, int]
    finished: bool


def classify(r: float, s: float, t: float) -> str:
    """Second-derivative test: rt − s² > 0 → minimum (r > 0) or maximum; < 0 → saddle."""
    det = r * t - s * s
    if abs(det) <= 1e-9 * (r * r + t * t + s * s):
        return INCONCLUSIVE
    if det < 0:
        return SADDLE
    return MINIMUM if r > 0 else MAXIMUM


class MultiStart:
    """One optimizer from many starts over ``surface.domain``; a job for the worker."""

    def __init__(self, surface: Surface, optimizer: Optimizer | None = None,
                 starts: np.ndarray | None = None, grid: int = DEFAULT_GRID,
                 eps: float = 1e-6, max_steps: int = 5_000) -> None:  # fmt: skip
        """Starts: ``starts`` (k × 2) if given, else the centres of a grid × grid lattice."""
        self.surface = surface
        self.optimizer = optimizer or GradientDescent(alpha=surface.alpha)
        x0, x1, y0, y1 = surface.domain
        if starts is None:
            n = _count(grid, 2, 500, "the grid size")
            self.xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
            self.ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
            X, Y = np.meshgrid(self.xs, self.ys)
            starts = np.column_stack([X.ravel(), Y.ravel()])
        else:
            self.xs = self.ys = None
            _count(len(starts), 1, MAX_STARTS, "the number of starts")
        self.radius = RADIUS_FRACTION * max(x1 - x0, y1 - y0)
        self.starts = check_points(starts)
        self._swarm_options = (eps, max_steps)
        self.assignment = np.full(len(self.starts), RUNNING_LABEL, dtype=np.int64)
        self.t = 0
        listed = surface.critical_points
        self.points = np.array([(p.x, p.y) for p in listed], dtype=float).reshape(-1, 2)
        self.kinds = [p.kind for p in listed]  # starts that stop at once: labelled by step()

    @classmethod
    def random(cls, surface: Surface, optimizer: Optimizer | None = None, count: int = 2_000,
               seed: int = 0, **options: float) -> MultiStart:  # fmt: skip
        """``count`` starts drawn uniformly over the domain (reproducible from ``seed``)."""
        n = _count(count, 1, MAX_STARTS, "the number of starts")
        x0, x1, y0, y1 = surface.domain
        rng = np.random.default_rng(seed)
        starts = rng.uniform((x0, y0), (x1, y1), size=(n, 2))
        return cls(surface, optimizer, starts=starts, **options)  # type: ignore[arg-type]

    @cached_property
    def swarm(self) -> Swarm:
        """The starts' descent, made on first use: the job's thread pays for evaluating
        f and ∇f at every start (a second for 250,000), not the caller's."""
        swarm = Swarm(self.surface, [self.optimizer], *self._swarm_options)
        swarm.add(self.starts, 0)
        return swarm

    @property
    def finished(self) -> bool:
        return self.swarm.finished

    def step(self, n: int) -> MultiStartSnapshot:
        """Advance every start still running by up to ``n`` descent steps."""
        for _ in range(max(0, int(n))):
            if self.swarm.finished:
                break
            self.swarm.advance()
            self.t += 1
        self._assign()
        return self.snapshot()

    def snapshot(self) -> MultiStartSnapshot:
        self._assign()  # starts that stopped where they began (the job's thread does this)
        values = self.surface.value(self.points) if len(self.points) else np.zeros(0)
        counts = np.bincount(self.assignment[self.assignment >= 0], minlength=len(self.points))
        global_labels = self._global_labels(values)
        share = float(np.isin(self.assignment, global_labels).mean()) if global_labels else None
        codes = np.bincount(self.swarm.status, minlength=len(STATUSES))
        basins = None if self.xs is None else self.assignment.reshape(len(self.ys), len(self.xs))
        return MultiStartSnapshot(
            step=self.t, starts=self.starts.copy(), ends=self.swarm.x.copy(),
            assignment=self.assignment.copy(), basins=None if basins is None else basins.copy(),
            xs=None if self.xs is None else self.xs.copy(),
            ys=None if self.ys is None else self.ys.copy(),
            labels=tuple(_label(k, p) for k, p in zip(self.kinds, self.points, strict=True)),
            kinds=tuple(self.kinds), points=self.points.copy(), values=values, counts=counts,
            global_labels=global_labels, global_share=share,
            finished_share=float(np.mean(self.swarm.status != RUNNING)),
            status_counts={name: int(c) for name, c in zip(STATUSES, codes, strict=True)},
            finished=self.swarm.finished,
        )  # fmt: skip

    def _global_labels(self, values: np.ndarray) -> tuple[int, ...]:
        """The listed global minima; for a surface listing none, the lowest minima found.

        Listed ones win because a sweep may run off the domain to lower points
        (McCormick falls without bound beyond its domain).
        """
        listed = len(self.surface.critical_points)
        if self.surface.global_minima:
            best = {(p.x, p.y) for p in self.surface.global_minima}
            return tuple(i for i in range(listed) if tuple(self.points[i]) in best)
        minima = [i for i, kind in enumerate(self.kinds) if kind == MINIMUM]
        if not minima:
            return ()
        lowest = float(np.min(values[minima]))
        return tuple(i for i in minima if values[i] <= lowest + 1e-6 * (1 + abs(lowest)))

    def _assign(self) -> None:
        """Label the starts that stopped since the last call."""
        status = self.swarm.status
        new = np.flatnonzero((self.assignment == RUNNING_LABEL) & (status != RUNNING))
        if len(new) == 0:
            return
        self.assignment[new] = NONE
        settled = new[np.isin(status[new], (CONVERGED, MAX_STEPS))]
        nearest = self._nearest(self.swarm.x[settled])
        self.assignment[settled] = nearest
        # converged away from every label: the first becomes a new label and the others
        # within radius of it join it (they are farther from every older one), and so on;
        # a flat stretch, every start converged where it began, would make thousands of
        # labels, so past MAX_LABELS the rest stay NONE
        unmatched = settled[(nearest == NONE) & (status[settled] == CONVERGED)]
        while len(unmatched) and len(self.points) < MAX_LABELS:
            first, rest = unmatched[0], unmatched[1:]
            label = self._discover(self.swarm.x[first])
            self.assignment[first] = label
            near = np.hypot(*(self.swarm.x[rest] - self.points[label]).T) <= self.radius
            self.assignment[rest[near]] = label
            unmatched = rest[~near]

    def _nearest(self, ends: np.ndarray) -> np.ndarray:
        """Index of the label within ``radius`` of each end point, else NONE (in blocks of
        ends, so the distance table stays small for 250,000 starts)."""
        found = np.full(len(ends), NONE, dtype=np.int64)
        if len(self.points) == 0:
            return found
        for lo in range(0, len(ends), NEAREST_BLOCK):
            block = ends[lo : lo + NEAREST_BLOCK]
            d = np.hypot(*(block[:, None, :] - self.points[None, :, :]).transpose(2, 0, 1))
            best = np.argmin(d, axis=1)
            found[lo : lo + len(block)] = np.where(
                d[np.arange(len(block)), best] <= self.radius, best, NONE)
        return found

    def _discover(self, point: np.ndarray) -> int:
        """A converged end point away from every known one becomes a new label."""
        (r, s), (_, t) = self.surface.hessian(point)
        self.points = np.vstack([self.points, point])
        self.kinds.append(classify(float(r), float(s), float(t)))
        return len(self.points) - 1


def _label(kind: str, point: np.ndarray) -> str:
    return f"{kind} ({point[0]:.4g}, {point[1]:.4g})"


def _count(value: object, low: int, high: int, what: str) -> int:
    number = float(value)  # type: ignore[arg-type]
    if not (np.isfinite(number) and low <= number <= high and number == int(number)):
        raise ValueError(f"{what} must be a whole number from {low} to {high}")
    return int(number)
