"""Python's cycle collector runs on the GUI thread only, in short pauses.

A Qt object caught in a reference cycle is destroyed when the cycle collector runs,
on whichever thread happens to be allocating then. On a worker thread (SymPy
allocates a lot) that destroys a widget off the GUI thread: Qt takes its object
mutex and then waits for the GIL, which the GUI thread holds while it waits for that
mutex, and the window freezes for good (seen: a critical-point search freeing an old
QMenu while the GUI thread connected a legend label). So automatic collection is off
in the window's process, and the GUI thread collects by the interpreter's own
thresholds every :data:`INTERVAL_MS`.

Each pause on the GUI thread is a pause of the window (issue 14: none over 100 ms):

- a young collection costs in proportion to the objects allocated since the last
  one, which the workers allocate fast (20,000–40,000 in 250 ms of SymPy: 50–120 ms
  of CPU), so the collector looks often and each pause stays small;
- a full collection scans every object alive: about 200,000 once the four tabs are
  built (modules, SymPy, pyqtgraph, the widgets), 150–190 ms of CPU each time. What
  the imports built lives as long as the process, so with ``freeze_imports`` (the
  app) the collector moves everything alive into gc's permanent generation
  (``gc.freeze``) after new modules were imported: after start-up and after each
  tab's first build. It collects fully first, so no garbage is frozen with them.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 50


def collect_due() -> None:
    """Collect the oldest generation whose count passed its threshold, as gc would."""
    counts, limits = gc.get_count(), gc.get_threshold()
    if counts[0] <= limits[0]:
        return
    generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
    gc.collect(generation)


def freeze_long_lived() -> None:
    """Collect everything, then exempt what is left alive from later collections."""
    gc.collect()
    gc.freeze()


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on this (the GUI) thread instead.

    ``freeze_imports``: freeze what is alive once new modules have been imported (the
    app; the tests leave it off, so one test's objects are never kept for the next, and
    a test that measures the window as the app runs it turns it on, then unfreezes).
    """

    def __init__(self, parent: QObject | None = None, freeze_imports: bool = False) -> None:
        super().__init__(parent)
        gc.disable()
        self.freeze_imports = freeze_imports
        # while the window starts (the app sets it until the first tab is ready) new
        # modules are frozen without the full collection first: start-up imports make
        # little garbage, and each full collection was 0.05–0.4 s between build and paint
        self.starting = False
        self._modules = 0  # how many were imported when the collector last froze
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        if self.freeze_imports and len(sys.modules) != self._modules:
            self._modules = len(sys.modules)
            if self.starting:
                gc.freeze()
            else:
                freeze_long_lived()
        else:
            collect_due()
