"""Cycles are freed on the GUI thread only (gui.collector), never by a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_cycle_is_freed_on_the_gui_thread_not_by_an_allocating_worker(qtbot):
    assert not gc.isenabled()
    freed_on: list[threading.Thread] = []
    cycle = _Cycle()
    weakref.finalize(cycle, lambda: freed_on.append(threading.current_thread()))
    del cycle

    def allocate() -> None:  # enough to trigger the automatic collector many times over
        for _ in range(200_000):
            _Cycle()

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert freed_on == []  # the worker never collected
    qtbot.waitUntil(lambda: bool(freed_on), timeout=10_000)
    assert freed_on == [threading.main_thread()]
