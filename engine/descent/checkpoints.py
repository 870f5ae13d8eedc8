"""Rewind a descent race to a recorded step, then replay it or go on with other settings.

A checkpoint holds everything the next steps of a
:class:`engine.descent.run.DescentRun` depend on: every point x with f(x),
∇f(x), its status, step count and message; each optimizer's values (α, μ,
β₁, β₂) and state (the velocity v of Momentum and Nesterov, the running sums
of AdaGrad and RMSProp, Adam's moments and step count); ε and the step limit;
the stored path rows; the starts and the step each was placed at; and the
trial runs checking the advice to a diverged point (their inputs and how far
they had got).  Restoring one and stepping on repeats the original steps bit
for bit: each update x ← x + Δx then starts from the same numbers.

:class:`Checkpoints` keeps them at the log-spaced steps 0, 1, 2, 4, 8, … (a
race of T steps keeps about log₂ T of them; their path rows sum to about
twice the race's own).  A start placed at a kept step is taken into that
step's checkpoint, so a rewind to it brings the start back too.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from engine.descent.run import DescentRun

__all__ = ["Checkpoint", "Checkpoints", "is_mark", "restore", "take"]

#: DescentRun arrays that change as it runs (copied into a checkpoint)
ARRAYS = ("_born", "_advised", "_starts")


def is_mark(step: int) -> bool:
    """True at the log-spaced steps 0, 1, 2, 4, 8, … where checkpoints are kept."""
    return step >= 0 and step & (step - 1) == 0


@dataclass(frozen=True)
class Checkpoint:
    """A DescentRun at one step (copies: restoring never changes a checkpoint)."""

    step: int
    swarm: Any  # engine.descent.swarm.Swarm, sharing only the (unchanging) surface
    history: Any  # run._History
    arrays: dict[str, np.ndarray]
    trials: tuple[Any, ...]  # engine.descent.advice.TrialRun


def _swarm_copy(swarm: Any) -> Any:
    """A deep copy of ``swarm`` that shares its surface (compiled f and ∇f never change)."""
    return copy.deepcopy(swarm, {id(swarm.surface): swarm.surface})


def take(run: DescentRun) -> Checkpoint:
    """A checkpoint of ``run`` as it is now."""
    return Checkpoint(step=run.t, swarm=_swarm_copy(run.swarm), history=run._history.copy(),
                      arrays={name: getattr(run, name).copy() for name in ARRAYS},
                      trials=tuple(trial.copy() for trial in run._trials))  # fmt: skip


def restore(run: DescentRun, checkpoint: Checkpoint) -> None:
    """Put ``run`` back where ``checkpoint`` was taken."""
    run.t = checkpoint.step
    run.swarm = _swarm_copy(checkpoint.swarm)
    run._history = checkpoint.history.copy()
    for name, array in checkpoint.arrays.items():
        setattr(run, name, array.copy())
    run._trials = [trial.copy() for trial in checkpoint.trials]


class Checkpoints:
    """A race's checkpoints at steps 0, 1, 2, 4, 8, …"""

    def __init__(self, run: DescentRun) -> None:
        self.run = run
        self._kept: dict[int, Checkpoint] = {run.t: take(run)}

    def steps(self) -> list[int]:
        """The steps the race can be rewound to, in order."""
        return sorted(self._kept)

    def keep(self) -> None:
        """Keep the race as it is now (called at each log-spaced step)."""
        self._kept[self.run.t] = take(self.run)

    def retake(self) -> None:
        """The race changed (a start was placed) at a kept step: keep it as it is now."""
        if self.run.t in self._kept:
            self.keep()

    def rewind(self, step: int) -> None:
        """Back to the recorded ``step``; the checkpoints after it (that future) are dropped.

        Stepping on then replays the original steps exactly, unless α, μ, β₁, β₂,
        ε or the step limit are changed first (going on with other settings).
        """
        if step not in self._kept:
            raise ValueError(f"step {step} was not recorded; recorded: "
                             f"{', '.join(map(str, self.steps()))}")
        restore(self.run, self._kept[step])
        self._kept = {s: c for s, c in self._kept.items() if s <= step}
