"""Jobs for the worker tests: importable without Qt, as a trainer process needs."""

import os
import sys
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class CountSnapshot:
    """Where a Counter is, and in which process it counts."""

    count: int
    pid: int
    qt_loaded: bool
    step: int


class Counter:
    """Counts units; optionally costs time per unit, stops at ``limit`` or fails at a unit."""

    def __init__(self, limit: int = 10**12, fail_at: int | None = None, unit_cost_s: float = 0):
        self.count = 0
        self.limit = limit
        self.fail_at = fail_at
        self.unit_cost_s = unit_cost_s
        self.increment = 1
        self.step_calls = 0
        self.threads: set[str] = set()  # the names of the threads that stepped it

    @property
    def finished(self) -> bool:
        return self.count >= self.limit

    def step(self, n: int) -> CountSnapshot:
        self._count(n)
        return self.snapshot()

    def _count(self, n: int) -> None:
        self.step_calls += 1
        self.threads.add(threading.current_thread().name)
        for _ in range(n):
            if self.finished:
                break
            if self.fail_at is not None and self.count == self.fail_at:
                raise RuntimeError(f"boom at {self.count}")
            if self.unit_cost_s:
                time.sleep(self.unit_cost_s)
            self.count += 1

    def snapshot(self) -> CountSnapshot:
        return CountSnapshot(self.count, os.getpid(), "PySide6" in sys.modules, self.increment)


def raise_limit(limit: int, job: Counter) -> None:
    """A command: let the counter go on to ``limit``."""
    job.limit = limit


def crash(job: Counter) -> None:
    """A command that ends the trainer process at once, as a crash would."""
    os._exit(3)


class StaleCounter(Counter):
    """A counter whose ``step`` hands back its first snapshot, as a throttled view's may."""

    def step(self, n: int) -> CountSnapshot:
        first = getattr(self, "_first", None)
        super().step(n)
        if first is None:
            first = self._first = self.snapshot()
        return first


class LazyCounter(Counter):
    """A Counter with ``advance``: units without a snapshot (engine/job.py); counts snapshots."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.snapshots_made = 0
        self.requests: list[dict] = []  # the keyword arguments of each snapshot asked for

    def advance(self, n: int) -> None:
        self._count(n)

    def snapshot(self, **request) -> CountSnapshot:
        self.snapshots_made += 1
        self.requests.append(request)
        return super().snapshot()
