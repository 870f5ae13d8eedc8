"""Threads standing by for the next run: a start hands the run over without waiting."""

import threading
import time

from gui import standby_threads


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_a_thread_that_ended_its_run_carries_the_next():
    ran = []
    ended = [threading.Event(), threading.Event()]

    def carry(index):
        ran.append((index, threading.current_thread().name, threading.get_ident()))
        ended[index].set()

    standby_threads.close()  # none left from other tests
    first = standby_threads.launch(carry, 0, "runner-a")
    assert first is not None and ended[0].wait(60)
    assert _wait_for(lambda: standby_threads.standing_by() == 1)
    assert standby_threads.launch(carry, 1, "runner-b") is None  # handed over, no new thread
    assert ended[1].wait(60)
    assert ran[0][2] == ran[1][2] == first.ident
    assert ran[1][1] == "runner-b"  # the thread takes each run's name
    standby_threads.close()
    first.join(60)
    assert not first.is_alive() and standby_threads.standing_by() == 0
