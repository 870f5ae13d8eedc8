"""Start-up time to the first painted window, against a bare Qt window.

Each sample is a cold start of a fresh interpreter that prints the seconds from
process start to the first paint of its window.  The baseline is a bare
``QApplication`` + empty ``QMainWindow``, measured in the same run.
Run: ``python -m bench.startup``.
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
            obj.removeEventFilter(self)
            if self.quit_after:
                QTimer.singleShot(0, QApplication.instance().quit)
        return False


def _ready(page):
    print("ready", flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)


if {full!r}:
    from gui.app import create_application
    from gui.main_window import MainWindow
    from PySide6.QtCore import QSettings
    app = create_application()
    window = MainWindow(settings=QSettings({ini!r}, QSettings.Format.IniFormat),
                        start_tab={tab!r})
    window.pages[window.tabs.currentIndex()].built.connect(_ready)
else:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
window.resize(1360, 860)
probe = _FirstPaint(quit_after=not {full!r})
window.installEventFilter(probe)
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


def main() -> dict[str, float]:
    import tempfile

    ini = str(Path(tempfile.mkdtemp()) / "bench-settings.ini")
    _cold_start(False, ini)  # warm the file cache once, for both
    baseline = statistics.median(_cold_start(False, ini)[0] for _ in range(RUNS))
    result: dict[str, float] = {"baseline_s": baseline}
    print(f"bare QApplication + QMainWindow, first paint: {baseline:.3f} s (median of {RUNS})")
    for tab in ("vectors", "derivatives", "descent", "network"):
        runs = [_cold_start(True, ini, tab) for _ in range(RUNS)]
        painted = statistics.median(r[0] for r in runs)
        ready = statistics.median(r[1] for r in runs)
        result[f"{tab}_paint_s"], result[f"{tab}_ready_s"] = painted, ready
        result[f"{tab}_paint_ratio"] = painted / baseline
        print(f"Gradient Lab opening on {tab}: first paint {painted:.3f} s "
              f"({painted / baseline:.2f}x baseline), tab ready {ready:.3f} s "
              f"({ready / baseline:.2f}x)   targets: <= 1.5 s, <= 3x")
    return result


if __name__ == "__main__":
    main()
