"""The queues between a thread worker's loop and the window (``gui.job_loop.drive``).

What a trainer process's ``multiprocessing`` queues offer the chunk loop (``put``,
``get`` with a timeout, ``get_nowait``), between two threads of one process, plus
what a thread's loop needs to end with its run: a close after which ``put``
refuses, decided under the queue's lock so no message slips in unseen.  Qt-free.
"""

from __future__ import annotations

import collections
import queue
import threading
from typing import Any


class LocalQueue:
    """A thread loop's inbox or outbox: ``queue.Queue``'s ``put``, ``get`` and
    ``get_nowait``, and a close after which ``put`` refuses (returns False)."""

    def __init__(self) -> None:
        self._items: collections.deque[Any] = collections.deque()
        self._ready = threading.Condition(threading.Lock())
        self._closed = False

    def put(self, item: Any) -> bool:
        """Queue ``item``; False (and nothing queued) once the queue is closed."""
        with self._ready:
            if self._closed:
                return False
            self._items.append(item)
            self._ready.notify()
            return True

    def get(self, timeout: float | None = None) -> Any:
        """The oldest item, waiting at most ``timeout`` seconds for one (``queue.Empty``)."""
        with self._ready:
            if not self._items and timeout != 0:
                self._ready.wait_for(lambda: self._items, timeout)
            if not self._items:
                raise queue.Empty
            return self._items.popleft()

    def get_nowait(self) -> Any:
        return self.get(0)

    def take_all(self) -> list[Any]:
        """Every item queued, oldest first, without waiting."""
        with self._ready:
            items = list(self._items)
            self._items.clear()
            return items

    def close(self) -> None:
        with self._ready:
            self._closed = True

    def close_if_empty(self) -> bool:
        """Close unless an item waits (decided under the lock: none slips in unseen)."""
        with self._ready:
            self._closed = self._closed or not self._items
            return self._closed
