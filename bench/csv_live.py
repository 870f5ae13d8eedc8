"""Live training on a 100,000-row CSV, 2-64-64-1: frames, speed, stalls, trainer memory (issue 16).

The Neural network tab opens a 100,000-row CSV of two features (written here:
label = [x₀x₁ > 0]) and trains a 2-64-64-1 network on it live, as fast as
possible, in its trainer process (the tab's other settings as they come:
25 % test rows), in each of ``CASES``: as the tab starts it (a full pass this costly
trains on mini-batches of 128, engine.network.presets.LARGE_DATA: the run is
driven update by update and frames come part-way through epochs), full batch
(what a user may pick: one update per epoch, so at most one frame per epoch) and
mini-batches of 16 (the per-frame costs against the smallest work per update).
Measured,
alternating ``ROUNDS`` times with the same TrainingRun driven headless in this
process for as long:

- frames per second: snapshots that reached the tab (target ≥ 15);
- live/headless epochs per second (target ≥ 0.7x; live epochs counted with the
  share of the epoch in progress, from the snapshots), and ``cpu_ratio``: the
  trainer process's epochs per CPU second live over the headless loop's (what the
  live view costs the trainer itself, whatever share of a busy machine either
  got); headless both in this
  process (NumPy's BLAS threads as they come) and in a process niced and
  BLAS-limited as the trainer is (bench._headless: under load, the fair one);
- GUI event-loop stalls: a 10 ms QTimer's gaps minus 10 ms (target: none over 50 ms);
- then, on the mini-batches the tab starts with, it trains on for ``MEMORY_S`` s while the
  trainer process's resident memory is read each second: the growth from the end
  of the first minute to the end (target: flat, under ``FLAT_MIB``).

The load average is printed with each figure (2 shared cores: expect noise).
Run: ``python -m bench.csv_live`` (``--quick``: no memory run).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench._headless import trainer_like_rate
from bench.network_gui import (
    _baseline_rate,
    _baseline_run,
    _live,
    _percentile,
    _tab,
    _trainer_cpu_s,
    _wait,
)
from engine.network.presets import LARGE_DATA

ROWS = 100_000
LAYERS = "2-64-64-1"
SECONDS = 5.0
ROUNDS = 3
MEMORY_S = 120.0
FIRST_MINUTE_S = 60.0
FLAT_MIB = 10.0
TARGETS = {"frames_per_s": 15.0, "ratio": 0.7, "ratio_to_trainer_like": 0.7,
           "stall_max_ms": 50.0}
#: label → the tab's "Updates" and batch size (None: as the tab starts for this CSV)
CASES = {"as the tab starts (mini-batch 128)": None, "full batch": ("full", None),
         "mini-batch 16": ("mini", 16)}
MEMORY_CASE = "as the tab starts (mini-batch 128)"


def write_csv(path: Path, rows: int = ROWS) -> Path:
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(rows, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    lines = [f"{a:.6f},{b:.6f},{label}" for (a, b), label in zip(X, y, strict=True)]
    path.write_text("x0,x1,label\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _csv_tab(app, path: Path):
    tab = _tab(app)
    tab.ui.controls.use_csv(str(path))
    if not _wait(lambda: tab.settings.csv_path == str(path) and tab.model.dataset is not None
                 and len(tab.model.dataset.y_train) > 1000, 300.0):  # fmt: skip
        raise RuntimeError("the CSV did not load")
    controls = tab.ui.controls
    controls.layers.setText(LAYERS)
    controls.layers.editingFinished.emit()
    controls.max_epochs.setValue(controls.max_epochs.maximum())
    app.processEvents()
    if tuple(tab.settings.layers) != (2, 64, 64, 1):
        raise RuntimeError(f"layers are {tab.settings.layers}, not {LAYERS}")
    return tab


def _use_updates(app, tab, updates: tuple[str, int | None] | None) -> None:
    """The tab's "Updates" box (and batch size) set, run rebuilt; None: as the tab chose."""
    if updates is None:
        if (tab.settings.batch_mode, tab.settings.batch_size) != ("mini", LARGE_DATA.batch_size):
            raise RuntimeError(f"the tab starts this CSV on {tab.settings.batch_mode} updates")
        return
    mode, size = updates
    controls = tab.ui.controls
    if size is not None:
        controls.batch_size.setValue(size)
    box = controls.batch_mode
    box.setCurrentIndex(box.findData(mode))
    box.activated.emit(box.currentIndex())
    if not _wait(lambda: tab.settings.batch_mode == mode and tab.latest is not None
                 and not tab.model.starting
                 and (size is None or tab.settings.batch_size == size), 300.0):  # fmt: skip
        raise RuntimeError(f"the run with updates {updates!r} did not start")


def _frames(app, tab, seconds: float) -> tuple[float, float, float, float, list[float]]:
    """(frames/s, epochs/s, epochs per trainer CPU second, the window's CPU ms per frame,
    stalls) of ``seconds`` of live training; the epochs counted with the share of the
    epoch in progress each snapshot shows."""
    arrivals: list[tuple[float, float, float, float]] = []

    def arrived(snapshot) -> None:
        t = snapshot.training
        arrivals.append((time.perf_counter(), t.epoch + t.batch / t.batches_per_epoch,
                         _trainer_cpu_s(tab), time.process_time()))

    tab.worker.snapshot.connect(arrived)
    _, stalls, *_ = _live(app, tab, seconds)
    tab.worker.snapshot.disconnect(arrived)
    # from the first snapshot after Play (the paused run's last frame comes before it)
    played = [a for a in arrivals if a[1] > arrivals[0][1]] or arrivals
    (started, first, cpu_first, gui_first), (ended, last, cpu_last, gui_last) = (
        played[0], played[-1])
    span = ended - started if len(played) > 1 else float("inf")
    per_cpu = (last - first) / (cpu_last - cpu_first) if cpu_last > cpu_first else float("nan")
    window_ms = 1e3 * (gui_last - gui_first) / max(1, len(played) - 1)
    return (len(played) - 1) / span, (last - first) / span, per_cpu, window_ms, stalls


def _memory(app, tab) -> tuple[float, float, float]:
    """Trainer RSS (MiB) at the start, after the first minute and at the end of ``MEMORY_S``."""
    pid = tab.worker._trainer.process.pid
    samples: list[tuple[float, float]] = []
    started = time.perf_counter()
    tab.play()
    while time.perf_counter() - started < MEMORY_S:
        _wait(lambda: False, 1.0)
        samples.append((time.perf_counter() - started, _rss_mib(pid)))
    tab.pause()
    after_minute = next(rss for t, rss in samples if t >= FIRST_MINUTE_S)
    return samples[0][1], after_minute, samples[-1][1]


def _case(app, tab, label: str) -> dict[str, float]:
    """Frames, live/headless and stalls of ``tab``'s run, alternated ``ROUNDS`` times."""
    baseline = _baseline_run(tab.settings)
    frames, ratios, rates, matched, per_cpu, window, stalls = [], [], [], [], [], [], []
    load = os.getloadavg()[0]
    for _ in range(ROUNDS):
        rates.append(_baseline_rate(baseline, SECONDS, chunk=1))  # an epoch is ~0.1 s
        fps, live_rate, live_per_cpu, window_ms, round_stalls = _frames(app, tab, SECONDS)
        window.append(window_ms)
        headless, headless_per_cpu = trainer_like_rate(baseline, SECONDS, chunk=1)
        matched.append(live_rate / headless)
        per_cpu.append(live_per_cpu / headless_per_cpu)
        frames.append(fps)
        ratios.append(live_rate / rates[-1])
        stalls += round_stalls
    figures = {
        "frames_per_s": statistics.median(frames), "frames_min": min(frames),
        "frames_max": max(frames), "units_per_epoch": tab.latest.units_per_epoch,
        "baseline_epochs_per_s": statistics.median(rates), "ratio": statistics.median(ratios),
        "ratio_min": min(ratios), "ratio_max": max(ratios),
        "ratio_to_trainer_like": statistics.median(matched),
        "ratio_to_trainer_like_min": min(matched), "ratio_to_trainer_like_max": max(matched),
        "cpu_ratio": statistics.median(per_cpu), "cpu_ratio_min": min(per_cpu),
        "cpu_ratio_max": max(per_cpu), "window_cpu_ms_per_frame": statistics.median(window),
        "stall_p99_ms": _percentile(stalls, 0.99), "stall_max_ms": max(stalls),
        "load_1min": load, "load_1min_after": os.getloadavg()[0],
    }  # fmt: skip
    print(f"-- {label}")
    for name, value in figures.items():
        print(f"{name:34s} {value:12.3f}")
    verdicts = {
        "frames_per_s": figures["frames_per_s"] >= TARGETS["frames_per_s"],
        "ratio": figures["ratio"] >= TARGETS["ratio"],
        "ratio_to_trainer_like": figures["ratio_to_trainer_like"] >= TARGETS["ratio"],
        "stall_max_ms": figures["stall_max_ms"] <= TARGETS["stall_max_ms"],
    }
    for name, ok in verdicts.items():
        print(f"{label}: {name}: {'within' if ok else 'OUTSIDE'} target {TARGETS[name]}")
    return {f"{name}[{label}]": value for name, value in figures.items()}


def main(memory: bool = True) -> dict[str, float]:
    from gui.app import create_application

    app = create_application()
    folder = Path(tempfile.mkdtemp())
    tab = _csv_tab(app, write_csv(folder / "rows100k.csv"))
    figures: dict[str, float] = {}
    for label, updates in CASES.items():
        _use_updates(app, tab, updates)
        figures.update(_case(app, tab, label))
    if memory:
        _use_updates(app, tab, ("mini", LARGE_DATA.batch_size))
        memory_load = os.getloadavg()[0]
        rss_start, rss_minute, rss_end = _memory(app, tab)
        figures.update({
            "trainer_rss_start_mib": rss_start, "trainer_rss_1min_mib": rss_minute,
            "trainer_rss_end_mib": rss_end, "trainer_growth_after_1min_mib": rss_end - rss_minute,
            "load_memory_1min": memory_load,
        })  # fmt: skip
        flat = figures["trainer_growth_after_1min_mib"] <= FLAT_MIB
        print(f"-- {MEMORY_CASE}, {MEMORY_S:g} s")
        for name in ("trainer_rss_start_mib", "trainer_rss_1min_mib", "trainer_rss_end_mib",
                     "trainer_growth_after_1min_mib", "load_memory_1min"):
            print(f"{name:34s} {figures[name]:12.3f}")
        print(f"trainer memory after the first minute: {'flat' if flat else 'GROWING'} "
              f"(target: under {FLAT_MIB:g} MiB more by {MEMORY_S:g} s)")
    tab.shutdown()
    tab.close()
    print(f"({os.cpu_count()} shared cores: expect noise; the load average is with each case)")
    return figures


if __name__ == "__main__":
    main(memory="--quick" not in sys.argv)
