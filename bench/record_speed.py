"""Record: how long a 10-second 1280 × 720 video takes, and what it costs the live view.

Measured on the Neural network tab (default preset, as fast as possible, no
stop), offscreen, alternated ``ROUNDS`` times so a slow spell of the shared
machine hits every side:

- the live tab training alone for ``LIVE_S`` s before and after each recording:
  epochs per second counted from the snapshots that reach the window (the
  baseline is the mean of the two, so a change of the machine's load during
  the round hits both sides);
- a ``SECONDS`` s, ``FPS`` frames/s, 1280 × 720 recording of ``EPOCHS`` epochs,
  as GIF and as MP4 (when imageio-ffmpeg is installed), drawn by the recorder
  process (``gui/record/child.py``) while the live tab goes on training: the
  recording's wall time over the video's own ``SECONDS`` s
  (target ≤ 2×), and the live epochs per second meanwhile over the baseline of
  the same round (target ≥ 0.8×).

Run: ``python -m bench.record_speed``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECONDS, FPS, EPOCHS = 10, 30, 3000
LIVE_S = 3.0
ROUNDS = 3
TARGETS = {"record_over_video": 2.0, "live_ratio": 0.8}


def _tab(app):
    from gui.tabs.network import NetworkTab

    tab = NetworkTab()
    tab.resize(1360, 800)
    tab.show()
    tab.ui.transport.speed.setCurrentIndex(0)  # as fast as possible
    controls = tab.ui.controls
    controls.max_epochs.setValue(controls.max_epochs.maximum())
    app.processEvents()
    return tab


class _Epochs:
    """Epochs per second of the live tab, from the snapshots that reach the window."""

    def __init__(self, tab) -> None:
        self.arrivals: list[tuple[float, int]] = []
        tab.worker.snapshot.connect(
            lambda s: self.arrivals.append((time.perf_counter(), s.training.epoch)))

    def rate_since(self, index: int) -> float:
        (t0, e0), (t1, e1) = self.arrivals[index], self.arrivals[-1]
        return (e1 - e0) / (t1 - t0)


def _wait(app, condition, seconds: float = 600.0) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the benchmark waited too long")
        app.processEvents()
        time.sleep(0.001)


def _live_alone(app, epochs: _Epochs) -> float:
    first = len(epochs.arrivals)
    ends = time.perf_counter() + LIVE_S
    _wait(app, lambda: time.perf_counter() >= ends)
    return epochs.rate_since(first)


def _record(app, tab, fmt: str, folder: Path, epochs: _Epochs) -> tuple[float, float]:
    """(wall seconds of one recording, live epochs/s meanwhile)."""
    from gui.record.network import open_network_recorder

    dialog = open_network_recorder(tab)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.size_choice.setCurrentIndex(0)  # 1280 × 720
    dialog.fps.setValue(FPS)
    dialog.seconds.setValue(SECONDS)
    dialog.units.setValue(EPOCHS)
    first = len(epochs.arrivals)
    started = time.perf_counter()
    if not dialog.record_to(str(folder / f"run.{'png' if fmt == 'apng' else fmt}")):
        raise RuntimeError(dialog.message.text())
    _wait(app, lambda: dialog.recording.finished)
    elapsed = time.perf_counter() - started
    rate = epochs.rate_since(first)
    dialog.close()
    return elapsed, rate


def main() -> dict[str, float]:
    from gui.app import create_application
    from gui.record.encoders import mp4_problem

    app = create_application()
    tab = _tab(app)
    epochs = _Epochs(tab)
    formats = ["gif"] + ([] if mp4_problem() else ["mp4"])
    times: dict[str, list[float]] = {fmt: [] for fmt in formats}
    ratios: dict[str, list[float]] = {fmt: [] for fmt in formats}
    tab.play()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(ROUNDS):
            for fmt in formats:
                before = _live_alone(app, epochs)
                elapsed, rate = _record(app, tab, fmt, Path(folder), epochs)
                after = _live_alone(app, epochs)
                times[fmt].append(elapsed)
                ratios[fmt].append(rate / ((before + after) / 2))
                print(f"  {fmt}: alone {before:.0f} / {after:.0f} epochs/s, while recording "
                      f"{rate:.0f} epochs/s; recording {elapsed:.1f} s "
                      f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    tab.pause()
    tab.shutdown()
    tab.close()
    figures: dict[str, float] = {}
    for fmt in formats:
        figures[f"record_s[{fmt}]"] = statistics.median(times[fmt])
        figures[f"record_over_video[{fmt}]"] = statistics.median(times[fmt]) / SECONDS
        figures[f"live_ratio[{fmt}]"] = statistics.median(ratios[fmt])
    for name, value in figures.items():
        print(f"{name:30s} {value:10.3f}")
    for fmt in formats:
        over = figures[f"record_over_video[{fmt}]"] <= TARGETS["record_over_video"]
        live = figures[f"live_ratio[{fmt}]"] >= TARGETS["live_ratio"]
        print(f"{fmt}: recording {'within' if over else 'OVER'} {TARGETS['record_over_video']}× "
              f"the video; live view {'within' if live else 'UNDER'} "
              f"{TARGETS['live_ratio']}× its epochs/s")
    if "mp4" not in formats:
        print(f"MP4 not measured: {mp4_problem()}")
    print(f"({SECONDS} s at {FPS} frames/s = {SECONDS * FPS} frames of 1280 × 720; "
          "2 cores shared with other work: expect noise)")
    return figures


if __name__ == "__main__":
    main()
