"""The worker: snapshots arrive coalesced, the GUI stays free, control flags work."""

import threading
import time
from functools import partial

import pytest
from PySide6.QtCore import QTimer

from engine.descent.demo import Descent1D
from gui.worker import Worker, live_threads
from tests.process_jobs import Counter, raise_limit


@pytest.fixture
def worker(qtbot):
    w = Worker()
    yield w
    w.shutdown()


def test_snapshots_arrive_coalesced_while_gui_thread_stays_free(qtbot, worker):
    received = []
    worker.snapshot.connect(received.append)
    job = Counter()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    worker.start(job)
    qtbot.waitUntil(lambda: len(received) >= 10, timeout=5000)
    timer.stop()
    worker.cancel()
    assert job.threads == {"gradient-lab-worker"}
    # Coalesced: far fewer signals than steps, and the GUI timer kept ticking.
    assert job.count > 10 * len(received)
    assert len(ticks) >= 5
    counts = [s.count for s in received]
    assert counts == sorted(counts)


def test_pause_stops_progress_and_resume_continues(qtbot, worker):
    received = []
    worker.snapshot.connect(received.append)
    job = Counter()
    worker.start(job)
    qtbot.waitUntil(lambda: job.count > 100, timeout=5000)
    worker.pause()
    qtbot.waitUntil(lambda: worker.state == "paused", timeout=1000)
    frozen = job.count
    qtbot.wait(100)
    settled = job.count
    qtbot.wait(100)
    assert job.count == settled >= frozen
    worker.resume()
    qtbot.waitUntil(lambda: job.count > settled, timeout=5000)


def test_step_once_advances_exactly_n_units(qtbot, worker):
    received = []
    worker.snapshot.connect(received.append)
    job = Counter()
    worker.start(job, paused=True)
    qtbot.waitUntil(lambda: bool(received) and received[-1].count == 0, timeout=2000)
    worker.step_once()
    qtbot.waitUntil(lambda: received[-1].count == 1, timeout=2000)
    worker.step_once(5)
    qtbot.waitUntil(lambda: received[-1].count == 6, timeout=2000)
    qtbot.wait(50)
    assert job.count == 6
    assert worker.state == "paused"


def test_cancel_stops_the_thread(qtbot, worker):
    job = Counter()
    worker.start(job)
    qtbot.waitUntil(lambda: job.count > 0, timeout=2000)
    worker.cancel()
    qtbot.waitUntil(lambda: live_threads() == [], timeout=1000)
    count = job.count
    qtbot.wait(50)
    assert job.count == count


def test_an_exception_in_the_job_reaches_the_error_signal(qtbot, worker):
    job = Counter(fail_at=37)
    with qtbot.waitSignal(worker.error, timeout=3000) as blocker:
        worker.start(job)
    assert "boom at 37" in blocker.args[0]
    assert "RuntimeError" in blocker.args[0]
    qtbot.waitUntil(lambda: live_threads() == [], timeout=1000)
    assert worker.state == "idle"


def test_finished_job_emits_finished_with_its_final_snapshot(qtbot, worker):
    received = []
    worker.snapshot.connect(received.append)
    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.start(Descent1D(alpha=0.1, max_steps=500))
    assert received[-1].finished
    assert received[-1].x == pytest.approx(2.0, abs=1e-6)
    assert worker.state == "finished"


def test_speed_limit_caps_units_per_second(qtbot, worker):
    job = Counter()
    worker.set_speed_limit(50)
    worker.start(job)
    qtbot.wait(400)
    worker.cancel()
    # 0.4 s at 50 units/s is about 20 units; unlimited would be millions.
    assert 5 <= job.count <= 40


def test_submitted_commands_run_on_the_worker_thread_between_chunks(qtbot, worker):
    job = Counter()
    seen = []
    worker.start(job, paused=True)
    worker.submit(lambda j: seen.append(threading.current_thread().name))
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == ["gradient-lab-worker"]


def test_a_slow_job_gets_small_chunks(qtbot, worker):
    job = Counter(unit_cost_s=0.004)
    worker.start(job)
    qtbot.waitUntil(lambda: job.step_calls >= 10, timeout=5000)
    worker.cancel()
    # Chunks sized to an 8 ms budget: a 4 ms unit never comes in large chunks.
    assert job.count <= 4 * job.step_calls


def test_hundred_rapid_start_cancel_cycles_leave_nothing_behind(qtbot):
    worker = Worker()
    for _ in range(100):
        worker.start(Counter())
        worker.cancel()
    assert not worker._timer.isActive()
    worker.shutdown()
    assert live_threads() == []


def test_the_demo_job_converges_to_the_known_minimum():
    job = Descent1D(x0=-3.0, alpha=0.1, max_steps=1000)
    while not job.finished:
        job.step(7)
    snapshot = job.snapshot()
    # f(x) = (x − 2)² + 1: minimum 1 at x = 2; each step multiplies x − 2 by 1 − 2α.
    assert snapshot.x == pytest.approx(2.0, abs=1e-9)
    assert snapshot.f == pytest.approx(1.0)
    assert snapshot.path[1] - 2 == pytest.approx((-3.0 - 2.0) * (1 - 2 * 0.1))


def test_stepping_a_paused_job_to_its_end_reports_finished(qtbot, worker):
    job = Counter(limit=2)
    worker.start(job, paused=True)
    worker.step_once()
    with qtbot.waitSignal(worker.finished, timeout=2000):
        worker.step_once()
    assert job.count == 2
    assert worker.state == "finished"


def test_a_command_submitted_after_the_run_ended_still_applies(qtbot, worker):
    job = Counter(limit=3)
    with qtbot.waitSignal(worker.finished, timeout=2000):
        worker.start(job)
    received = []
    worker.snapshot.connect(received.append)
    worker.submit(lambda j: setattr(j, "count", 10))
    assert job.count == 10
    assert [s.count for s in received] == [10]


def test_a_command_that_gives_a_finished_run_more_work_restarts_it(qtbot, worker):
    job = Counter(limit=3)
    with qtbot.waitSignal(worker.finished, timeout=2000):
        worker.start(job)
    worker.start(job)  # a run that ends at once: the job is already finished
    worker.submit(lambda j: setattr(j, "limit", 6))
    qtbot.waitUntil(lambda: job.count == 6 and worker.state == "finished", timeout=3000)


def test_cancel_does_not_wait_for_a_slow_chunk(qtbot, worker):
    job = Counter(unit_cost_s=0.3)
    worker.start(job)
    qtbot.waitUntil(lambda: job.step_calls >= 1, timeout=2000)
    started = time.perf_counter()
    worker.cancel()
    assert time.perf_counter() - started < 0.25  # the chunk itself takes 0.3 s
    worker.start(Counter())  # a new run starts at once beside the finishing one
    qtbot.waitUntil(lambda: worker.is_running, timeout=1000)
    worker.shutdown()
    assert live_threads() == []


def test_a_single_step_shows_the_job_as_it_is_even_if_step_returns_an_old_snapshot(qtbot, worker):
    from tests.process_jobs import StaleCounter

    received = []
    worker.snapshot.connect(received.append)
    worker.start(StaleCounter(), paused=True)
    worker.step_once(3)
    qtbot.waitUntil(lambda: bool(received) and received[-1].count == 3, timeout=5000)


def test_a_job_started_from_a_slot_of_the_last_snapshot_is_driven_not_orphaned(qtbot, worker):
    # A view that starts the next run when it sees the last one end (as the descent
    # tab does) must get a live run: once, the old run's bookkeeping dropped the new
    # one, whose paused thread then waited forever and outlived the window.
    follow_up = Counter(limit=5)
    started = []

    def on_snapshot(snapshot):
        if snapshot.count >= 3 and not started:
            started.append(True)
            worker.start(follow_up, paused=True)

    worker.snapshot.connect(on_snapshot)
    with qtbot.waitSignal(worker.state_changed, timeout=5000,
                          check_params_cb=lambda state: state == "paused"):
        worker.start(Counter(limit=3))
    worker.resume()
    qtbot.waitUntil(lambda: worker.state == "finished" and follow_up.finished, timeout=5000)
    worker.shutdown()
    assert live_threads() == []


def test_nothing_starts_after_shutdown(qtbot):
    # a closing view's timer may still fire and ask for work: no thread may outlive it
    worker = Worker()
    worker.shutdown()
    worker.start(Counter(limit=10), paused=True)
    assert worker.state == "idle" and live_threads() == []


def test_a_kept_command_applies_now_and_to_every_later_run(qtbot, worker):
    received = []
    worker.snapshot.connect(received.append)
    worker.keep("limit", partial(raise_limit, 50))  # before any run: kept for the first
    job = Counter()
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start(job)
    assert received[-1].count == 50
    worker.keep("limit", partial(raise_limit, 80))  # replaces the first, applies at once
    assert job.limit == 80
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start(Counter())
    assert received[-1].count == 80


@pytest.mark.parametrize("thread_ended", [False, True])
def test_a_command_sent_as_the_run_ends_is_applied_and_play_runs_it(qtbot, worker, thread_ended):
    # the descent race: a race with no starts is finished at once, then a start is
    # placed (a command) and played before the window has heard that it finished
    job = Counter(limit=0)
    worker.start(job, paused=True)
    if thread_ended:  # waited for without running the event loop: no frame takes the news
        assert worker._run.ended.wait(60)
        assert worker.state == "paused"
    worker.submit(partial(raise_limit, 7))
    worker.resume()
    qtbot.waitUntil(lambda: job.count == 7 and worker.state == "finished", timeout=5000)
    assert job.threads == {"gradient-lab-worker"}
