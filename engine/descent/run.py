"""A descent run for the worker: optimizers racing from starts, with their histories.

:class:`DescentRun` is a job (``engine/job.py``): ``step(n)`` advances every
running trajectory n steps of its optimizer (:class:`engine.descent.swarm.Swarm` does the
mathematics and decides each status), ``snapshot()`` copies out what the GUI
draws: each trajectory's path, f and ‖∇f‖ per step, position, status and message;
``advance(n)`` is ``step(n)`` without the snapshot (the worker makes one per frame).

Trajectories are numbered in the order they are added: each start adds one per
optimizer, so ``DescentRun(s, [gd, adam], [(0, 0), (1, 1)])`` has gd from (0, 0),
adam from (0, 0), gd from (1, 1), adam from (1, 1); each snapshot entry names
its ``group`` (the optimizer's index) and start.
:meth:`DescentRun.add_start` adds one trajectory per optimizer mid-run (while the
worker runs, call it through ``Worker.submit``; after the worker has finished,
call it and start the worker on the same run again: it continues).

Memory is bounded: the run stores at most ``history`` rows of (x, y, f, ‖∇f‖)
per trajectory, one row per recorded step.  When the rows are full it keeps
every other row and from then on records every 2nd step (later every 4th, …),
so a long run keeps an evenly thinned path.  Every snapshot path still begins
at the exact start and ends at the exact current point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.descent.advice import TRIAL_STEPS, TrialRun, advice, pending
from engine.descent.checkpoints import Checkpoints, is_mark
from engine.descent.optimizers import GradientDescent, Optimizer
from engine.descent.quiet import advance_block, block_length
from engine.descent.surfaces import Surface
from engine.descent.swarm import (
    DEFAULT_EPS,
    DEFAULT_MAX_STEPS,
    DIVERGED,
    STATUSES,
    Swarm,
    _advice,
    check_eps,
    check_max_steps,
)

__all__ = ["DEFAULT_HISTORY", "DescentRun", "DescentSnapshot", "TrajectorySnapshot"]

DEFAULT_HISTORY = 20_000
_QUIET_WAIT = 16
_FIRST_ROWS = 64  # grown by doubling: thousands of starts must not reserve gigabytes


@dataclass(frozen=True)
class TrajectorySnapshot:
    """One trajectory: arrays are copies, finite, one entry per stored point.

    ``steps[j]`` is the trajectory's own step number at ``path[j]``; ``values``
    and ``grad_norms`` are f and ‖∇f‖ there.  ``status`` is one of ``STATUSES``.
    """

    index: int
    group: int
    optimizer: str
    label: str
    start: tuple[float, float]
    path: np.ndarray
    steps: np.ndarray
    values: np.ndarray
    grad_norms: np.ndarray
    position: tuple[float, float]
    value: float
    grad_norm: float
    step: int
    status: str
    message: str
    alpha: float  # the step size its optimizer is using now
    born: int = 0  # the race's step when its start was placed


@dataclass(frozen=True)
class DescentSnapshot:
    """The whole run: global step count, every trajectory, whether all have stopped."""

    step: int
    trajectories: tuple[TrajectorySnapshot, ...]
    finished: bool
    stride: int  # every stride-th step is stored in the paths
    checkpoints: tuple[int, ...] = ()  # the steps the run can be rewound to (0, 1, 2, 4, …)


class _History:
    """Rows of (x, y, f, ‖∇f‖) for all trajectories at every ``stride``-th global step."""

    def __init__(self, capacity: int) -> None:
        if not (isinstance(capacity, int) and capacity >= 2 and capacity % 2 == 0):
            raise ValueError("the history must be an even number of rows, at least 2")
        self.capacity = capacity
        self.rows = np.zeros((0, 0, 4))
        self.count = 0
        self.stride = 1

    def add_columns(self, m: int) -> None:
        depth = len(self.rows)
        self.rows = np.concatenate([self.rows, np.zeros((depth, m, 4))], axis=1)

    def record(self, t: int, data: np.ndarray, columns: slice | np.ndarray) -> None:
        """Store ``data`` (k × 4) as the row for global step ``t`` if ``t`` is a stored step."""
        if t % self.stride:
            return
        r = t // self.stride
        if r == self.capacity:
            # a new array, not the old one rewritten: checkpoints share the stored rows
            thinned = np.zeros_like(self.rows)
            kept = self.rows[0 : self.capacity : 2]
            thinned[: len(kept)] = kept
            self.rows, self.count, self.stride = thinned, len(kept), self.stride * 2
            r = t // self.stride
        if r >= len(self.rows):
            depth = min(self.capacity, max(_FIRST_ROWS, 2 * len(self.rows)))
            grown = np.zeros((depth, self.rows.shape[1], 4))
            grown[: len(self.rows)] = self.rows
            self.rows = grown
        self.rows[r, columns] = data
        self.count = max(self.count, r + 1)

    def copy(self) -> _History:
        """A history with the rows stored so far, sharing them without copying: a stored
        row is never written again (new rows go past ``count``, and thinning, growing
        and new columns make new arrays), so both can record on independently."""
        twin = _History(self.capacity)
        twin.rows, twin.count, twin.stride = self.rows[: self.count], self.count, self.stride
        return twin

    def trace(self, column: int, born: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """Stored rows of one trajectory between global steps born and end, with their steps."""
        lo = -(-born // self.stride)
        hi = min(end // self.stride, self.count - 1)
        rows = np.arange(lo, hi + 1)
        return self.rows[lo : hi + 1, column].copy(), rows * self.stride - born


class DescentRun:
    """Optimizers × starts on one surface, stepped together: a job for the worker.

    Without ``optimizers``: plain gradient descent with the surface's suggested α.
    """

    def __init__(
        self,
        surface: Surface,
        optimizers: Sequence[Optimizer] | None = None,
        starts: Sequence[tuple[float, float]] = (),
        eps: float = DEFAULT_EPS,
        max_steps: int = DEFAULT_MAX_STEPS,
        history: int = DEFAULT_HISTORY,
    ) -> None:
        self.surface = surface
        if optimizers is None:
            optimizers = (GradientDescent(alpha=surface.alpha),)
        self.swarm = Swarm(surface, optimizers, eps, max_steps)
        self.t = 0
        self._history = _History(history)
        self._born = np.zeros(0, dtype=np.int64)
        self._advised = np.zeros(0, dtype=bool)  # divergence advice already checked
        self._trials: list[TrialRun] = []  # the advice being checked, oldest first
        self._starts = np.zeros((0, 4))
        # blocks of steps resume this many steps after one was sent back (doubling)
        self._quiet_from, self._quiet_wait = 0, _QUIET_WAIT
        self.checkpoints = Checkpoints(self)  # at steps 0, 1, 2, 4, …: for rewind
        for x, y in starts:
            self.add_start(x, y)

    @property
    def optimizers(self) -> tuple[Optimizer, ...]:
        return tuple(group.optimizer for group in self.swarm.groups)

    @property
    def finished(self) -> bool:
        """True when no trajectory is running and no advice is being checked (also before
        any start is placed)."""
        return self.swarm.finished and not self._trials

    def add_start(self, x: float, y: float) -> list[int]:
        """Start every optimizer at (x, y) now; return the new trajectories' indices."""
        return self.add_starts(np.array([[x, y]]))

    def add_starts(self, points: np.ndarray) -> list[int]:
        """Start every optimizer at each of ``points`` (m × 2) now, optimizer by optimizer."""
        new = np.concatenate([self.swarm.add(points, g) for g in range(len(self.swarm.groups))])
        self._history.add_columns(len(new))
        self._born = np.concatenate([self._born, np.full(len(new), self.t)])
        self._advised = np.concatenate([self._advised, np.zeros(len(new), dtype=bool)])
        data = self._rows_data(new)
        self._starts = np.concatenate([self._starts, data])
        self._history.record(self.t, data, new)
        self.checkpoints.retake()  # a start placed at a kept step belongs to its checkpoint
        return [int(i) for i in new]

    def set_hyperparameters(self, group: int, **values: float) -> None:
        """New values for optimizer ``group`` (e.g. ``alpha=0.01``); ValueError if invalid."""
        self.swarm.set_optimizer(group, self.swarm.groups[group].optimizer.with_values(**values))

    def set_eps(self, eps: float) -> None:
        """Tolerance for ‖∇f‖ < ε, used from the next step on."""
        self.swarm.eps = check_eps(eps)

    def set_max_steps(self, max_steps: int) -> None:
        """Step budget for running trajectories (stopped ones stay stopped)."""
        self.swarm.max_steps = check_max_steps(max_steps)

    def step(self, n: int) -> DescentSnapshot:
        """:meth:`advance` ``n`` steps, then the snapshot."""
        self.advance(n)
        return self.snapshot()

    def advance(self, n: int) -> None:
        """Advance every running trajectory by up to ``n`` steps, and any trial runs that
        check the advice to a diverged one by as many (see :meth:`_advise`); no snapshot
        (it costs more than a few steps: the worker asks for one per frame, engine/job.py).

        Stretches where nothing can stop go in blocks (:mod:`engine.descent.quiet`):
        the same numbers, statuses and stored rows as one step at a time."""
        left = max(0, int(n))
        while left:
            taken = self._quiet_steps(left) if left > 1 and not self._trials else 0
            if not taken and not self._one_step():
                break
            left -= taken or 1

    def _one_step(self) -> bool:
        """One step of the race and of the oldest trial; False when there is nothing to do."""
        moved = not self.swarm.finished
        if moved:
            self.swarm.advance()
            self.t += 1
            self._history.record(self.t, self._rows_data(slice(None)), slice(None))
            self._advise()
        elif not self._trials:
            return False
        self._trial_step()
        if moved and is_mark(self.t):
            self.checkpoints.keep()
        return True

    def _quiet_steps(self, wanted: int) -> int:
        """Up to ``wanted`` steps as one block, ending at the next checkpoint step at the
        latest; 0 if no block may run now or its tests sent it back."""
        if self.t < self._quiet_from:
            return 0
        next_mark = 1 << self.t.bit_length()  # checkpoints are kept at 1, 2, 4, 8, …
        n = block_length(self.swarm, min(wanted, next_mark - self.t))
        if n < 2:
            return 0
        block = advance_block(self.swarm, n)
        if block is None:  # a point may stop in there: one step at a time for a while
            self._quiet_from, self._quiet_wait = self.t + self._quiet_wait, self._quiet_wait * 2
            return 0
        self._quiet_wait = _QUIET_WAIT
        rows = np.empty((n, self.swarm.k, 4))
        rows[..., :2], rows[..., 2] = block.x, block.f
        np.hypot(block.g[..., 0], block.g[..., 1], out=rows[..., 3])
        for j in range(n):
            self._history.record(self.t + 1 + j, rows[j], slice(None))
        self.t += n
        if is_mark(self.t):
            self.checkpoints.keep()
        return n

    def rewind(self, step: int) -> None:
        """Back to the recorded ``step`` (see :class:`engine.descent.checkpoints.Checkpoints`):
        stepping on replays the race bit for bit unless settings are changed first."""
        self.checkpoints.rewind(step)
        self._quiet_from, self._quiet_wait = 0, _QUIET_WAIT

    def _advise(self) -> None:
        """Newly diverged trajectories: swap swarm's unchecked "try a smaller step, e.g. α/2"
        for "a trial run is looking…" and queue that trial (one per optimizer, all its
        new starts together: :func:`engine.descent.advice.trial_steps`)."""
        swarm = self.swarm
        fresh = np.flatnonzero((swarm.status == DIVERGED) & ~self._advised)
        if not len(fresh):
            return
        self._advised[fresh] = True
        for group in np.unique(swarm.group_of[fresh]):
            optimizer = swarm.groups[group].optimizer
            unchecked = _advice(optimizer)
            rows = [int(i) for i in fresh if swarm.group_of[i] == group
                    and swarm.messages[i].endswith(unchecked)]  # fmt: skip
            if not rows or not hasattr(optimizer, "alpha"):
                continue
            alpha = float(optimizer.alpha)
            for i in rows:
                swarm.messages[i] = swarm.messages[i][: -len(unchecked)] + pending(alpha)
            self._trials.append(TrialRun(rows, self.surface, optimizer, self._starts[rows, :2],
                                         swarm.eps, min(TRIAL_STEPS, swarm.max_steps)))

    def _trial_step(self) -> None:
        """One step of the oldest trial; when it is done, its advice replaces "looking…"."""
        if not self._trials:
            return
        trial = self._trials[0]
        found = trial.advance()
        if found is not None:
            self._trials.pop(0)
            for i, result in zip(trial.rows, found, strict=True):
                message = self.swarm.messages[i][: -len(pending(trial.alpha))]
                self.swarm.messages[i] = message + advice(trial.alpha, result, trial.name)

    def snapshot(self) -> DescentSnapshot:
        swarm = self.swarm
        trajectories = tuple(self._trajectory(i) for i in range(swarm.k))
        return DescentSnapshot(self.t, trajectories, self.finished, self._history.stride,
                               tuple(self.checkpoints.steps()))

    def _rows_data(self, rows: slice | np.ndarray) -> np.ndarray:
        swarm = self.swarm
        g = swarm.g[rows]
        return np.column_stack([swarm.x[rows], swarm.f[rows], np.hypot(g[:, 0], g[:, 1])])

    def _trajectory(self, i: int) -> TrajectorySnapshot:
        swarm = self.swarm
        born, taken = int(self._born[i]), int(swarm.steps[i])
        rows, steps = self._history.trace(i, born, born + taken)
        current = self._rows_data(np.array([i]))
        if len(steps) == 0 or steps[0] != 0:
            rows, steps = np.concatenate([self._starts[i : i + 1], rows]), np.r_[0, steps]
        if steps[-1] != taken:
            rows, steps = np.concatenate([rows, current]), np.r_[steps, taken]
        group = int(swarm.group_of[i])
        optimizer = swarm.groups[group].optimizer
        x, y, f, gnorm = (float(v) for v in current[0])
        return TrajectorySnapshot(
            index=i, group=group, optimizer=optimizer.key, label=optimizer.name,
            start=(float(self._starts[i, 0]), float(self._starts[i, 1])),
            path=rows[:, :2].copy(), steps=steps.astype(np.int64), values=rows[:, 2].copy(),
            grad_norms=rows[:, 3].copy(), position=(x, y), value=f, grad_norm=gnorm,
            step=taken, status=STATUSES[swarm.status[i]], message=swarm.messages[i],
            alpha=float(optimizer.alpha), born=born,
        )  # fmt: skip

