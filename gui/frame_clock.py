"""One frame clock for the whole window: the single timer that decides when a frame is due.

Every worker used to run a QTimer of its own (16 or 33 ms) from the moment it had
a job, so the descent tab's three workers, the network trainer, the formula
boxes and the loaders each woke the GUI thread at their own rate, unaligned
(issue 16: four throttles stacked).  Now a worker that has something to show
subscribes here with the interval its view wants; the clock's one timer
ticks at the finest interval asked for and calls each subscriber whose frame
is due, in subscription order.  With no subscriber the timer stops, so an idle
window never wakes.

A worker stays subscribed only while it has a run (see ``gui.worker``); the
trainer process makes a frame only when the window has taken the last one
(``gui.job_loop``), so the frames it makes are the frames this clock shows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

FRAME_MS = 16  # the finest interval (60 Hz): no display shows more


class FrameClock(QObject):
    """Calls each subscriber at most once per its interval, from one QTimer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setObjectName("frame_clock_timer")
        self._timer.timeout.connect(self.tick)
        # callback → (interval s, next due time, the QObject it belongs to)
        self._subscribers: dict[Callable[[], None], tuple[float, float, QObject]] = {}

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def subscribed(self, callback: Callable[[], None]) -> bool:
        return callback in self._subscribers

    def subscribe(self, callback: Callable[[], None], interval_ms: int, owner: QObject) -> None:
        """Call ``callback()`` every ``interval_ms`` (at least one frame) until unsubscribed
        or ``owner`` is deleted (as a QTimer child of ``owner`` would stop)."""
        interval = max(FRAME_MS, int(interval_ms)) / 1000
        self._subscribers[callback] = (interval, time.perf_counter(), owner)  # due at once
        self._retime()

    def unsubscribe(self, callback: Callable[[], None]) -> None:
        if self._subscribers.pop(callback, None) is not None:
            self._retime()

    def _retime(self) -> None:
        if not self._subscribers:
            self._timer.stop()
            return
        interval_ms = round(1000 * min(entry[0] for entry in self._subscribers.values()))
        if not self._timer.isActive() or self._timer.interval() != interval_ms:
            self._timer.start(interval_ms)

    def tick(self) -> None:
        """One frame: every subscriber whose interval has passed.  The next frame is due
        an interval from now, less half a tick (a 33 ms subscriber on 16 ms ticks gets
        every second one), so a late tick drops frames and never bunches them."""
        now = time.perf_counter()
        half_tick = self._timer.interval() / 2000
        for callback, entry in list(self._subscribers.items()):
            interval, due, owner = entry
            if self._subscribers.get(callback) is not entry:
                continue  # unsubscribed (or subscribed anew) by an earlier callback
            if not shiboken6.isValid(owner):
                self.unsubscribe(callback)
                continue
            if now < due:
                continue
            self._subscribers[callback] = (interval, now + interval - half_tick, owner)
            try:
                callback()
            except Exception:  # reported as Qt reports a slot's, and the others still get
                sys.excepthook(*sys.exc_info())  # their frame (each had its own timer)


_clock: FrameClock | None = None


def frame_clock() -> FrameClock:
    """The application's frame clock (made when first asked for, lives with the app)."""
    global _clock
    app = QCoreApplication.instance()
    if _clock is None or not shiboken6.isValid(_clock) or _clock.parent() is not app:
        _clock = FrameClock(app)
    return _clock


class FrameSubscription(QObject):
    """A worker's place on the frame clock, used as its display timer was: ``start``,
    ``stop``, ``isActive``, ``interval``; a child of the worker, so it ends with it."""

    def __init__(self, callback: Callable[[], None], interval_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._callback, self._interval_ms = callback, max(FRAME_MS, int(interval_ms))

    def interval(self) -> int:
        return self._interval_ms

    def start(self) -> None:
        frame_clock().subscribe(self._callback, self._interval_ms, self)

    def stop(self) -> None:
        frame_clock().unsubscribe(self._callback)

    def isActive(self) -> bool:  # QTimer's name: the workers asked their timer this
        return frame_clock().subscribed(self._callback)
