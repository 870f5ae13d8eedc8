"""4,096 XOR networks trained at once, alone and beside a busy process (issue 16).

One TrainingRun of the "notes" preset (2-2-1 sigmoid, cross-entropy, η = 1,
full batch) with K = 4,096 networks runs ``EPOCHS`` epochs; its speed in
network-epochs per second is measured with the machine as it is ("idle"),
then with one more process spinning on a core ("busy"), alternately for
``ROUNDS`` rounds so both see the same load.  The figure is the busy round's
time over the idle round's (target: at most 1.5x), median and min–max, with
NumPy's BLAS threads as they come (a script) and limited to one (as the
trainer process runs, gui/job_loop.py).  A control takes the same alternating
turns: the plain NumPy loop of one XOR network (bench.reference), single-threaded
work that no BLAS setting touches; its busy/idle ratio is what the machine
does to any one thread when a process spins beside it (on this 2-vCPU machine
under other work, about 2x), and ``*_over_control`` divides that out.

The machine has 2 cores shared with other work: the load average is printed
with each figure.  Run: ``python -m bench.many_networks``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from threadpoolctl import threadpool_limits

from bench.reference import _xor_reference
from engine.network.datasets import xor
from engine.network.presets import PRESETS

NETWORKS = 4096
EPOCHS = 100
ROUNDS = 5
CONTROL_EPOCHS = 4000
TARGET = 1.5
SPIN = "while True: pass"


def _run():
    data = xor()
    return PRESETS["notes"].run(data.X_train, data.y_train, seed=0, n_networks=NETWORKS,
                                max_epochs=10**9)  # fmt: skip


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _busy_seconds(work: Callable[[], object]) -> float:
    """``_seconds`` with one more process spinning on a core meanwhile."""
    spinner = subprocess.Popen([sys.executable, "-c", SPIN])
    try:
        time.sleep(0.2)  # let it start spinning
        return _seconds(work)
    finally:
        spinner.kill()
        spinner.wait()


def _rounds(work: Callable[[], object]) -> tuple[list[float], list[float]]:
    _seconds(work)  # warm-up: workspaces, the first epoch's limits
    idle, busy = [], []
    for _ in range(ROUNDS):
        idle.append(_seconds(work))
        busy.append(_busy_seconds(work))
    return idle, busy


def _control() -> tuple[float, float, float]:
    """busy/idle of the plain single-network loop: median, min, max."""
    idle, busy = _rounds(lambda: _xor_reference(CONTROL_EPOCHS))
    ratios = [b / i for i, b in zip(idle, busy, strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


def main() -> dict[str, float]:
    result: dict[str, float] = {}
    print(f"{NETWORKS} XOR networks, {EPOCHS} epochs a round, {ROUNDS} alternating rounds")
    for label, threads in (("blas_default", None), ("blas_1", 1)):
        load = os.getloadavg()[0]
        run = _run()
        with threadpool_limits(limits=threads, user_api="blas"):
            idle, busy = _rounds(lambda run=run: run.run_epochs(EPOCHS))
        ratios = [b / i for i, b in zip(idle, busy, strict=True)]
        rate = NETWORKS * EPOCHS / statistics.median(idle)
        busy_rate = NETWORKS * EPOCHS / statistics.median(busy)
        ratio = statistics.median(ratios)
        result.update({f"{label}_idle_M_net_epochs_per_s": rate / 1e6,
                       f"{label}_busy_M_net_epochs_per_s": busy_rate / 1e6,
                       f"{label}_busy_over_idle": ratio,
                       f"{label}_min": min(ratios), f"{label}_max": max(ratios),
                       f"{label}_load_1min": load})  # fmt: skip
        verdict = "within" if ratio <= TARGET else "OVER"
        print(f"BLAS threads {threads or 'default'}: idle {rate / 1e6:.2f}M, busy "
              f"{busy_rate / 1e6:.2f}M net-epochs/s; busy time / idle time {ratio:.2f}x "
              f"({min(ratios):.2f}–{max(ratios):.2f}), {verdict} target {TARGET}x "
              f"(load average {load:.2f} on {os.cpu_count()} cores)")
    load = os.getloadavg()[0]
    ratio, low, high = _control()
    result.update({"control_busy_over_idle": ratio, "control_min": low, "control_max": high,
                   "control_load_1min": load})  # fmt: skip
    print(f"control, the plain NumPy loop of one XOR network: busy time / idle time "
          f"{ratio:.2f}x ({low:.2f}–{high:.2f}) (load average {load:.2f})")
    for label in ("blas_default", "blas_1"):
        relative = result[f"{label}_busy_over_idle"] / ratio
        result[f"{label}_over_control"] = relative
        print(f"{label}: the engine's busy/idle over the control's: {relative:.2f}x "
              f"(1.0: the spinning process slows the engine no more than any one thread)")
    return result


if __name__ == "__main__":
    main()
