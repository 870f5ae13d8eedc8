"""The one chunk loop both workers run (gui.job_loop): its chunk step (run_chunk), its
pacing (a job with ``advance`` makes a snapshot only for a frame the window can take),
and a thread's loop, which ends with its run."""

import pickle
import queue

import pytest

from engine.job import OneShot
from gui import job_loop
from gui.job_loop import FRAME_S, chunk_units, run_chunk
from gui.local_queue import LocalQueue
from tests.process_jobs import Counter, LazyCounter, raise_limit


def test_a_lazy_jobs_chunk_makes_a_snapshot_only_for_steps_asked_for_or_its_end():
    job = LazyCounter(limit=10)
    assert run_chunk(job, 3, 0)[0] is None and job.snapshots_made == 0
    assert run_chunk(job, 2, 2)[0].count == 5  # a step the user asked for
    assert run_chunk(job, 5, 0)[0].count == 10  # the last one
    assert job.snapshots_made == 2


def test_other_jobs_hand_back_their_steps_snapshots():
    job = Counter()
    assert run_chunk(job, 4, 0)[0].count == 4


def test_a_speed_limit_cuts_chunks_to_a_frame():
    assert chunk_units(1000, 0, 100.0) == max(1, int(100 * FRAME_S))
    assert chunk_units(1000, 0, 10_000.0) == int(10_000 * FRAME_S)
    assert chunk_units(1000, 7, 100.0) == 7  # single steps are what was asked


class _Outbox:
    def __init__(self):
        self.sent = []

    def put(self, message):
        self.sent.append(message)


def _trainer(job, paused=False):
    trainer = job_loop.Loop(queue.Queue(), _Outbox())
    trainer._obey(("start", 1, pickle.dumps(job), paused, None))
    return trainer


def test_the_trainer_makes_no_frame_the_window_has_not_asked_for():
    trainer = _trainer(LazyCounter())
    for _ in range(50):  # many chunks, no acknowledgement: only the first frames go out
        trainer._work()
    job = trainer.run.job
    snapshots = [m for m in trainer.outbox.sent if m[0] == "snapshot"]
    assert len(snapshots) == job_loop.CREDITS == 1  # the start's own
    assert job.snapshots_made == 1  # none made in vain
    trainer._obey(("ack", 1))
    trainer._work()
    assert len([m for m in trainer.outbox.sent if m[0] == "snapshot"]) == len(snapshots) + 1
    assert trainer.run.job.count > 50  # the units went on all the time


def test_a_frame_the_window_asks_for_is_made_before_the_next_chunk():
    trainer = _trainer(LazyCounter())
    for _ in range(5):
        trainer._work()
    count = trainer.run.job.count
    trainer._obey(("ack", 1))
    trainer._work()
    last = [m for m in trainer.outbox.sent if m[0] == "snapshot"][-1]
    assert last[2].count == count < trainer.run.job.count  # then the units went on
    assert trainer.run.job.snapshots_made == 2


def test_a_frame_is_made_as_the_acknowledgement_asks_and_every_other_snapshot_whole():
    trainer = _trainer(LazyCounter())
    trainer._work()
    trainer._obey(("ack", 1, {"picture": False}))
    trainer._work()
    job = trainer.run.job
    assert job.requests == [{}, {"picture": False}]  # the start's, then the frame asked for
    trainer._obey(("pause", 1))  # where it stopped: whole, whatever the last ack said
    trainer._obey(("step", 1, 2))
    trainer._work()
    assert job.requests[2:] == [{}, {}]
    trainer._obey(("ack", 1))  # an acknowledgement that asks nothing: whole frames
    trainer._obey(("resume", 1))
    trainer._work()
    trainer._obey(("ack", 1))
    trainer._work()
    assert job.requests[-1] == {}


@pytest.mark.parametrize("late_s", [0.002, 0.004])
def test_a_limited_run_keeps_its_speed_when_each_chunk_starts_late(monkeypatch, late_s):
    now = [100.0]
    monkeypatch.setattr(job_loop.time, "perf_counter", lambda: now[0])
    trainer = _trainer(Counter())
    run = trainer.run
    run.units_per_second = 100.0  # one unit a chunk, a chunk every 10 ms
    for _ in range(100):
        now[0] = max(now[0], run.resume_at) + late_s  # each wake-up comes a little late
        trainer._work()
    elapsed = now[0] - 100.0
    assert run.job.count / elapsed == pytest.approx(100.0, rel=0.05)


def test_a_pause_sends_where_the_run_stopped_without_waiting_for_an_acknowledgement():
    trainer = _trainer(LazyCounter())
    for _ in range(20):  # running, the window has not taken the first frame yet
        trainer._work()
    trainer._obey(("pause", 1))
    trainer._work()
    last = [m for m in trainer.outbox.sent if m[0] == "snapshot"][-1]
    assert last[2].count == trainer.run.job.count > 0


def _thread_loop(*messages):
    """A thread's loop (gui.job_loop.drive) run here to its end on ``messages``."""
    inbox, outbox = LocalQueue(), LocalQueue()
    for message in messages:
        inbox.put(message)
    job_loop.drive(inbox, outbox)
    return inbox, outbox.take_all()


def test_a_thread_loop_ends_with_its_finished_run_and_closes_its_inbox():
    job = Counter(limit=5)
    inbox, replies = _thread_loop(("start", 1, job, False, None))
    assert job.count == 5
    assert replies[-2][:2] == ("snapshot", 1) and replies[-2][2].count == 5
    assert replies[-1] == ("finished", 1, True)
    assert inbox.put(("command", 1, print)) is False  # the window applies it itself


def test_a_thread_loop_obeys_a_waiting_command_before_it_says_finished():
    job = Counter(limit=0)  # finished at once
    _, replies = _thread_loop(("start", 1, job, True, None),
                              ("command", 1, lambda j: raise_limit(4, j)), ("resume", 1))
    assert job.count == 4
    assert [r for r in replies if r[0] == "finished"] == [("finished", 1, True)]


def test_a_thread_loop_says_the_jobs_failure_and_ends():
    inbox, replies = _thread_loop(("start", 1, Counter(fail_at=3), False, None))
    assert replies[-1][:2] == ("error", 1) and "boom at 3" in replies[-1][2]
    assert inbox.put(("resume", 1)) is False


def test_a_thread_loop_sends_a_first_snapshot_even_of_none_and_is_done_when_cancelled():
    job = OneShot(lambda: 42)
    loop = job_loop.Loop(LocalQueue(), LocalQueue(), load=lambda x: x,
                         one_run=True)
    loop._obey(("start", 1, job, True, None))
    loop._work()
    assert loop.outbox.take_all() == [("snapshot", 1, None)]  # as a view has always seen it
    loop._obey(("cancel", 1))
    assert loop._done and not job.finished  # never stepped


class _Clock:
    """time.perf_counter for gui.job_loop, moved on by the jobs' work."""

    def __init__(self, monkeypatch):
        self.now = 100.0
        monkeypatch.setattr(job_loop.time, "perf_counter", lambda: self.now)


class _CostlyFrames(LazyCounter):
    """Each unit takes ``unit_s`` of the clock, each snapshot ``snapshot_s``."""

    def __init__(self, clock, unit_s, snapshot_s):
        super().__init__()
        self.clock, self.unit_s, self.snapshot_s = clock, unit_s, snapshot_s

    def advance(self, n):
        self.clock.now += n * self.unit_s
        super().advance(n)

    def snapshot(self):
        self.clock.now += self.snapshot_s
        return super().snapshot()


def _run_with_prompt_window(clock, job, seconds):
    """The loop driven for ``seconds`` of the clock, the window acknowledging every frame
    at once: (frames sent, seconds the job's snapshots took)."""
    trainer = job_loop.Loop(queue.Queue(), _Outbox())
    trainer.run = job_loop._Run(1, job, False, None)
    started, frames = clock.now, 0
    while clock.now - started < seconds:
        trainer._work()
        sent = sum(m[0] == "snapshot" for m in trainer.outbox.sent)
        if sent > frames:
            frames = sent
            trainer._obey(("ack", 1))
    return frames, job.snapshots_made * job.snapshot_s


@pytest.mark.parametrize("snapshot_s", [0.004, 0.012, 0.050])
def test_costly_frames_take_at_most_their_share_of_a_running_jobs_time(monkeypatch,
                                                                        snapshot_s):
    clock = _Clock(monkeypatch)
    job = _CostlyFrames(clock, unit_s=0.001, snapshot_s=snapshot_s)
    frames, framing_s = _run_with_prompt_window(clock, job, 10.0)
    assert framing_s / 10.0 <= job_loop.FRAME_SHARE + 0.01
    # as many frames as that share allows: one every snapshot_s / share, give or take
    # the chunk (of CHUNK_BUDGET_S) in which the gap ran out
    interval = snapshot_s / job_loop.FRAME_SHARE + job_loop.CHUNK_BUDGET_S
    assert frames >= 0.95 * 10.0 / interval


def test_cheap_frames_come_at_every_acknowledgement(monkeypatch):
    clock = _Clock(monkeypatch)
    job = _CostlyFrames(clock, unit_s=0.001, snapshot_s=0.0)
    frames, _ = _run_with_prompt_window(clock, job, 1.0)
    assert frames >= job.snapshots_made >= 0.9 * job.count / 8  # ≥ one a chunk (≤ 8 units)


def test_a_loop_waiting_for_a_frame_it_can_afford_sleeps_rather_than_spins(monkeypatch):
    clock = _Clock(monkeypatch)
    job = _CostlyFrames(clock, unit_s=0.001, snapshot_s=0.040)
    trainer = job_loop.Loop(queue.Queue(), _Outbox())
    trainer.run = run = job_loop._Run(1, job, False, 10.0)  # a speed limit: 10 units/s
    run.framed_at, run.frame_s, run.stale = clock.now, 0.040, True
    run.resume_at = clock.now + 1.0
    assert trainer._wait() == pytest.approx(0.040 * (1 - job_loop.FRAME_SHARE)
                                            / job_loop.FRAME_SHARE)
    run.paused = True  # a paused run's frame is one the user asked for: at once
    assert run.frame_due and trainer._wait() == 0.0
