"""The trainer-process worker: same controls as the thread worker, the job in another process."""

import os
import pickle
import threading
import time
from functools import partial

import pytest
from PySide6.QtCore import QTimer

from gui import process_worker
from gui.process_worker import ProcessWorker, close_trainers
from tests.process_jobs import Counter, StaleCounter, crash, raise_limit


@pytest.fixture
def worker(qtbot):
    w = ProcessWorker()
    received = []
    w.snapshot.connect(received.append)
    w.received = received
    yield w
    w.shutdown()


def latest(worker):
    return worker.received[-1]


def test_the_job_runs_in_another_process_without_qt(qtbot, worker):
    worker.start(Counter())
    qtbot.waitUntil(lambda: len(worker.received) >= 3, timeout=60_000)
    snapshot = latest(worker)
    assert snapshot.pid != os.getpid() and not snapshot.qt_loaded
    assert [s.count for s in worker.received] == sorted(s.count for s in worker.received)


def test_snapshots_are_coalesced_and_the_gui_thread_stays_free(qtbot, worker):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    worker.start(Counter())
    qtbot.waitUntil(lambda: len(worker.received) >= 10, timeout=60_000)
    timer.stop()
    # far fewer snapshots than units: the trainer runs thousands of units per frame
    assert latest(worker).count > 100 * len(worker.received)
    assert len(ticks) >= 10


def test_pause_stops_progress_resume_continues_and_step_adds_exactly_n(qtbot, worker):
    worker.start(Counter())
    qtbot.waitUntil(lambda: bool(worker.received) and latest(worker).count > 1000, timeout=60_000)
    worker.pause()
    assert worker.state == "paused"
    qtbot.wait(300)  # whatever was under way arrives
    frozen = latest(worker).count
    qtbot.wait(200)
    assert latest(worker).count == frozen
    worker.step_once(7)
    qtbot.waitUntil(lambda: latest(worker).count == frozen + 7, timeout=30_000)
    qtbot.wait(100)
    assert latest(worker).count == frozen + 7
    worker.resume()
    qtbot.waitUntil(lambda: latest(worker).count > frozen + 1000, timeout=30_000)


def test_an_exception_in_the_job_reaches_the_error_signal(qtbot, worker):
    with qtbot.waitSignal(worker.error, timeout=60_000) as blocker:
        worker.start(Counter(fail_at=50))
    assert "RuntimeError: boom at 50" in blocker.args[0]
    assert worker.state == "idle"


def test_a_finished_job_sends_its_final_snapshot_then_finished(qtbot, worker):
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(Counter(limit=12345))
    assert latest(worker).count == 12345 and worker.state == "finished"


def test_a_command_reaches_the_job_and_can_revive_a_finished_run(qtbot, worker):
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(Counter(limit=100))
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.submit(partial(raise_limit, 500))
    assert latest(worker).count == 500 and worker.state == "finished"


def test_a_paused_run_gets_a_fresh_snapshot_after_a_command(qtbot, worker):
    worker.start(Counter(), paused=True)
    qtbot.waitUntil(lambda: bool(worker.received), timeout=60_000)
    count = len(worker.received)
    worker.submit(partial(raise_limit, 10))
    qtbot.waitUntil(lambda: len(worker.received) > count, timeout=30_000)
    assert latest(worker).count == 0 and worker.state == "paused"


def test_the_speed_limit_caps_units_per_second(qtbot, worker):
    worker.set_speed_limit(200)
    worker.start(Counter())
    qtbot.waitUntil(lambda: bool(worker.received), timeout=60_000)
    start_count, started = latest(worker).count, time.perf_counter()
    qtbot.wait(1000)
    rate = (latest(worker).count - start_count) / (time.perf_counter() - started)
    # the limit is a cap: a loaded machine may run slower, never faster
    assert 0 < rate < 300


def test_a_cancelled_run_never_reaches_the_view(qtbot, worker):
    worker.start(Counter(unit_cost_s=0.001))
    qtbot.waitUntil(lambda: bool(worker.received), timeout=60_000)
    worker.cancel()
    worker.received.clear()
    worker.start(Counter(limit=3))
    qtbot.waitUntil(lambda: worker.state == "finished", timeout=30_000)
    assert all(s.count <= 3 for s in worker.received)


def test_a_job_that_cannot_travel_fails_at_start(qtbot, worker):
    job = Counter()
    job.lock = threading.Lock()
    with pytest.raises((TypeError, pickle.PicklingError)):
        worker.start(job)
    assert worker.state == "idle"


def test_a_crashed_trainer_is_reported_and_replaced(qtbot, worker):
    worker.start(Counter(), paused=True)
    qtbot.waitUntil(lambda: bool(worker.received), timeout=60_000)
    with qtbot.waitSignal(worker.error, timeout=60_000) as blocker:
        worker.submit(crash)
    assert "trainer process stopped (exit code 3)" in blocker.args[0]
    worker.start(Counter(limit=5))
    qtbot.waitUntil(lambda: worker.state == "finished", timeout=60_000)
    assert latest(worker).count == 5


def test_a_closed_worker_hands_its_process_on_and_close_trainers_ends_it(qtbot):
    first = ProcessWorker()
    seen = []
    first.snapshot.connect(seen.append)
    first.start(Counter(limit=1))
    qtbot.waitUntil(lambda: first.state == "finished", timeout=60_000)
    first.shutdown()
    second = ProcessWorker()
    second.snapshot.connect(seen.append)
    second.start(Counter(limit=2))
    qtbot.waitUntil(lambda: second.state == "finished", timeout=60_000)
    assert seen[0].pid == seen[-1].pid  # no new process for the second worker
    second.shutdown()
    trainers = list(process_worker._idle)
    close_trainers()
    assert process_worker._idle == []
    assert all(not t.alive for t in trainers)


def test_a_single_step_shows_the_job_as_it_is_even_if_step_returns_an_old_snapshot(qtbot, worker):
    worker.start(StaleCounter(), paused=True)
    qtbot.waitUntil(lambda: bool(worker.received), timeout=60_000)
    worker.step_once(3)
    qtbot.waitUntil(lambda: latest(worker).count == 3, timeout=30_000)


def test_a_kept_command_applies_now_and_to_every_later_run(qtbot, worker):
    worker.keep("limit", partial(raise_limit, 50))  # before any run: kept for the first
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(Counter())
    assert latest(worker).count == 50
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.keep("limit", partial(raise_limit, 80))  # replaces the first, revives the run
    assert latest(worker).count == 80
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        worker.start(Counter())
    assert latest(worker).count == 80
