"""Snapshots for a recording: a job stepped to evenly spaced units, one snapshot per frame.

A recording of ``units`` steps (or epochs) in ``frames`` frames shows frame k
after ``u_k = round(k · units / (frames − 1))`` units, so frame 0 is the start
and the last frame is exactly ``units`` in (or where the job stopped, if it
finished sooner: a converged run holds its last picture).  The job must be the
recorder's own (a fresh one, or :func:`copy_job` of a live one), so a
recording never touches the run the window shows.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from engine.job import Job

__all__ = ["StepThrough", "copy_job", "frame_units", "snapshots"]


def frame_units(units: int, frames: int) -> list[int]:
    """u_k = round(k · units / (frames − 1)) for k = 0 … frames − 1 (non-decreasing)."""
    if not (isinstance(units, int) and units >= 1):
        raise ValueError("a recording needs at least one step")
    if not (isinstance(frames, int) and frames >= 2):
        raise ValueError("a recording needs at least two frames")
    return [round(k * units / (frames - 1)) for k in range(frames)]


def copy_job(job: Job) -> Job:
    """An independent copy of ``job`` (stepping it leaves the original as it was)."""
    return copy.deepcopy(job)


def snapshots(job: Job, units: int, frames: int) -> Iterator[Any]:
    """Step ``job`` to each u_k of :func:`frame_units` and yield its snapshot there.

    Yields exactly ``frames`` snapshots, each a fresh ``job.snapshot()``.
    """
    done = 0
    for target in frame_units(units, frames):
        if target > done and not job.finished:
            # a job that can advance without a snapshot (a LiveRun) makes one per frame
            getattr(job, "advance", job.step)(target - done)
            done = target
        yield job.snapshot()


class StepThrough:
    """A job over ``n`` fixed pictures (a walkthrough's steps): one unit moves to the next.

    Its snapshot is the index shown, so :func:`snapshots` spreads the steps evenly over
    a recording's frames (each held about ``frames / n`` frames).
    """

    def __init__(self, n: int) -> None:
        if not (isinstance(n, int) and n >= 2):
            raise ValueError("a step-through needs at least two steps")
        self.n = n
        self.index = 0

    @property
    def finished(self) -> bool:
        return self.index >= self.n - 1

    def step(self, n: int = 1) -> int:
        self.index = min(self.n - 1, self.index + n)
        return self.index

    def snapshot(self) -> int:
        return self.index
