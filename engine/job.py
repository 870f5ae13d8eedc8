"""The contract between long-running engine work and whoever drives it.

A *job* advances in units of work (an epoch, a descent step, ...).  The GUI's
worker calls ``step(n)`` in chunks sized to a time budget and shows only the
latest snapshot; a script can simply loop ``while not job.finished``.
Snapshots are immutable and own their arrays (copies), so the thread that
paints them never races the thread that computes the next one.

A job whose snapshots cost more than its units may also offer ``advance(n)``:
the units alone.  The GUI's workers then call ``snapshot()`` only when the
window has asked for a frame (``gui.job_loop.Loop``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Job(Protocol):
    """Engine work that can be advanced a few units at a time."""

    @property
    def finished(self) -> bool:
        """True once no further ``step`` can change anything."""

    def step(self, n: int) -> Any:
        """Advance at most ``n`` units of work and return a fresh snapshot."""

    def snapshot(self) -> Any:
        """Return a snapshot of the current state without advancing."""


class OneShot:
    """A job of a single unit: ``step`` runs ``compute`` once; the snapshot is its result.

    For one piece of work (a derivative, a set of critical points) that should
    run off the GUI thread like any other job.
    """

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute
        self._result: Any = None
        self.finished = False

    def step(self, n: int) -> Any:
        if not self.finished:
            self._result = self._compute()
            self.finished = True
        return self._result

    def snapshot(self) -> Any:
        return self._result
