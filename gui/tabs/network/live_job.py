"""The training run as the tab's worker drives it: fewer, fuller snapshots.

A TrainingRun's snapshot evaluates the network on a 150 × 150 grid; made
after every worker chunk (a few ms of epochs) it would cost as much as the
training.  The display shows at most ~60 frames a second, so while epochs run
fast a new snapshot is made only every ``SNAPSHOT_INTERVAL_S``; single steps,
slow speeds, commands and the end of the run always get a fresh one.

Training and painting share Python's GIL.  Epochs run in bursts of about
``BURST_S``, and between bursts the job waits while the GUI thread holds
``painting()``: a frame then paints without handing the GIL back and forth
with the trainer hundreds of times (each hand-over can cost the 5 ms switch
interval), which is what made the window stutter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from engine.inspection import TableRow, output_table
from engine.training import TrainingRun
from engine.training_state import TrainingSnapshot

SNAPSHOT_INTERVAL_S = 0.03
BURST_S = 0.001
HOLD_LIMIT_S = 0.05
TABLE_ROWS = 8


@dataclass(frozen=True)
class LiveSnapshot:
    """A TrainingSnapshot plus what the tab shows beyond it (copies).

    ``dC_dW[m-1]``, ``dC_db[m-1]`` are the last batch's ∂C/∂W^m, ∂C/∂b^m
    (K × …); ``table`` is the notes' Input / Output / Quantized for the first
    training samples of network 0, or empty when not asked for.
    """

    training: TrainingSnapshot
    dC_dW: tuple[np.ndarray, ...]
    dC_db: tuple[np.ndarray, ...]
    table: tuple[TableRow, ...]


class LiveRun:
    """A job (engine.job.Job) around a TrainingRun; η, μ and the stop can change live."""

    def __init__(self, run: TrainingRun, X_table: np.ndarray | None = None) -> None:
        self.run = run
        self._X_table = None if X_table is None else np.asarray(X_table)[:TABLE_ROWS]
        self._last: LiveSnapshot | None = None
        self._last_time = 0.0
        self._gate = threading.Event()
        self._gate.set()
        self._burst = 1

    @property
    def finished(self) -> bool:
        return self.run.finished

    @contextmanager
    def painting(self) -> Iterator[None]:
        """Hold the epochs (from the next burst's end) while the GUI thread paints.

        The trainer never waits longer than ``HOLD_LIMIT_S``, whatever the GUI does.
        """
        self._gate.clear()
        try:
            yield
        finally:
            self._gate.set()

    def step(self, n: int) -> LiveSnapshot:
        done = 0
        while done < n and not self.run.finished:
            self._gate.wait(HOLD_LIMIT_S)
            burst = min(self._burst, n - done)
            started = time.perf_counter()
            self.run.run_epochs(burst)
            elapsed = time.perf_counter() - started
            done += burst
            # hand the GIL over now if the GUI thread wants it, not after the 5 ms switch interval
            time.sleep(0)
            # aim each burst at BURST_S: long enough to be cheap, short enough to yield soon
            self._burst = max(1, min(2 * self._burst, int(burst * BURST_S / max(elapsed, 1e-9))))
        due = time.perf_counter() - self._last_time >= SNAPSHOT_INTERVAL_S
        if self._last is None or due or n <= 1 or self.run.finished:
            return self.snapshot()
        return self._last

    def snapshot(self) -> LiveSnapshot:
        optimizer = self.run.optimizer
        table = () if self._X_table is None else tuple(
            output_table(self.run.network, self._X_table))
        self._last = LiveSnapshot(
            training=self.run.snapshot(),
            dC_dW=tuple(g.copy() for g in optimizer.dC_dW),
            dC_db=tuple(g.copy() for g in optimizer.dC_db),
            table=table,
        )
        self._last_time = time.perf_counter()
        return self._last


def set_learning_rate(value: float, job: LiveRun) -> None:
    """η for the next update (run on the worker thread through Worker.submit)."""
    job.run.learning_rate = value


def set_momentum(value: float, job: LiveRun) -> None:
    """μ for the next update."""
    job.run.momentum = value


def set_max_epochs(value: int, job: LiveRun) -> None:
    """Where the run stops; takes effect before the next epoch."""
    job.run.max_epochs = value


def refresh(job: LiveRun) -> None:
    """Change nothing: submitted on pause so the worker sends a fresh snapshot.

    While running fast, the last chunk before a pause may have returned the
    previous snapshot; the picture of a paused run must show its true epoch.
    """
