"""Start-up until each tab is ready (main plot painted with its content) vs a bare pyqtgraph window.

Each sample is a cold start of a fresh interpreter that prints the seconds from
process start to the first paint of its window and, for Gradient Lab, to the
start tab being shown and ready (the window opened as the app opens it:
``gui.app.open_window``).  *Shown* is the first paint of the tab's main plot
(``export_target``) after the tab is built.  *Ready* is what the user waits for:
the first paint of that plot once, for a tab that says when its first content
has arrived (a ``has_first_picture`` property: the Derivatives tab's curves of f,
f′ and f″, the Gradient descent tab's contour picture of f, the Neural network
tab's first boundary), that content is there; for the other tabs it is the same as
shown.  A first picture from the NumPy route (``engine.numeric``, drawn before SymPy
is loaded and replaced by the SymPy route's) counts: it is the same picture, checked
in tests/engine/numeric.  What
arrives later (the critical points, the typeset formulas) is not waited for.  The baseline
(issue 16) is a bare ``QApplication`` + ``QMainWindow`` holding one pyqtgraph
``PlotWidget``, measured in the same run, alternating with the app's starts;
target: every tab ready within 2x the baseline's first paint.  Each figure also has
the process's CPU time until then (all threads, ``time.process_time``) as a ratio to
the baseline's: on this shared machine it varies with the other tenants' load far
less than the wall-clock time.  Run:
``python -m bench.startup [RUNS] [--against CHECKOUT]``; ``--against`` also
measures another checkout of the app (say, main before a change) in the same
alternating rounds.
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
import time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _Paints(QObject):
    # prints "painted" at the window's first paint, "shown" at the first paint of the
    # start tab's main plot once that tab is built, "ready" at its first paint once the
    # tab (if it says so) has its content

    def __init__(self, full):
        super().__init__()
        self.full = full
        self.painted = False
        self.shown = False  # the start tab's main plot has painted (its content or not)
        self.plot = None  # the tab's main plot's view, once the tab is built
        self.tab = None

    def built(self, page):
        self.tab = page.tab
        target = self.tab.export_target()  # None: a tab without a plot (or a broken one)
        target = target.getViewWidget() if hasattr(target, "getViewWidget") else target
        self.plot = self.tab if target is None else target

    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if not self.painted:
            self.painted = True
            print("painted", flush=True)
            if not self.full:
                self._done()
        elif self.plot is not None and (obj is self.plot or self.plot.isAncestorOf(obj)):
            if not self.shown:
                self.shown = True
                print("shown", flush=True)
            # an older checkout (--against) may say ``ready`` instead
            if getattr(self.tab, "has_first_picture", getattr(self.tab, "ready", True)):
                print("ready", flush=True)
                self._done()
        return False

    def _done(self):
        # the CPU time of the process so far, all threads: less at the mercy of the
        # machine's other tenants than the wall-clock time
        print(f"cpu {{time.process_time()}}", flush=True)
        QApplication.instance().removeEventFilter(self)
        QTimer.singleShot(0, QApplication.instance().quit)


def _timeout():
    print("timeout", flush=True)
    QApplication.instance().exit(3)


probe = _Paints({full!r})
if {full!r}:
    from gui.app import create_application, open_window
    from PySide6.QtCore import QSettings
    app = create_application()
    window = open_window({tab!r}, QSettings({ini!r}, QSettings.Format.IniFormat))
    window.pages[window.tabs.currentIndex()].built.connect(probe.built)
else:
    import pyqtgraph
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(pyqtgraph.PlotWidget())
window.resize(1360, 860)
app.installEventFilter(probe)  # any widget of the window: a central plot covers the window
window.show()
QTimer.singleShot({timeout_ms}, _timeout)
code = app.exec()
window.shutdown() if hasattr(window, "shutdown") else None
sys.exit(code)
"""


TARGET_RATIO = 2.0
TABS = ("vectors", "derivatives", "descent", "network")
TIMEOUT_S = 60


def _cold_start(full: bool, ini: str, tab: str = "derivatives",
                root: Path = ROOT) -> tuple[float, float, float, float]:
    """Seconds from launching a fresh interpreter (running the checkout at ``root``) to
    its window's first paint, to its start tab being shown and to its being ready (see
    the module's docstring; all three are the first paint for the bare window), and the
    process's CPU seconds (all threads) until then."""
    code = _PROBE.format(full=full, ini=ini, root=str(root), tab=tab,
                         timeout_ms=TIMEOUT_S * 1000)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    times = {}
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          env=env) as process:
        for line in process.stdout:
            word, _, value = line.strip().partition(" ")
            times[word] = float(value) if value else time.perf_counter() - started
            if word in ("cpu", "timeout"):
                break
        process.wait(timeout=TIMEOUT_S)
    if process.returncode != 0 or "timeout" in times:
        raise RuntimeError(f"start-up probe ({tab}, {root}) failed with exit code "
                           f"{process.returncode}")
    painted = times["painted"]
    return painted, times.get("shown", painted), times.get("ready", painted), times["cpu"]


def _spread(values: list[float], baseline: float) -> str:
    """Median, min–max of ``values`` as ratios to ``baseline``."""
    return (f"{statistics.median(values) / baseline:.2f}x "
            f"({min(values) / baseline:.2f}–{max(values) / baseline:.2f})")


def main(runs: int = RUNS, against: Path | None = None,
         tabs: tuple[str, ...] = TABS) -> dict[str, float]:
    """Medians of ``runs`` alternating rounds; with ``against``, each tab of that
    checkout too (its figures are named ``against_<tab>_…``)."""
    import tempfile

    ini = str(Path(tempfile.mkdtemp()) / "bench-settings.ini")
    _cold_start(False, ini)  # warm the file cache once, for both
    cases = [("", tab, ROOT) for tab in tabs]
    if against is not None:
        cases += [("against_", tab, against) for tab in tabs]
    samples: dict[str, list[tuple[float, float, float, float]]] = {"baseline": []}
    loads = []
    for _ in range(runs):  # alternate, so a busy spell of the machine hits every case
        samples["baseline"].append(_cold_start(False, ini))
        for prefix, tab, root in cases:
            samples.setdefault(prefix + tab, []).append(_cold_start(True, ini, tab, root))
        loads.append(os.getloadavg()[0])
    bare = [r[0] for r in samples["baseline"]]
    baseline = statistics.median(bare)
    bare_cpu = [r[3] for r in samples["baseline"]]
    baseline_cpu = statistics.median(bare_cpu)
    load = statistics.median(loads)
    result: dict[str, float] = {"baseline_s": baseline, "baseline_cpu_s": baseline_cpu,
                                "load_1min": load}
    print(f"load average (1 min) {load:.2f} (median over the rounds, {min(loads):.2f}"
          f"–{max(loads):.2f}) on {os.cpu_count()} cores; medians (min–max) of {runs}")
    print(f"bare QApplication + QMainWindow + pyqtgraph PlotWidget, first paint: "
          f"{baseline:.3f} s ({min(bare):.3f}–{max(bare):.3f}), CPU {baseline_cpu:.3f} s "
          f"({min(bare_cpu):.3f}–{max(bare_cpu):.3f})")
    for prefix, tab, root in cases:
        key = prefix + tab
        for index, name in enumerate(("paint", "shown", "ready")):
            value = statistics.median(r[index] for r in samples[key])
            result[f"{key}_{name}_s"] = value
            result[f"{key}_{name}_ratio"] = value / baseline
        where = f" ({root})" if prefix else ""
        painted, shown, ready, cpu = ([r[i] for r in samples[key]] for i in range(4))
        result[f"{key}_ready_cpu_s"] = statistics.median(cpu)
        result[f"{key}_ready_cpu_ratio"] = statistics.median(cpu) / baseline_cpu
        print(f"Gradient Lab{where} on {tab}: first paint {_spread(painted, baseline)}, "
              f"tab shown {_spread(shown, baseline)}, ready {_spread(ready, baseline)} "
              f"= {statistics.median(ready):.3f} s   target: ready <= {TARGET_RATIO:g}x; "
              f"CPU to ready {_spread(cpu, baseline_cpu)}")
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("runs", nargs="?", type=int, default=RUNS)
    parser.add_argument("--against", type=Path, help="another checkout to measure too")
    parser.add_argument("--tabs", nargs="+", choices=TABS, default=list(TABS))
    args = parser.parse_args()
    main(args.runs, args.against, tuple(args.tabs))
