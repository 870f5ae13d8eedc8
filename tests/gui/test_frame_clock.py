"""One frame clock drives every worker's deliveries (issue 16): one timer, each subscriber
at its own interval, frames dropped rather than bunched, nothing left ticking when idle."""

from itertools import pairwise

import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer

from gui import frame_clock as clock_module
from gui.frame_clock import FrameClock, frame_clock
from gui.process_worker import ProcessWorker
from gui.worker import Worker
from tests.process_jobs import Counter


class FakeTime:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def fake_time(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(clock_module.time, "perf_counter", fake)
    return fake


@pytest.fixture
def clock():
    """A clock of the test's own, stopped and deleted at its end: a parentless QObject
    outlives its test until collected, and its timer would go on calling the test's
    subscribers (a failing one raised into later tests' event loops)."""
    made = FrameClock()
    yield made
    made._timer.stop()
    shiboken6.delete(made)


def test_each_subscriber_is_called_at_its_own_interval_from_one_timer(qtbot, clock, fake_time):
    owner = QObject()
    calls = {"fast": 0, "slow": 0}
    clock.subscribe(lambda: calls.__setitem__("fast", calls["fast"] + 1), 16, owner)
    clock.subscribe(lambda: calls.__setitem__("slow", calls["slow"] + 1), 33, owner)
    assert clock.running and clock._timer.interval() == 16
    for _ in range(60):  # ticks of 16 ms, as the timer gives them
        fake_time.now += 0.016
        clock.tick()
    assert calls["fast"] == 60
    assert calls["slow"] == 30  # every second tick


def test_a_late_tick_drops_frames_instead_of_bunching_them(qtbot, clock, fake_time):
    owner = QObject()
    times = []
    clock.subscribe(lambda: times.append(fake_time.now), 33, owner)
    fake_time.now += 0.5  # the GUI thread was busy for half a second
    clock.tick()
    for _ in range(4):
        fake_time.now += 0.016
        clock.tick()
    assert len(times) == 3 and all(b - a > 0.025 for a, b in pairwise(times))


def test_the_timer_stops_with_the_last_subscriber_and_a_deleted_owner_is_dropped(qtbot, clock):
    kept, gone = QObject(), QObject()
    calls = []

    def of_gone():
        calls.append("gone")

    def of_kept():
        calls.append("kept")

    clock.subscribe(of_gone, 16, gone)
    clock.subscribe(of_kept, 16, kept)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not clock.subscribed(of_gone), timeout=5000)
    assert clock.running  # the other subscriber still wants frames
    clock.unsubscribe(of_kept)
    assert not clock.running


def test_running_workers_share_the_one_clock_and_leave_it_when_done(qtbot):
    workers = [Worker(), Worker(), ProcessWorker()]
    try:
        for worker in workers:
            assert worker.findChildren(QTimer) == []  # no timer of their own
            worker.start(Counter(), paused=True)
        assert frame_clock().running
        assert all(frame_clock().subscribed(w._deliver) for w in workers)
        received = []
        workers[2].snapshot.connect(received.append)
        qtbot.waitUntil(lambda: bool(received), timeout=10_000)
    finally:
        for worker in workers:
            worker.shutdown()
    assert not any(frame_clock().subscribed(w._deliver) for w in workers)
    assert not frame_clock().running


class _FakeTrainer:
    alive = True

    def __init__(self):
        self.sent, self.waiting = [], []

    def send(self, message):
        self.sent.append(message[0])

    def replies(self):
        waiting, self.waiting = self.waiting, []
        return waiting


def test_the_trainer_is_asked_for_the_next_frame_when_the_views_hold_this_one(qtbot):
    worker = ProcessWorker()
    trainer = _FakeTrainer()
    worker._trainer, worker._run_id = trainer, 7
    acks_when_shown = []
    worker.snapshot.connect(lambda s: acks_when_shown.append((s, trainer.sent.count("ack"))))
    trainer.waiting = [("snapshot", 7, "a")]
    worker._deliver()
    assert acks_when_shown == [("a", 0)] and trainer.sent == ["ack"]  # after, not before
    trainer.waiting = [("snapshot", 7, "b"), ("snapshot", 7, "c")]  # "b" overtaken
    worker._deliver()
    assert acks_when_shown[-1] == ("c", 1) and trainer.sent == ["ack"] * 3
    worker._deliver()  # nothing new: nothing shown, nothing asked
    assert len(acks_when_shown) == 2 and trainer.sent == ["ack"] * 3
    worker._run_id = None


def test_a_failing_subscriber_is_reported_and_the_others_still_get_their_frame(
        qtbot, clock, fake_time, monkeypatch):  # fmt: skip
    owner = QObject()
    reported, calls = [], []

    def failing():
        raise RuntimeError("a view broke")

    monkeypatch.setattr(clock_module.sys, "excepthook", lambda *info: reported.append(info[1]))
    clock.subscribe(failing, 16, owner)
    clock.subscribe(lambda: calls.append(1), 16, owner)
    fake_time.now += 0.016
    clock.tick()
    assert calls == [1] and [str(e) for e in reported] == ["a view broke"]
