"""Live training stays as fast after 5 million epochs as in its first seconds (issue 16).

The Neural network tab's default preset (2-4-1 on the XOR truth table, as fast
as possible, no stop) trains live, offscreen, in its trainer process:

- epochs per second reaching the window over the first ``WINDOW_S`` s after Play;
- then it trains on until the run has passed ``LONG_EPOCHS`` epochs;
- epochs per second over another ``WINDOW_S`` s from there.

That late/early ratio (target ≥ 0.95x) spans minutes of a shared machine's
changing load, so the figure is taken a second way, in the same turns: a second
tab starts a fresh run, and the fresh and the long run train live in turns of
``TURN_S`` s, ``ROUNDS`` times; the median of long/fresh is the figure less the
load's drift.  The load average is printed with each window.
Run: ``python -m bench.live_long``.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.network_gui import _live, _tab, _wait

WINDOW_S = 10.0
TURN_S = 5.0
ROUNDS = 3
LONG_EPOCHS = 5_000_000
LONG_TIMEOUT_S = 1800.0
TARGET = 0.95


def _epoch(tab) -> int:
    latest = tab.latest
    return 0 if latest is None else latest.training.epoch


def main() -> dict[str, float]:
    from gui.app import create_application

    app = create_application()
    long_run = _tab(app)
    load_early = os.getloadavg()[0]
    early, *_ = _live(app, long_run, WINDOW_S)
    started = time.perf_counter()
    long_run.play()
    if not _wait(lambda: _epoch(long_run) >= LONG_EPOCHS, LONG_TIMEOUT_S):
        raise RuntimeError(f"the run reached only {_epoch(long_run)} epochs in "
                           f"{LONG_TIMEOUT_S:g} s")  # fmt: skip
    long_run.pause()
    long_s = time.perf_counter() - started
    reached = _epoch(long_run)
    load_late = os.getloadavg()[0]
    late, *_ = _live(app, long_run, WINDOW_S)
    fresh = _tab(app)
    turns = []
    for _ in range(ROUNDS):  # in turns, so the load's drift hits both
        fresh_rate, *_ = _live(app, fresh, TURN_S)
        long_rate, *_ = _live(app, long_run, TURN_S)
        turns.append(long_rate / fresh_rate)
    load_turns = os.getloadavg()[0]
    for tab in (long_run, fresh):
        tab.shutdown()
        tab.close()
    figures = {
        "early_epochs_per_s": early, "late_epochs_per_s": late, "late_over_early": late / early,
        "long_over_fresh": statistics.median(turns), "long_over_fresh_min": min(turns),
        "long_over_fresh_max": max(turns), "epochs_before_late_window": reached,
        "seconds_to_reach_them": long_s, "fresh_epochs_at_end": _epoch(fresh),
        "load_early": load_early, "load_late": load_late, "load_turns": load_turns,
    }  # fmt: skip
    for name, value in figures.items():
        print(f"{name:32s} {value:14.3f}")
    for name in ("late_over_early", "long_over_fresh"):
        verdict = "within" if figures[name] >= TARGET else "UNDER"
        print(f"{name}: {verdict} target {TARGET}")
    print(f"(load average {load_early:.2f} at the first window, {load_late:.2f} at the last, "
          f"{load_turns:.2f} after the turns, on {os.cpu_count()} shared cores)")
    return figures


if __name__ == "__main__":
    main()
