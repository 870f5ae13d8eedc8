"""Timing helpers shared by the benchmarks (not a benchmark itself)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(make: Callable[[], object], run: Callable[[object], object], repeats: int) -> float:
    """Best wall time of ``run(make())`` over ``repeats`` fresh objects (seconds)."""
    times = []
    for _ in range(repeats):
        subject = make()
        started = time.perf_counter()
        run(subject)
        times.append(time.perf_counter() - started)
    return min(times)
