"""The one chunk step both workers use (gui.job_loop.run_chunk), and the trainer's pacing:
a job with ``advance`` makes a snapshot only for a frame the window can take."""

import pickle
import queue

import pytest

from gui import job_loop
from gui.job_loop import FRAME_S, chunk_units, run_chunk
from tests.process_jobs import Counter, LazyCounter


def test_a_lazy_job_makes_a_snapshot_only_when_a_frame_is_wanted_or_it_ends():
    job = LazyCounter(limit=10)
    assert run_chunk(job, 3, 0, frame_wanted=False)[0] is None and job.snapshots_made == 0
    snapshot, _ = run_chunk(job, 3, 0, frame_wanted=True)
    assert snapshot.count == 6 and job.snapshots_made == 1
    assert run_chunk(job, 2, 2, frame_wanted=False)[0].count == 8  # a step the user asked for
    assert run_chunk(job, 5, 0, frame_wanted=False)[0].count == 10  # the last one
    assert job.snapshots_made == 3


def test_other_jobs_hand_back_their_steps_snapshots():
    job = Counter()
    assert run_chunk(job, 4, 0, frame_wanted=False)[0].count == 4


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
    trainer = job_loop._Trainer(queue.Queue(), _Outbox())
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
