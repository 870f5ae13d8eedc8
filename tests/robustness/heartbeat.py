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

import sys
import threading
import time
import traceback
from collections import Counter, defaultdict

from PySide6.QtCore import QObject, QTimer

#: Frames of these files are plumbing, not the cause of a block.
_PLUMBING = ("/site-packages/pytestqt/", "/threading.py", "tests/robustness/heartbeat.py",
             "/site-packages/_pytest/", "/site-packages/pluggy/")


class Heartbeat(QObject):
    """A timer on the GUI thread: a gap between its ticks is a time the thread was busy.

    ``action`` names what the gaps are blamed on; ``gaps[action]`` is the longest gap
    seen while it was set, ``worst`` the longest overall with its action.
    """

    def __init__(self, interval_ms: int = 10, calm_factor: float = 2.0) -> None:
        super().__init__()
        self.interval_s = interval_ms / 1000
        self.calm_factor = calm_factor
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = time.monotonic()
        self.action = "start"
        self.worst = (0.0, "")
        self.gaps: dict[str, float] = defaultdict(float)
        self.calm = 0  # beats in a row that came on time

    def start(self) -> None:
        self.last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def forget(self) -> None:
        """Start measuring afresh (after the start-up work has drained)."""
        self.worst = (0.0, "")
        self.gaps.clear()

    def blame(self, action: str) -> None:
        """Gaps from now on count against ``action`` (the gap running now too)."""
        self.action = action

    def overdue(self) -> float:
        """Seconds since the last beat (read from any thread)."""
        return time.monotonic() - self.last

    def _beat(self) -> None:
        now = time.monotonic()
        gap, self.last = now - self.last, now
        self.calm = self.calm + 1 if gap < self.calm_factor * self.interval_s else 0
        self.gaps[self.action] = max(self.gaps[self.action], gap)
        if gap > self.worst[0]:
            self.worst = (gap, self.action)


class StallSampler:
    """Samples the GUI thread's stack every ``period_s`` while ``heartbeat`` is overdue
    by more than ``threshold_s``; ``stacks[action]`` counts the project frames seen.

    Sampling needs the GIL, so a block in C code that holds it is seen only when the
    code returns to Python; a block in Qt's C++ (which releases it) is seen as the
    Python frame that called Qt.
    """

    def __init__(self, heartbeat: Heartbeat, threshold_s: float = 0.05,
                 period_s: float = 0.005, depth: int = 6) -> None:
        self.heartbeat = heartbeat
        self.threshold_s = threshold_s
        self.period_s = period_s
        self.depth = depth
        self.gui_ident = threading.get_ident()
        self.stacks: dict[str, Counter[str]] = defaultdict(Counter)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(1.0)

    def _run(self) -> None:
        while not self._stop.wait(self.period_s):
            if self.heartbeat.overdue() < self.threshold_s:
                continue
            frame = sys._current_frames().get(self.gui_ident)
            if frame is not None:
                self.stacks[self.heartbeat.action][self._describe(frame)] += 1

    def _describe(self, frame) -> str:
        entries = [e for e in traceback.extract_stack(frame)
                   if not any(p in e.filename for p in _PLUMBING)]
        own = [e for e in entries if "/site-packages/" not in e.filename
               and "/lib/python" not in e.filename]
        # the innermost frame (wherever it is) and the project's frames that led to it
        chosen = own[-self.depth:]
        if entries and (not chosen or entries[-1] is not chosen[-1]):
            chosen.append(entries[-1])
        return " > ".join(f"{_short(e.filename)}:{e.lineno} {e.name}" for e in chosen)

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
