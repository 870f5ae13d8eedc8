"""Python's cycle collector runs on the GUI thread only.

A Qt object caught in a reference cycle is destroyed when the cycle collector runs,
on whichever thread happens to be allocating then. On a worker thread (SymPy
allocates a lot) that destroys a widget off the GUI thread: Qt takes its object
mutex and then waits for the GIL, which the GUI thread holds while it waits for that
mutex, and the window freezes for good (seen: a critical-point search freeing an old
QMenu while the GUI thread connected a legend label). So automatic collection is off
in the window's process, and the GUI thread collects by the interpreter's own
thresholds every :data:`INTERVAL_MS`.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


def collect_due() -> None:
    """Collect the oldest generation whose count passed its threshold, as gc would."""
    counts, limits = gc.get_count(), gc.get_threshold()
    if counts[0] <= limits[0]:
        return
    generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
    gc.collect(generation)


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on this (the GUI) thread instead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
