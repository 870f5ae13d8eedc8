"""Measuring how long the GUI thread is busy, and with what (issue 14: no user action
may block it for more than 100 ms).

:class:`Heartbeat` is a QTimer on the GUI thread: a gap between two of its ticks
is a time the thread did something else (work in a slot, layout, painting).
:class:`StallSampler` adds a Python thread that looks at the GUI thread's stack
while a beat is overdue, so a block names the code that caused it, like a
sampling profiler that only samples the GUI thread's stalls.  The random-action
test and ``bench/gui_blocks.py`` use both.
"""

from __future__ import annotations

import faulthandler
import re
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: Frames of these files are plumbing, not the cause of a block.
_PLUMBING = ("/site-packages/pytestqt/", "/threading.py", "tests/robustness/heartbeat.py",
             "/site-packages/_pytest/", "/site-packages/pluggy/")


def queued_s() -> float | None:
    """Seconds the calling thread has spent runnable but waiting for a core, or None.

    Linux counts it per thread (``/proc/thread-self/schedstat``: time on a core, time
    waiting on a run queue, slices).  A gap the GUI thread spent in that queue is the
    machine's other work, not the app's: on a machine to itself the queue is empty.
    """
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


class Heartbeat(QObject):
    """A timer on the GUI thread: a gap between its ticks is a time the thread was busy.

    ``action`` names what the gaps are blamed on; ``gaps[action]`` is the longest gap
    seen while it was set, ``worst`` the longest overall with its action.
    ``cpu[action]`` is the most CPU time the GUI thread used within one gap, and
    ``own[action]`` the longest gap less the time the thread waited for a core
    (:func:`queued_s`): on a machine shared with other work a gap stretches with the
    load, while the thread's own time (work, painting, waiting for the GIL or a lock)
    does not.  A gap whose own time exceeds ``limit()`` (read when the gap ends) is
    kept in ``blocks``.
    """

    def __init__(self, interval_ms: int = 10, calm_factor: float = 2.0,
                 limit: Callable[[], float] = lambda: float("inf")) -> None:
        super().__init__()
        self.interval_s = interval_ms / 1000
        self.calm_factor = calm_factor
        self.limit = limit
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.action = "start"
        self.worst = (0.0, "")
        self.gaps: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.own: dict[str, float] = defaultdict(float)
        self.blocks: list[str] = []
        self.calm = 0  # beats in a row that came on time
        self._mark()

    def _mark(self) -> None:
        self.last = time.monotonic()
        self.last_cpu = time.thread_time()
        self.last_queued = queued_s()

    def start(self) -> None:
        self._mark()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def forget(self) -> None:
        """Start measuring afresh (after the start-up work has drained)."""
        self.worst = (0.0, "")
        self.gaps.clear()
        self.cpu.clear()
        self.own.clear()
        self.blocks.clear()

    def blame(self, action: str) -> None:
        """Gaps from now on count against ``action`` (the gap running now too)."""
        self.action = action

    def overdue(self) -> float:
        """Seconds since the last beat (read from any thread)."""
        return time.monotonic() - self.last

    def _beat(self) -> None:
        # this runs on the GUI thread: the CPU and queue times read are the GUI thread's
        now, cpu, queued = time.monotonic(), time.thread_time(), queued_s()
        gap = now - self.last
        waited = (queued - self.last_queued
                  if queued is not None and self.last_queued is not None else 0.0)
        own = max(0.0, gap - waited)
        self.cpu[self.action] = max(self.cpu[self.action], cpu - self.last_cpu)
        self.own[self.action] = max(self.own[self.action], own)
        self.gaps[self.action] = max(self.gaps[self.action], gap)
        self.last, self.last_cpu, self.last_queued = now, cpu, queued
        self.calm = self.calm + 1 if gap < self.calm_factor * self.interval_s else 0
        if gap > self.worst[0]:
            self.worst = (gap, self.action)
        if own > 0.1 and own > self.limit():
            self.blocks.append(f"{own:.2f} s ({gap:.2f} s with {waited:.2f} s waiting "
                               f"for a core) after {self.action}")


class StallSampler:
    """Samples the GUI thread's stack every ``period_s`` while ``heartbeat`` is overdue
    by more than ``threshold_s``; ``stacks[action]`` counts the project frames seen.

    The stacks come from ``faulthandler`` (made to read a running thread's frames
    safely, even from a signal handler): reading another thread's frame objects
    with ``sys._current_frames`` while it runs crashed Python 3.11 here.
    """

    def __init__(self, heartbeat: Heartbeat, threshold_s: float = 0.05,
                 period_s: float = 0.005, depth: int = 6) -> None:
        self.heartbeat = heartbeat
        self.threshold_s = threshold_s
        self.period_s = period_s
        self.depth = depth
        self.gui_thread = f"Thread 0x{threading.get_ident():016x}"
        self.stacks: dict[str, Counter[str]] = defaultdict(Counter)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(1.0)

    def _run(self) -> None:
        with tempfile.TemporaryFile("w+") as dump:
            while not self._stop.wait(self.period_s):
                if self.heartbeat.overdue() < self.threshold_s:
                    continue
                dump.seek(0)
                dump.truncate()
                faulthandler.dump_traceback(dump, all_threads=True)
                dump.seek(0)
                frames = self._gui_frames(dump.read())
                if frames:
                    self.stacks[self.heartbeat.action][self._describe(frames)] += 1

    def _gui_frames(self, text: str) -> list[tuple[str, str, str]]:
        """(file, line, function) of the GUI thread, outermost first."""
        for block in text.split("\n\n"):
            if block.startswith(self.gui_thread):
                found = re.findall(r'File "(.*)", line (\d+) in (\S+)', block)
                return found[::-1]
        return []

    def _describe(self, frames: list[tuple[str, str, str]]) -> str:
        entries = [f for f in frames if not any(p in f[0] for p in _PLUMBING)]
        own = [f for f in entries if "/site-packages/" not in f[0] and "/lib/python" not in f[0]]
        # the innermost frame (wherever it is) and the project's frames that led to it
        chosen = own[-self.depth:]
        if entries and (not chosen or entries[-1] is not chosen[-1]):
            chosen.append(entries[-1])
        return " > ".join(f"{_short(file)}:{line} {name}" for file, line, name in chosen)

    def report(self, action: str, top: int = 3) -> list[str]:
        """The ``top`` most sampled stacks of ``action``, with their share of the samples."""
        counts = self.stacks.get(action)
        if not counts:
            return []
        total = sum(counts.values())
        return [f"{n * 100 // total:3d}% {stack}" for stack, n in counts.most_common(top)]


def _short(path: str) -> str:
    """A path from its package on (``gui/tabs/...``, ``pyqtgraph/...``)."""
    for package in ("/gui/", "/engine/", "/tests/", "/bench/", "/site-packages/"):
        if package in path:
            tail = path.rsplit(package, 1)[1]
            return tail if package == "/site-packages/" else package[1:] + tail
    return path.rsplit("/", 1)[-1]
