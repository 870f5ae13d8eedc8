"""The whole window while the Neural network tab trains: timer wake-ups, frames, stalls.

All four tabs are built and given their demos (the descent tab's three descents,
left paused, the formula boxes, the network's "recommended" preset), then the
network tab trains live for ``SECONDS`` s, ``ROUNDS`` times.  Measured on the GUI thread:

- timer events per second delivered to the GUI thread (every QTimer of every
  object, the probe's own ticks taken out): each one wakes the thread;
- frames per second: network snapshots that reached the tab;
- epochs per second the tab saw, and stalls of a 10 ms probe timer (the gap
  between its ticks minus 10 ms: p99 and max).

Run it on two versions of the code to compare them:
``PYTHONPATH=/path/to/checkout python -m bench.frame_clock``.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECONDS = 3.0
ROUNDS = 3
TICK_MS = 10


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _wait(app, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)


def _window(app):
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow, tab_keys

    ini = os.path.join(tempfile.mkdtemp(), "bench.ini")
    window = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat),
                        start_tab="network")  # fmt: skip
    window.resize(1360, 860)
    window.show()
    for index, key in enumerate(tab_keys()):
        window.tabs.setCurrentIndex(index)
        _wait(app, 0.5)
        window.tab(key).start_demo()
    _wait(app, 3.0)  # the descent tab's analysis and first steps, the typesetting
    descent = window.tab("descent")
    if descent.run_worker.is_running:  # left paused, as a student leaves a run to look
        descent.play_pause()
    window.tabs.setCurrentIndex(tab_keys().index("network"))
    _wait(app, 0.5)
    return window


def _round(app, tab) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Count(QObject):
        timer_events = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Timer:
                Count.timer_events += 1
            return False

    counter = Count()
    app.installEventFilter(counter)
    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(TICK_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    frames: list[tuple[float, int]] = []

    def arrived(snapshot):
        frames.append((time.perf_counter(), snapshot.training.epoch))

    tab.worker.snapshot.connect(arrived)
    tab.play()
    probe.start()
    started = time.perf_counter()
    _wait(app, SECONDS)
    elapsed = time.perf_counter() - started
    probe.stop()
    tab.pause()
    tab.worker.snapshot.disconnect(arrived)
    app.removeEventFilter(counter)
    (t0, e0), (t1, e1) = frames[0], frames[-1]
    stalls = [max(0.0, (b - a) * 1e3 - TICK_MS) for a, b in itertools.pairwise(ticks)]
    return {
        "timer_events_per_s": (Count.timer_events - len(ticks)) / elapsed,
        "frames_per_s": len(frames) / elapsed,
        "epochs_per_s": (e1 - e0) / (t1 - t0),
        "stall_p99_ms": _percentile(stalls, 0.99),
        "stall_max_ms": max(stalls),
    }


def main() -> dict[str, float]:
    from gui.app import create_application

    app = create_application()
    window = _window(app)
    tab = window.tab("network")
    rounds = [_round(app, tab) for _ in range(ROUNDS)]
    window.close()
    load = os.getloadavg()[0]
    figures = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    print(f"load average (1 min) {load:.2f} on {os.cpu_count()} cores; medians of {ROUNDS} "
          f"rounds of {SECONDS:g} s (min–max)")
    for name, value in figures.items():
        values = [r[name] for r in rounds]
        print(f"{name:22s} {value:10.1f}   ({min(values):.1f}–{max(values):.1f})")
    figures["load_1min"] = load
    return figures


if __name__ == "__main__":
    main()
