"""The vectorised core of descent: k points, each driven by one optimizer, stepped together.

One NumPy pass per optimizer per step moves every running point; then each
point gets a status (``STATUSES``):

- ``running``;
- ``converged``: ‖∇f‖ < ε (DESIGN.md §3: the test is on the gradient, not on f);
- ``max_steps``: the step budget ran out first;
- ``diverged``: the next point, f or ∇f is not finite (overflow), or f grew far
  past its start value (by more than ``GROWTH`` × (1 + |f₀|)), or the point left
  the large box (``BOX`` domain half-widths around the domain's centre) with f
  rising.  The message names which and suggests a smaller step;
- ``unbounded``: f keeps falling while the point leaves the large box, or f fell
  by more than ``GROWTH`` × (1 + |f₀|): no minimum that way (2x² + 4y, saddles).
  A true minimum farther out than the box also reads as unbounded: widen the
  domain to bring it in.

A point is only ever replaced by a finite one: a point whose next step is not
finite stays frozen at its last finite position, so NaN never reaches a caller.
Gradients are the symbolic ∇f compiled to NumPy (``Surface.gradient``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer, State
from engine.descent.surfaces import MAX_COORDINATE, Surface

__all__ = ["STATUSES", "Swarm", "check_eps", "check_max_steps", "check_points"]

STATUSES = ("running", "converged", "max_steps", "diverged", "unbounded")
RUNNING, CONVERGED, MAX_STEPS, DIVERGED, UNBOUNDED = range(5)
BOX = 10.0
GROWTH = 1e6
DEFAULT_EPS = 1e-6
DEFAULT_MAX_STEPS = 20_000
_SLACK = 1e-6  # how much looser the block path's quick tests are than _settle's
_TINY_EPS = 1e-140  # below this ε² nears the end of the float range


@dataclass
class _Group:
    """The trajectories one optimizer drives: their row indices and its state."""

    optimizer: Optimizer
    rows: np.ndarray
    state: State
    running: int = 0  # how many of ``rows`` are still running
    block: slice | None = None  # ``rows`` as a slice while they are one contiguous block
    top: int = 0  # the most steps any of ``rows`` has taken


class Swarm:
    """k points descending ``surface`` at once, each with its optimizer and status."""

    def __init__(self, surface: Surface, optimizers: Sequence[Optimizer],
                 eps: float = DEFAULT_EPS, max_steps: int = DEFAULT_MAX_STEPS) -> None:  # fmt: skip
        if not optimizers:
            raise ValueError("choose at least one optimizer")
        self.surface = surface
        self.groups = [_Group(opt, np.zeros(0, dtype=int), opt.init_state(0)) for opt in optimizers]
        self.eps = check_eps(eps)
        self.max_steps = check_max_steps(max_steps)
        self.x = np.zeros((0, 2))
        self.f = np.zeros(0)
        self.f0 = np.zeros(0)
        # f0 ∓ GROWTH·(1 + |f0|): below is "fell", above is "rose" (computed once per start)
        self._low, self._high = np.zeros(0), np.zeros(0)
        self.g = np.zeros((0, 2))
        self.status = np.zeros(0, dtype=np.int8)
        self.steps = np.zeros(0, dtype=np.int64)
        self.group_of = np.zeros(0, dtype=int)
        self.messages: list[str] = []
        x0, x1, y0, y1 = surface.domain
        self._centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        self._reach = BOX * max(x1 - x0, y1 - y0) / 2
        # every coordinate of a point inside the box lies within these (a looser test
        # than the box, for one reduction per step; a point near them gets the exact one)
        slack = self._reach * (1 - _SLACK)
        self._inside = (max(self._centre) - slack, min(self._centre) + slack)

    @property
    def k(self) -> int:
        return len(self.x)

    @property
    def finished(self) -> bool:
        return not any(group.running for group in self.groups)  # kept by add and _stop

    def add(self, points: np.ndarray, group: int) -> np.ndarray:
        """Append starts (m × 2) driven by optimizer ``group``; return their indices."""
        points = check_points(points)
        if np.any(np.max(np.abs(points - self._centre), axis=1) > self._reach):
            raise ValueError(f"a start must lie within {BOX:g} domain half-widths of its centre")
        m, first = len(points), self.k
        new = np.arange(first, first + m)
        f, g = self.surface.value(points), self.surface.gradient(points)
        self.x = np.concatenate([self.x, points])
        self.f, self.f0 = np.concatenate([self.f, f]), np.concatenate([self.f0, f])
        margin = GROWTH * (1.0 + np.abs(f))
        self._low = np.concatenate([self._low, f - margin])
        self._high = np.concatenate([self._high, f + margin])
        self.g = np.concatenate([self.g, g])
        self.status = np.concatenate([self.status, np.full(m, RUNNING, dtype=np.int8)])
        self.steps = np.concatenate([self.steps, np.zeros(m, dtype=np.int64)])
        self.group_of = np.concatenate([self.group_of, np.full(m, group)])
        self.messages.extend([""] * m)
        owner = self.groups[group]
        fresh = owner.optimizer.init_state(m)
        owner.state = {key: np.concatenate([value, fresh[key]])
                       for key, value in owner.state.items()}  # fmt: skip
        owner.rows = np.concatenate([owner.rows, new])
        owner.running += m
        lo = int(owner.rows[0])
        contiguous = int(owner.rows[-1]) - lo + 1 == len(owner.rows)
        owner.block = slice(lo, lo + len(owner.rows)) if contiguous else None
        undefined = ~(np.isfinite(f) & np.all(np.isfinite(g), axis=1))
        for i in new[undefined]:
            self._stop(i, DIVERGED, f"f or ∇f is undefined at the start {self._where(i)}: "
                       "choose another start")  # fmt: skip
        self._settle(new[~undefined], f[~undefined])
        return new

    def set_optimizer(self, group: int, optimizer: Optimizer) -> None:
        """Swap in new hyper-parameters for one group; its state (velocity, moments) carries on."""
        if type(optimizer) is not type(self.groups[group].optimizer):
            raise ValueError("only the hyper-parameters of an optimizer can change mid-run")
        self.groups[group].optimizer = optimizer

    def advance(self) -> None:
        """One step of every running point: x ← update(x), then a new status for each."""
        for group in self.groups:
            if group.running == 0:
                continue
            if group.running == len(group.rows):
                # every start of the group runs: the state needs no gather or scatter
                if group.block is not None:
                    self._move_block(group)
                    continue
                moving, rows, state = None, group.rows, group.state
            else:
                moving = self.status[group.rows] == RUNNING
                rows = group.rows[moving]
                state = {key: value[moving] for key, value in group.state.items()}
            self._move(group.optimizer, rows, state)
            if moving is not None:
                for key, value in state.items():
                    group.state[key][moving] = value
            group.top = int(self.steps[group.rows].max())

    def _move(self, optimizer: Optimizer, rows: np.ndarray, state: State) -> None:
        with np.errstate(all="ignore"):
            x_new = optimizer.update(self.x[rows], self.surface.gradient, state, self.g[rows])
        self._commit(optimizer, rows, x_new)

    def _commit(self, optimizer: Optimizer, rows: np.ndarray, x_new: np.ndarray) -> None:
        """Move ``rows`` to ``x_new`` where it, f and ∇f are finite; stop the others."""
        with np.errstate(all="ignore"):
            finite_x = np.all(np.isfinite(x_new), axis=1)
            x_new[~finite_x] = 0.0  # never evaluate f at inf or NaN; these rows stop anyway
            f_new, g_new = self.surface.value(x_new), self.surface.gradient(x_new)
        ok = finite_x & np.isfinite(f_new) & np.all(np.isfinite(g_new), axis=1)
        for i in rows[~ok]:
            self._stop(i, DIVERGED, f"diverged at step {self.steps[i] + 1}: the next point, f or "
                       f"∇f was not a finite number (overflow). {_advice(optimizer)}")  # fmt: skip
        good = rows[ok]
        f_before = self.f[good]
        self.x[good], self.f[good], self.g[good] = x_new[ok], f_new[ok], g_new[ok]
        self.steps[good] += 1
        self._settle(good, f_before)

    def _move_block(self, group: _Group) -> None:
        """``_move`` for a group whose rows are one block, all running: the same numbers.

        The arrays are used in place (views, no gathers or scatters), and the usual
        step is told by a few reductions over the block; any step where a point may
        stop, or whose numbers are not all finite, is finished by ``_commit``/
        ``_settle`` exactly as the general path does.
        """
        block, optimizer = group.block, group.optimizer
        with np.errstate(all="ignore"):
            x_new = optimizer.update(self.x[block], self.surface.gradient, group.state,
                                     self.g[block])  # fmt: skip
            # a sum is finite only if every term is (an overflowing sum of finite terms
            # merely sends this step down the exact path)
            if not math.isfinite(np.add.reduce(x_new, axis=None)):
                self._commit(optimizer, group.rows, x_new)
                group.top = int(self.steps[group.rows].max())
                return
            f_new, g_new = self.surface.value(x_new), self.surface.gradient(x_new)
            total = np.add.reduce(f_new) + np.add.reduce(g_new, axis=None)
        if not math.isfinite(total):
            self._commit(optimizer, group.rows, x_new)
            group.top = int(self.steps[group.rows].max())
            return
        f_before = self.f[block]
        whole = block.start == 0 and block.stop == self.k
        if whole:  # the group is the swarm: take the new arrays instead of copying
            self.f = f_new
            self.x, self.g = x_new, g_new
        else:
            f_before = f_before.copy()
            self.x[block], self.f[block], self.g[block] = x_new, f_new, g_new
        self.steps[block] += 1
        group.top += 1
        # _settle's tests, each as one reduction over the block and each a little looser
        # (so a point that might stop is never missed; _settle then decides exactly)
        if (group.top >= self.max_steps or self._may_converge(g_new)
                or np.minimum.reduce(x_new, axis=None) < self._inside[0]
                or np.maximum.reduce(x_new, axis=None) > self._inside[1]
                or (f_new < self._low[block]).any() or (f_new > self._high[block]).any()):
            self._settle(group.rows, f_before)

    def _may_converge(self, g: np.ndarray) -> bool:
        """True if some ‖∇f‖ = hypot(g) may be below ε: ∂x² + ∂y² < (ε(1 + slack))²,
        a tenth of hypot's cost; hypot itself where ε² would lose digits."""
        if self.eps < _TINY_EPS:
            return bool(np.hypot(g[:, 0], g[:, 1]).min() < self.eps)
        gg = g * g
        return bool(np.minimum.reduce(gg[:, 0] + gg[:, 1]) < (self.eps * (1 + _SLACK)) ** 2)

    def _settle(self, rows: np.ndarray, f_before: np.ndarray) -> None:
        """Decide the status of ``rows`` at their new points (f_before: f one step back)."""
        f, g = self.f[rows], self.g[rows]
        gnorm = np.hypot(g[:, 0], g[:, 1])
        outside = np.max(np.abs(self.x[rows] - self._centre), axis=1) > self._reach
        fell, rose = f < self._low[rows], f > self._high[rows]
        special = (gnorm < self.eps) | outside | fell | rose | (self.steps[rows] >= self.max_steps)
        if not special.any():  # the usual step: nothing to decide, skip the bookkeeping
            return
        rows, f, gnorm, outside = rows[special], f[special], gnorm[special], outside[special]
        fell, rose, falling = fell[special], rose[special], f < f_before[special]
        converged = gnorm < self.eps
        unbounded = ~converged & falling & (outside | fell)
        grown = ~converged & ~unbounded & rose
        escaped = ~converged & ~unbounded & ~grown & outside & ~falling
        out_of_steps = (self.steps[rows] >= self.max_steps) & ~(
            converged | unbounded | grown | escaped
        )
        for i, n in zip(rows[converged], gnorm[converged], strict=True):
            self._stop(i, CONVERGED, f"converged after {self.steps[i]} steps: ‖∇f‖ = {n:.2g} "
                       f"< ε = {self.eps:g} at {self._where(i)}")  # fmt: skip
        for i in rows[unbounded]:
            self._stop(i, UNBOUNDED, f"unbounded: f keeps decreasing without limit (f = "
                       f"{_num(self.f[i])} at {self._where(i)} after {self.steps[i]} steps): "
                       "no minimum in this direction")  # fmt: skip
        for i in rows[grown]:
            self._stop(i, DIVERGED, f"diverged at step {self.steps[i]}: f grew from "
                       f"{_num(self.f0[i])} to {_num(self.f[i])}. {self._advice(i)}")  # fmt: skip
        for i in rows[escaped]:
            self._stop(i, DIVERGED, f"diverged at step {self.steps[i]}: the point flew off to "
                       f"{self._where(i)} while f rose. {self._advice(i)}")  # fmt: skip
        for i, n in zip(rows[out_of_steps], gnorm[out_of_steps], strict=True):
            self._stop(i, MAX_STEPS, f"stopped after {self.max_steps} steps at {self._where(i)}: "
                       f"‖∇f‖ = {n:.2g} is not yet below ε = {self.eps:g}")  # fmt: skip

    def _stop(self, i: int, status: int, message: str) -> None:
        if self.status[i] == RUNNING:
            self.groups[self.group_of[i]].running -= 1
        self.status[i] = status
        self.messages[i] = message

    def _where(self, i: int) -> str:
        return f"({_num(self.x[i, 0])}, {_num(self.x[i, 1])})"

    def _advice(self, i: int) -> str:
        return _advice(self.groups[self.group_of[i]].optimizer)


def _advice(optimizer: Optimizer) -> str:
    """The fix for a diverging run: a smaller step size, with a concrete value."""
    alpha = optimizer.values().get("alpha")
    if alpha is None:
        return "Try a smaller step size."
    return f"The step size α = {alpha:g} is too large: try a smaller step, e.g. α = {alpha / 2:g}."


def _num(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.3g}"


def check_points(points: object) -> np.ndarray:
    """Starts as an (m, 2) float array of finite coordinates within ±1e6 (ValueError if not)."""
    try:
        array = np.array(points, dtype=float).reshape(-1, 2)
    except (TypeError, ValueError):
        raise ValueError("a start must be two numbers (x, y)") from None
    if not np.all(np.isfinite(array)) or np.any(np.abs(array) > MAX_COORDINATE):
        raise ValueError("a start must have finite coordinates between -1e6 and 1e6")
    return array


def check_eps(eps: object) -> float:
    """The tolerance ε for ‖∇f‖ < ε: a finite number in (0, 1e3]."""
    value = float(eps)  # type: ignore[arg-type]
    if not (math.isfinite(value) and 0.0 < value <= 1e3):
        raise ValueError("the tolerance ε must be a positive number up to 1000")
    return value


def check_max_steps(max_steps: object) -> int:
    """The step budget: a whole number from 1 to 10⁹."""
    value = float(max_steps)  # type: ignore[arg-type]
    if not (math.isfinite(value) and 1 <= value <= 1e9):
        raise ValueError("the step limit must be a whole number from 1 to 1e9")
    return int(value)
