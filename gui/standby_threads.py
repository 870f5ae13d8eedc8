"""Threads that wait for the next run instead of ending, so starting a run never waits.

``threading.Thread.start`` returns only once the new thread has run its first lines,
and while other threads hold the GIL that took the GUI thread up to 0.8 s (a
derivatives curve job started during the random-action test, issue 14).  A thread
that has finished its run waits here, under ``STANDBY_NAME``, for up to
``STANDBY_S``; :func:`launch` hands the next run to such a thread (setting an event:
nothing to wait for) and makes a new thread only when none is free.  Qt-free.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

STANDBY_NAME = "gradient-lab-worker-standby"
STANDBY_S = 60.0  # a thread with nothing to do for this long ends
MAX_STANDBY = 4


class _Slot:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.task: tuple[Callable[[Any], None], Any, str] | None = None


_lock = threading.Lock()
_idle: list[_Slot] = []


def launch(carry: Callable[[Any], None], run: Any, name: str) -> threading.Thread | None:
    """Run ``carry(run)`` on a thread called ``name``: a waiting one if there is one
    (returns None), else a new one (returned, started)."""
    with _lock:
        slot = _idle.pop() if _idle else None
        if slot is not None:
            slot.task = (carry, run, name)
    if slot is not None:
        slot.event.set()
        return None
    thread = threading.Thread(target=_serve, args=((carry, run, name),), name=name, daemon=True)
    thread.start()
    return thread


def close() -> None:
    """Let every waiting thread end (application quit)."""
    with _lock:
        slots, _idle[:] = list(_idle), []
    for slot in slots:
        slot.event.set()  # with no task: the thread ends


def standing_by() -> int:
    """How many threads wait for a run (for tests)."""
    with _lock:
        return len(_idle)


def _serve(task: tuple[Callable[[Any], None], Any, str] | None) -> None:
    me = threading.current_thread()
    while task is not None:
        carry, run, name = task
        me.name = name
        carry(run)  # renames this thread STANDBY_NAME before it says the run has ended
        task = _wait()


def _wait() -> tuple[Callable[[Any], None], Any, str] | None:
    slot = _Slot()
    with _lock:
        if len(_idle) >= MAX_STANDBY:
            return None
        _idle.append(slot)
    slot.event.wait(STANDBY_S)
    with _lock:
        if slot in _idle:  # nobody handed it a run in time
            _idle.remove(slot)
            return None
    slot.event.wait()  # handed a run just now: its task is set before the event
    return slot.task
