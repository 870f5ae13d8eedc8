"""The compute pool's worker: the thread worker's signals, the job in a helper process."""

import os
import pickle
import time
from functools import partial

import pytest

from engine.job import OneShot
from gui.compute_pool import running_pool, start_pool
from gui.pool_worker import PoolWorker


@pytest.fixture
def pool(qtbot):
    start_pool()
    qtbot.waitUntil(lambda: running_pool() is not None, timeout=60_000)
    return running_pool()


@pytest.fixture
def worker(qtbot, pool):
    w = PoolWorker()
    w.received = []
    w.errors = []
    w.snapshot.connect(w.received.append)
    w.error.connect(w.errors.append)
    yield w
    w.shutdown()


def test_a_job_runs_in_a_helper_process_and_finishes(qtbot, worker, pool):
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(os.getpid))
        assert worker.remote and worker.state == "running"
    assert worker.received[-1] in pool.pids() and worker.received[-1] != os.getpid()
    assert worker.state == "finished" and not worker.remote


def test_received_turns_the_copy_into_what_the_window_compares(qtbot, worker):
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(partial(abs, -3)), received=lambda value: ("seen", value))
    assert worker.received == [("seen", 3)]


def test_a_failing_job_says_why(qtbot, worker):
    with qtbot.waitSignal(worker.error, timeout=60_000):
        worker.start(OneShot(partial(int, "seven")))
    assert "ValueError" in worker.errors[0] and "seven" in worker.errors[0]
    assert worker.state == "idle"


def test_cancelling_a_running_job_replaces_its_process(qtbot, worker, pool):
    worker.start(OneShot(partial(time.sleep, 60)))
    qtbot.waitUntil(lambda: worker._call.state == "running", timeout=60_000)
    busy = {p for p in pool.pids()}
    worker.cancel()
    assert worker.state == "idle"
    # the process that slept is killed and another takes its place
    qtbot.waitUntil(lambda: len(pool.pids()) == pool.size and set(pool.pids()) != busy,
                    timeout=60_000)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(partial(abs, -1)))
    assert worker.received[-1] == 1 and not worker.errors


def test_a_job_over_its_budget_is_stopped(qtbot, pool):
    worker = PoolWorker(budget_s=0.5)
    errors = []
    worker.error.connect(errors.append)
    try:
        with qtbot.waitSignal(worker.error, timeout=60_000):
            worker.start(OneShot(partial(time.sleep, 60)))
    finally:
        worker.shutdown()
    assert "stopped after 0.5 s" in errors[0]


def test_a_job_that_does_not_pickle_runs_on_a_thread(qtbot, worker):
    job = OneShot(lambda: "here")
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(job)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(job)
        assert not worker.remote
    assert worker.received[-1] == "here"


def test_a_new_start_drops_the_older_answer(qtbot, worker):
    worker.start(OneShot(partial(time.sleep, 0.5)))
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(partial(abs, -2)))
    assert worker.received == [2]



def _bounded_call_left_running():
    """A SymPy-style bounded call that overruns: its thread goes on in the helper."""
    from engine.symbolic.bounded import bounded_call

    return os.getpid(), bounded_call(time.sleep, (30,), 0.05)


def test_a_helper_left_with_an_overrunning_call_gives_way_to_a_fresh_one(qtbot, worker, pool):
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(_bounded_call_left_running))
    pid, answer = worker.received[-1]
    assert answer is None  # out of time: the caller's own fallback takes over
    # the process whose thread still sleeps ends, and a fresh one takes its place
    qtbot.waitUntil(lambda: pid not in pool.pids() and len(pool.pids()) == pool.size,
                    timeout=60_000)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(OneShot(partial(abs, -5)))
    assert worker.received[-1] == 5 and not worker.errors
