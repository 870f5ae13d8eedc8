"""Rewind a training run to a recorded epoch, then replay it or train on with other settings.

A checkpoint holds everything the next epochs of a TrainingRun depend on:
θ (all W^m, b^m), the rule's memory (momentum's velocity Δw(t−1), …), the data-order
generators' states, the epoch, the loss histories (so the curve is cut back
to that epoch), the divergence and convergence bookkeeping, and the rules (η, μ, …) and λ.
Restoring one and running on repeats the original epochs bit for bit, since
every update Δw(t) = −η ∂C/∂w + μ Δw(t−1) then starts from the same numbers
and meets the samples in the same order.

:class:`Checkpoints` keeps them at log-spaced epochs 0, 1, 2, 4, 8, … (a
run of E epochs keeps about log₂ E of them; their loss histories sum to
about twice the run's own), running a run's epochs (or updates) in pieces that
stop at each of those epochs.  Checkpoints are taken between epochs only, so
restoring one also ends any epoch left part-way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.network.training import TrainingRun

#: TrainingRun attributes that change as it trains (deep-copied into a checkpoint)
RUN_FIELDS = (
    "epoch", "status", "message", "diverged", "history", "test_history", "_backup",
    "_previous", "_inverse_limit", "_best", "_stale", "_epoch_metrics", "_test_metrics",
    "_correct", "_max_epochs", "batch", "_loss", "_order_now",
)
#: optimizer attributes that change as it trains, or are settings a replay must repeat
OPTIMIZER_FIELDS = ("groups", "frozen", "l2")  # the rules (η, μ, …) and their memory


@dataclass(frozen=True)
class Checkpoint:
    """A TrainingRun at one epoch (copies; restoring never changes a checkpoint)."""

    epoch: int
    params: np.ndarray  # K × P, every W^m and b^m
    gradient: np.ndarray  # the last batch's ∂C/∂θ (the grad_tol test and the views read it)
    order_states: tuple[dict, ...]  # each data-order generator's bit_generator.state
    run: dict[str, Any]
    optimizer: dict[str, Any]


def take(run: TrainingRun) -> Checkpoint:
    """A checkpoint of ``run`` as it is now: between two epochs (ValueError otherwise)."""
    if run.batch:
        raise ValueError(f"checkpoints are taken between epochs; this run is {run.batch} "
                         f"updates into epoch {run.epoch + 1}")
    opt = run.optimizer
    return Checkpoint(
        epoch=run.epoch,
        params=run.network.params.copy(),
        gradient=opt.gradient.copy(),
        order_states=tuple(copy.deepcopy(g.bit_generator.state)
                           for g in run.network.order_rngs),
        run={name: copy.deepcopy(getattr(run, name)) for name in RUN_FIELDS},
        optimizer={name: copy.deepcopy(getattr(opt, name)) for name in OPTIMIZER_FIELDS},
    )


def restore(run: TrainingRun, checkpoint: Checkpoint) -> None:
    """Put ``run`` back where ``checkpoint`` was taken (the same network and data).

    θ and ∂C/∂θ are written into the run's own arrays: every W^m, b^m view
    of them stays valid.
    """
    net, opt = run.network, run.optimizer
    if net.params.shape != checkpoint.params.shape:
        raise ValueError("this checkpoint belongs to a network of another shape")
    np.copyto(net.params, checkpoint.params)
    np.copyto(opt.gradient, checkpoint.gradient)
    for generator, state in zip(net.order_rngs, checkpoint.order_states, strict=True):
        generator.bit_generator.state = copy.deepcopy(state)
    for name, value in checkpoint.run.items():
        setattr(run, name, copy.deepcopy(value))
    for name, value in checkpoint.optimizer.items():
        setattr(opt, name, copy.deepcopy(value))


def next_mark(epoch: int) -> int:
    """The first log-spaced epoch (1, 2, 4, 8, …) after ``epoch``."""
    return 1 if epoch < 1 else 1 << int(epoch).bit_length()


class Checkpoints:
    """A run's checkpoints at epochs 0, 1, 2, 4, 8, … and at the epoch it was made."""

    def __init__(self, run: TrainingRun) -> None:
        self.run = run
        self._kept: dict[int, Checkpoint] = {run.epoch: take(run)}

    def epochs(self) -> list[int]:
        """The epochs a run can be rewound to, in order."""
        return sorted(self._kept)

    def run_epochs(self, n: int) -> None:
        """``run.run_epochs(n)``, stopping at each log-spaced epoch to keep a checkpoint."""
        run, left = self.run, max(0, int(n))
        while left > 0 and not run.finished:
            start = run.epoch
            run.run_epochs(min(left, next_mark(start) - start))
            if run.epoch == start:  # it stopped without an epoch (max_epochs reached)
                return
            left -= run.epoch - start
            if run.epoch == next_mark(start) and run.epoch not in self._kept:
                self._kept[run.epoch] = take(run)

    def run_batches(self, n: int) -> None:
        """``run.run_batches(n)``, stopping at each log-spaced epoch to keep a checkpoint."""
        run, left = self.run, max(0, int(n))
        while left > 0 and not run.finished:
            start = run.epoch
            to_mark = (next_mark(start) - start) * run.batches_per_epoch - run.batch
            done = run.run_batches(min(left, to_mark))
            if done == 0:  # it stopped without an update (max_epochs reached)
                return
            left -= done
            if run.batch == 0 and run.epoch == next_mark(start) and run.epoch not in self._kept:
                self._kept[run.epoch] = take(run)

    def rewind(self, epoch: int) -> None:
        """Back to the recorded ``epoch``; the checkpoints after it (that future) are dropped.

        Running on then replays the original epochs exactly, unless η, μ or
        the stop are changed first (training on with other settings).
        """
        if epoch not in self._kept:
            raise ValueError(f"epoch {epoch} was not recorded; recorded: "
                             f"{', '.join(map(str, self.epochs()))}")
        restore(self.run, self._kept[epoch])
        self._kept = {e: c for e, c in self._kept.items() if e <= epoch}
