"""The thread worker (gui.worker.Worker) driving engine jobs: speed, frames and stalls.

Two jobs, each driven for ``SECONDS`` s by a thread :class:`gui.worker.Worker` in an
offscreen application, alternated ``ROUNDS`` times with the same kind of job stepped
in a plain loop in this process for as long (the reference, chunks of ``CHUNK``):

- ``descent``: a :class:`engine.descent.run.DescentRun` on Rosenbrock, gradient
  descent, momentum and Adam from ``STARTS`` starts each, α small enough that none
  stops (its ``step(n)`` hands back a snapshot: the descent tab's race);
- ``xor``: the Neural network tab's default XOR network as a
  :class:`engine.network.live_run.LiveRun` (units with ``advance(n)``, a snapshot
  only for a frame: training where no trainer process can run).

Figures per job: units per second live over headless (median and min–max of the
rounds; the thread shares the GIL with the window, so < 1), snapshots reaching the
window per second, and stalls of a 10 ms GUI timer (gap minus 10 ms: p99 and max).
Compare two versions of the code by running it on each, alternately:
``PYTHONPATH=/path/to/checkout python -m bench.thread_worker``.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECONDS = 2.0
ROUNDS = 5
TICK_MS = 10
CHUNK = 50
STARTS = 20


def _descent():
    import numpy as np

    from engine.descent.optimizers import Adam, GradientDescent, Momentum
    from engine.descent.run import DescentRun
    from engine.descent.surfaces import surface

    optimizers = [GradientDescent(alpha=1e-5), Momentum(alpha=1e-6), Adam(alpha=1e-5)]
    run = DescentRun(surface("rosenbrock"), optimizers, eps=1e-12, max_steps=10**9)
    run.add_starts(np.random.default_rng(0).uniform((-2.0, -1.0), (2.0, 3.0), (STARTS, 2)))
    return run


def _xor():
    from engine.network.live_run import LiveRun
    from gui.tabs.network.build import build_network, build_run, load_dataset
    from gui.tabs.network.settings import default_settings

    settings = default_settings()
    dataset = load_dataset(settings)
    run = build_run(settings, dataset, build_network(settings, dataset))
    run.max_epochs = 10**12
    return LiveRun(run)


JOBS = {"descent": (_descent, lambda job: job.t), "xor": (_xor, lambda job: job.run.epoch)}


def _headless(job, units, seconds: float) -> float:
    step = job.advance if hasattr(job, "advance") else job.step
    first, started = units(job), time.perf_counter()
    while time.perf_counter() - started < seconds:
        step(CHUNK)
    return (units(job) - first) / (time.perf_counter() - started)


def _live(job, units, seconds: float, worker_class=None) -> tuple[float, float, list[float]]:
    """(units/s, snapshots/s, the probe timer's stalls in ms) of ``job`` on a Worker
    (or on a ``worker_class`` with its API: another version of it, say)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.worker import Worker

    worker = (worker_class or Worker)()
    ticks: list[float] = []
    frames: list[float] = []
    probe = QTimer()
    probe.setInterval(TICK_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    worker.snapshot.connect(lambda _s: frames.append(time.perf_counter()))
    loop = QEventLoop()
    first, started = units(job), time.perf_counter()
    worker.start(job)
    probe.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    probe.stop()
    elapsed, done = time.perf_counter() - started, units(job) - first
    worker.shutdown()
    stalls = [max(0.0, (b - a) * 1e3 - TICK_MS) for a, b in itertools.pairwise(ticks)]
    return done / elapsed, len(frames) / elapsed, stalls


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> dict[str, float]:
    from gui.app import create_application

    create_application()
    figures: dict[str, float] = {}
    for name, (make, units) in JOBS.items():
        ratios, fps, stalls = [], [], []
        for _ in range(ROUNDS):  # alternate, so a slow spell of the machine hits both sides
            reference = _headless(make(), units, SECONDS)
            rate, frames, round_stalls = _live(make(), units, SECONDS)
            ratios.append(rate / reference)
            fps.append(frames)
            stalls += round_stalls
        figures.update({
            f"{name}_live_over_headless": statistics.median(ratios),
            f"{name}_live_over_headless_min": min(ratios),
            f"{name}_live_over_headless_max": max(ratios),
            f"{name}_frames_per_s": statistics.median(fps),
            f"{name}_stall_p99_ms": _percentile(stalls, 0.99),
            f"{name}_stall_max_ms": max(stalls, default=0.0),
        })
    for key, value in figures.items():
        print(f"{key:40s} {value:10.3f}")
    print(f"(load average {os.getloadavg()[0]:.2f})")
    return figures


if __name__ == "__main__":
    main()
