"""Start-up time to the first painted window, against a bare PySide6 + pyqtgraph window.

Each sample is a cold start of a fresh interpreter that prints the seconds from
process start to the first paint of its window and, for Gradient Lab, to the
first tab being built and ready (the window opened as the app opens it:
``gui.app.open_window``).  The baseline (issue 16) is a bare
``QApplication`` + ``QMainWindow`` holding one pyqtgraph ``PlotWidget``,
measured in the same run, alternating with the app's starts; target: every tab
ready within 2x the baseline's first paint.  Run: ``python -m bench.startup``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

_PROBE = r"""
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstPaint(QObject):
    def __init__(self, quit_after):
        super().__init__()
        self.quit_after = quit_after

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QApplication.instance().removeEventFilter(self)
            if self.quit_after:
                QTimer.singleShot(0, QApplication.instance().quit)
        return False


def _ready(page):
    print("ready", flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)


if {full!r}:
    from gui.app import create_application, open_window
    from PySide6.QtCore import QSettings
    app = create_application()
    window = open_window({tab!r}, QSettings({ini!r}, QSettings.Format.IniFormat))
    window.pages[window.tabs.currentIndex()].built.connect(_ready)
else:
    import pyqtgraph
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(pyqtgraph.PlotWidget())
window.resize(1360, 860)
probe = _FirstPaint(quit_after=not {full!r})
app.installEventFilter(probe)  # any widget of the window: a central plot covers the window
window.show()
app.exec()
window.shutdown() if hasattr(window, "shutdown") else None
"""


def _cold_start(full: bool, ini: str, tab: str = "derivatives") -> tuple[float, float]:
    """Seconds from launching a fresh interpreter to its window's first paint,
    and to its first tab being built and ready (the same for the bare window)."""
    code = _PROBE.format(full=full, ini=ini, root=str(ROOT), tab=tab)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          env=env) as process:
        process.stdout.readline()
        painted = time.perf_counter() - started
        if full:
            process.stdout.readline()
        ready = time.perf_counter() - started
        process.wait(timeout=60)
    if process.returncode != 0:
        raise RuntimeError(f"start-up probe failed with exit code {process.returncode}")
    return painted, ready


TARGET_RATIO = 2.0


def main(runs: int = RUNS) -> dict[str, float]:
    import tempfile

    ini = str(Path(tempfile.mkdtemp()) / "bench-settings.ini")
    _cold_start(False, ini)  # warm the file cache once, for both
    tabs = ("vectors", "derivatives", "descent", "network")
    samples: dict[str, list[tuple[float, float]]] = {"baseline": [], **{t: [] for t in tabs}}
    for _ in range(runs):  # alternate, so a busy spell of the machine hits every case
        samples["baseline"].append(_cold_start(False, ini))
        for tab in tabs:
            samples[tab].append(_cold_start(True, ini, tab))
    baseline = statistics.median(r[0] for r in samples["baseline"])
    load = os.getloadavg()[0]
    result: dict[str, float] = {"baseline_s": baseline, "load_1min": load}
    print(f"load average (1 min) {load:.2f} on {os.cpu_count()} cores; medians of {runs}")
    print(f"bare QApplication + QMainWindow + pyqtgraph PlotWidget, first paint: "
          f"{baseline:.3f} s")
    for tab in tabs:
        painted = statistics.median(r[0] for r in samples[tab])
        ready = statistics.median(r[1] for r in samples[tab])
        result[f"{tab}_paint_s"], result[f"{tab}_ready_s"] = painted, ready
        result[f"{tab}_paint_ratio"] = painted / baseline
        result[f"{tab}_ready_ratio"] = ready / baseline
        print(f"Gradient Lab opening on {tab}: first paint {painted:.3f} s "
              f"({painted / baseline:.2f}x baseline), tab ready {ready:.3f} s "
              f"({ready / baseline:.2f}x)   target: ready <= {TARGET_RATIO:g}x")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)
