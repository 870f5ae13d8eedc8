"""The in-process queues of a thread worker's loop (gui.local_queue)."""

import queue
import threading

import pytest

from gui.local_queue import LocalQueue


def test_a_local_queue_waits_for_an_item_and_refuses_once_closed():
    box = LocalQueue()
    with pytest.raises(queue.Empty):
        box.get(timeout=0)
    threading.Timer(0.01, box.put, args=("late",)).start()
    assert box.get(timeout=60) == "late"
    box.put("waiting")
    assert box.close_if_empty() is False and box.put("more") is True
    assert box.take_all() == ["waiting", "more"]
    assert box.close_if_empty() is True and box.put("refused") is False
