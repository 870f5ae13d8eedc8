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
  the same round (target ≥ 0.8×);
- the recorder's own CPU seconds (the recorder process and its ffmpeg, from the
  rusage of children once it has been joined): what the recording costs
  whatever the machine's load, including the process's start (about 1.5 s),
  which happens while the Record dialog is open, before Record is pressed
  (the recording's time is counted from the press);
- each at the recorder's niceness 19 (the default, ``gui/record/child.py``) and,
  for MP4, at 15: the trade of the live view's speed against the recording's time.

Load from other work on the machine is printed with every round (the live tab
alone varies 2–3× between consecutive 3-second windows when it is loaded).

Run: ``python -m bench.record_speed``.
"""

from __future__ import annotations

import functools
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECONDS, FPS, EPOCHS = 10, 30, 3000
LIVE_S = 3.0
ROUNDS = 3
#: (format, recorder niceness) measured each round, in this order
VARIANTS = (("mp4", 19), ("mp4", 15), ("gif", 19))
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _record(app, tab, fmt: str, nice: int, folder: Path,
            epochs: _Epochs) -> tuple[float, float, float]:
    """(wall seconds of one recording, live epochs/s meanwhile, the recorder's CPU seconds)."""
    from gui.record import dialog as dialog_module
    from gui.record.child import RecordPlan
    from gui.record.network import open_network_recorder
    from gui.record.recorder import spare_recorder

    dialog = open_network_recorder(tab)
    # as a person choosing the format and the file would: Record is pressed once the
    # recorder process the dialog started has readied itself
    spare = spare_recorder()
    _wait(app, spare.is_ready)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.size_choice.setCurrentIndex(0)  # 1280 × 720
    dialog.fps.setValue(FPS)
    dialog.seconds.setValue(SECONDS)
    dialog.units.setValue(EPOCHS)
    first = len(epochs.arrivals)
    cpu = _children_cpu()
    dialog_module.RecordPlan = functools.partial(RecordPlan, nice=nice)
    try:
        started = time.perf_counter()
        if not dialog.record_to(str(folder / f"run.{'png' if fmt == 'apng' else fmt}")):
            raise RuntimeError(dialog.message.text())
    finally:
        dialog_module.RecordPlan = RecordPlan
    _wait(app, lambda: dialog.recording.finished)
    elapsed = time.perf_counter() - started
    rate = epochs.rate_since(first)
    dialog.close()  # joins the recorder: its CPU is in the children's rusage from here
    return elapsed, rate, _children_cpu() - cpu


def main() -> dict[str, float]:
    from gui.app import create_application
    from gui.record.encoders import mp4_problem

    app = create_application()
    tab = _tab(app)
    epochs = _Epochs(tab)
    variants = [(fmt, nice) for fmt, nice in VARIANTS if fmt != "mp4" or not mp4_problem()]
    names = [f"{fmt},nice{nice}" for fmt, nice in variants]
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    tab.play()
    _wait(app, lambda: len(epochs.arrivals) > 2)  # the trainer process has started
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(ROUNDS):
            for name, (fmt, nice) in zip(names, variants, strict=True):
                load = os.getloadavg()[0]
                before = _live_alone(app, epochs)
                elapsed, rate, cpu = _record(app, tab, fmt, nice, Path(folder), epochs)
                after = _live_alone(app, epochs)
                times[name].append(elapsed)
                ratios[name].append(rate / ((before + after) / 2))
                cpus[name].append(cpu)
                print(f"  {name}: alone {before:.0f} / {after:.0f} epochs/s, while recording "
                      f"{rate:.0f} epochs/s; recording {elapsed:.1f} s, recorder CPU "
                      f"{cpu:.1f} s (load average {load:.1f} → {os.getloadavg()[0]:.1f})",
                      flush=True)
    tab.pause()
    tab.shutdown()
    tab.close()
    figures: dict[str, float] = {}
    for name in names:
        figures[f"record_s[{name}]"] = statistics.median(times[name])
        figures[f"record_over_video[{name}]"] = statistics.median(times[name]) / SECONDS
        figures[f"live_ratio[{name}]"] = statistics.median(ratios[name])
        figures[f"recorder_cpu_s[{name}]"] = statistics.median(cpus[name])
    for key, value in figures.items():
        print(f"{key:34s} {value:10.3f}")
    for name in names:
        over = figures[f"record_over_video[{name}]"] <= TARGETS["record_over_video"]
        live = figures[f"live_ratio[{name}]"] >= TARGETS["live_ratio"]
        print(f"{name}: recording {'within' if over else 'OVER'} "
              f"{TARGETS['record_over_video']}× the video; live view "
              f"{'within' if live else 'UNDER'} {TARGETS['live_ratio']}× its epochs/s")
    if len(variants) < len(VARIANTS):
        print(f"MP4 not measured: {mp4_problem()}")
    print(f"({SECONDS} s at {FPS} frames/s = {SECONDS * FPS} frames of 1280 × 720; "
          "2 cores shared with other work: expect noise)")
    return figures


if __name__ == "__main__":
    main()
