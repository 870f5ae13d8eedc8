"""The chunk loop: driving an engine job in chunks, without Qt, for both workers.

:class:`Loop` runs one job at a time, obeys the window's messages between chunks and
sends snapshots back.  It is fed either way: :func:`serve` is the whole life of a
trainer process (``gui.process_worker``: pickles over process queues), :func:`drive`
one run on a thread of the window's process (``gui.worker``: the job and commands
themselves over two ``gui.local_queue.LocalQueue``).  One rule decides when a frame
is due, the same in both: the window acknowledges a snapshot when its views have
taken it, and the loop makes and sends the next only then (``CREDITS``), and no
sooner than its snapshots stay within ``FRAME_SHARE`` of the time (a big network's
frame costs the trainer milliseconds: a fast window must not take its epochs); a
command's, a single step's, a pause's and the final snapshot go out at once.  An
acknowledgement may say what the window's next frame needs: keyword arguments for the
job's ``snapshot`` (``{"picture": False}``: a LiveRun's frame without the grids the
views will not paint from); every other snapshot is whole.

``next_chunk`` sizes chunks to a time budget, ``run_chunk`` runs one (a job with
``advance(n)`` makes no snapshot there but for a step asked for and its last) and
``describe`` turns a job's exception into one line.  This module must never import
Qt: the trainer process imports it, and only NumPy and the engine besides.

Messages from the window, each a tuple: ``("start", run, job, paused,
units_per_second, *standing_commands)``, ``("pause", run)``, ``("resume", run)``,
``("step", run, n)``, ``("limit", run, units_per_second)``, ``("command", run,
command)``, ``("ack", run, request)``, ``("cancel", run)``, ``("quit",)``; job and commands
pickled for a process.  Messages to the window: ``("snapshot", run, snapshot)``,
``("finished", run, bool)`` when the job's ``finished`` changes, ``("error", run,
text)``.
"""

from __future__ import annotations

import os
import pickle
import queue
import time
import traceback
from collections.abc import Callable
from multiprocessing import parent_process
from typing import Any

from threadpoolctl import threadpool_limits

from gui.local_queue import LocalQueue

CHUNK_BUDGET_S = 0.008
FRAME_S = 0.016  # the frame clock's finest interval (gui.frame_clock.FRAME_MS)
MAX_CHUNK = 1_000_000
CREDITS = 1  # snapshots in flight before the window acknowledges one (it has taken it)
FRAME_SHARE = 0.25  # of a freely running job's time its frames' snapshots may take at most
ORPHAN_CHECK_S = 1.0
NICENESS = 10


def next_chunk(chunk: int, n: int, elapsed: float) -> int:
    """Size the next chunk so one chunk takes about ``CHUNK_BUDGET_S``."""
    if elapsed <= 0:
        return min(MAX_CHUNK, chunk * 2)
    ideal = n * CHUNK_BUDGET_S / elapsed
    # Grow gently, shrink at once: a slow chunk is what makes the GUI stutter.
    return int(max(1, min(MAX_CHUNK, ideal, chunk * 2)))


def chunk_units(chunk: int, single: int, units_per_second: float | None) -> int:
    """Units for the next chunk: the asked-for single steps, else the budgeted chunk,
    but no more than a frame's worth under a speed limit (at 100 epochs/s, one
    chunk every 10 ms: 50 ms' worth held a limited run to 20 frames a second)."""
    if single:
        return single
    if units_per_second:
        return min(chunk, max(1, int(units_per_second * FRAME_S)))
    return chunk


def run_chunk(job: Any, n: int, single: int) -> tuple[Any, float]:
    """One chunk of ``n`` units of ``job``: (its snapshot or None, seconds taken).

    Both workers drive their jobs through this.  A step the user asked for
    (``single``) is shown as the job is now.  A job with ``advance(n)`` (units
    without a snapshot: ``engine.network.live_run.LiveRun``,
    ``engine.descent.run.DescentRun``) makes no other snapshot here but its last:
    its snapshot costs more than its units, and the loop makes one only when the
    window has asked for a frame (``Loop``).  Other jobs return ``step(n)``'s.
    """
    lazy = hasattr(job, "advance")
    started = time.perf_counter()
    snapshot = job.advance(n) if lazy else job.step(n)
    elapsed = time.perf_counter() - started
    if single or (lazy and job.finished):
        snapshot = job.snapshot()  # a step's snapshot may be an older one, reused
    return snapshot, elapsed


def describe(exc: BaseException) -> str:
    """``Type: message (in function)``: the job's failure in one line for the window."""
    frame = traceback.extract_tb(exc.__traceback__)[-1:] or None
    where = f" (in {frame[0].name})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


_NOTHING = object()


class _Run:
    """The job the loop is driving, with the window's wishes for it."""

    def __init__(self, run_id: int, job: Any, paused: bool, units_per_second: float | None):
        self.id = run_id
        self.job = job
        self.paused = paused
        self.units_per_second = units_per_second
        self.pending_steps = 0
        self.chunk = 1
        self.credits = CREDITS
        self.request: dict[str, Any] = {}  # the next frame's snapshot(**request)
        self.latest: Any = _NOTHING  # so a first snapshot of None (a OneShot's) goes out
        self.unsent = False
        self.urgent = False
        self.stale = False  # a job with advance(n) has moved since its last snapshot
        self.resume_at = 0.0  # the speed limit's pause between chunks
        self.reported_finished = False
        self.frame_s = 0.0  # what the last frame's snapshot took
        self.framed_at = -float("inf")  # when it was made (time.perf_counter)

    @property
    def wants_steps(self) -> bool:
        return not self.job.finished and (not self.paused or self.pending_steps > 0)

    @property
    def frame_due(self) -> bool:
        """The window has asked for a frame (a credit) that only a new snapshot can give."""
        return self.stale and self.credits > 0 and not self.unsent and self.frame_wait() == 0

    def frame_wait(self) -> float:
        """Seconds until a frame's snapshot costs at most ``FRAME_SHARE`` of the time since
        the last one: s ≤ share · (s + gap), so gap ≥ s (1 − share) / share.  None to wait
        for when paused: each frame then is one the user asked for."""
        if self.paused:
            return 0.0
        gap = self.frame_s * (1 - FRAME_SHARE) / FRAME_SHARE
        return max(0.0, self.framed_at + gap - time.perf_counter())

    def make_frame(self) -> None:
        """The job's snapshot for the frame the window asked for (as it asked), timed for
        ``frame_wait``."""
        started = time.perf_counter()
        self.record(self.job.snapshot(**self.request), urgent=False)
        self.framed_at = time.perf_counter()
        self.frame_s = self.framed_at - started

    def record(self, snapshot: Any, urgent: bool) -> None:
        """Keep the job's newest snapshot for sending (a job may hand back the last one again)."""
        self.stale = False
        if snapshot is not self.latest:
            self.latest, self.unsent = snapshot, True
        self.urgent = self.unsent and (self.urgent or urgent)


class Loop:
    """The chunk loop: at most one run, the window's messages in ``inbox``, its replies
    in ``outbox`` (``queue.Queue``'s ``get`` and ``put``).

    ``load`` turns what a message carries into the job or command (``pickle.loads``
    across processes).  A trainer process's loop serves run after run until told to
    quit; a thread's (``one_run``) ends with its run: cancelled, failed, or finished
    with nothing left in its inbox (which it then closes, so the window applies later
    commands itself: ``LocalQueue.put`` says so).
    """

    def __init__(self, inbox: Any, outbox: Any,
                 load: Callable[[Any], Any] = pickle.loads, one_run: bool = False) -> None:
        self.inbox = inbox
        self.outbox = outbox
        self.load = load
        self.one_run = one_run
        self.run: _Run | None = None
        self.ended = False  # a thread's run has finished, said so and closed the inbox
        self._checked_at = 0.0

    def serve(self) -> None:
        while True:
            try:
                message = self.inbox.get(timeout=self._wait())
            except queue.Empty:
                message = None
            while message is not None:
                if message[0] == "quit":
                    return
                self._obey(message)
                message = self._next_message()
            if self._done or self._orphaned():
                return
            self._work()
            if self._done:
                return
            if self.one_run:
                # let the window's thread take the GIL between chunks; not in a trainer
                # process: each sleep(0) gives its core away (a context switch, ~80 µs
                # under load, longer for the niced trainer to get it back)
                time.sleep(0)

    @property
    def _done(self) -> bool:
        """A thread's loop is done once its run is: finished (``ended``), cancelled or failed."""
        return self.ended or (self.one_run and self.run is None)

    def _next_message(self) -> tuple | None:
        try:
            return self.inbox.get_nowait()
        except queue.Empty:
            return None

    def _orphaned(self) -> bool:
        """True once the window's process is gone (asked at most every ``ORPHAN_CHECK_S``:
        each asking is a system call, and chunks come every few ms).  A thread's loop
        lives in the window's process: never."""
        now = time.perf_counter()
        if self.one_run or now - self._checked_at < ORPHAN_CHECK_S:
            return False
        self._checked_at = now
        parent = parent_process()
        return parent is not None and not parent.is_alive()

    def _wait(self) -> float:
        """How long to wait for a message before the next chunk (0: work now)."""
        run = self.run
        if run is None:
            return ORPHAN_CHECK_S
        now = time.perf_counter()
        wait = ORPHAN_CHECK_S
        if run.wants_steps:
            wait = 0.0 if run.paused else run.resume_at - now
        if run.unsent and run.credits > 0:
            wait = 0.0
        elif run.stale and run.credits > 0:
            wait = min(wait, run.frame_wait())
        return max(0.0, wait)

    def _obey(self, message: tuple) -> None:
        kind, run_id, *args = message
        if kind == "start":
            job, paused, limit, *standing = args
            self.run = None
            try:
                job = self.load(job)
                for command in standing:  # the window's standing wishes, before any unit
                    self.load(command)(job)
                self.run = _Run(run_id, job, paused, limit)
                self.run.record(job.snapshot(), urgent=True)
            except Exception as exc:  # a job that cannot start: said, never raised
                self._fail(run_id, exc)
            return
        run = self.run
        if run is None or run.id != run_id:
            return  # meant for a run that was cancelled or failed
        if kind == "cancel":
            self.run = None
        elif kind == "ack":
            run.credits += 1
            run.request = args[0] if args else {}
        elif kind == "pause":
            run.paused = True
            # where it stopped goes out at once, not after the window's next acknowledgement
            self._guarded(run, lambda: run.record(run.job.snapshot(), urgent=True))
        elif kind == "resume":
            run.paused = False
        elif kind == "step":
            run.pending_steps += args[0]
        elif kind == "limit":
            run.units_per_second = args[0]
        elif kind == "command":
            self._guarded(run, lambda: _apply(run, self.load(args[0])))
            if self.run is run and run.reported_finished and not run.job.finished:
                # said at once: the revived run may finish again within its first chunk,
                # and the window would never see it leave "finished"
                run.reported_finished = False
                self.outbox.put(("finished", run.id, False))

    def _work(self) -> None:
        run = self.run
        if run is None:
            return
        # a frame the window has just asked for is made and goes out now, not a chunk
        # later (it would then miss the window's next frame: 46–55 frames/s instead of
        # 57–61 for the descent race, 25 instead of 60 once its snapshot came per frame)
        self._ship(run)
        if self.run is run and run.wants_steps and time.perf_counter() >= run.resume_at:
            self._guarded(run, lambda: _advance(run))
        if self.run is run:
            self._ship(run)

    def _ship(self, run: _Run) -> None:
        """Send what is due: a frame the window has asked for (made now if the job has
        moved since its last snapshot), and whether the job has finished."""
        if run.frame_due:
            self._guarded(run, run.make_frame)
            if self.run is not run:
                return
        self._send(run)

    def _guarded(self, run: _Run, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as exc:  # the job's own failure: reported, never raised here
            self.run = None
            self._fail(run.id, exc)

    def _fail(self, run_id: int, exc: Exception) -> None:
        if self.one_run:  # closed before it is said: a command sent after it applies
            self.inbox.close()
        self.outbox.put(("error", run_id, describe(exc)))

    def _send(self, run: _Run) -> None:
        if run.unsent and (run.urgent or run.credits > 0):
            self.outbox.put(("snapshot", run.id, run.latest))
            run.credits -= 1
            run.unsent = run.urgent = False
        finished = bool(run.job.finished)
        if finished != run.reported_finished and not run.unsent:
            if finished and self.one_run:
                if not self.inbox.close_if_empty():
                    return  # obeyed first: a command may give the job more to do
                self.ended = True
            run.reported_finished = finished
            self.outbox.put(("finished", run.id, finished))


def _apply(run: _Run, command: Callable[[Any], None]) -> None:
    command(run.job)
    run.record(run.job.snapshot(), urgent=True)


def _advance(run: _Run) -> None:
    """One chunk: ``pending_steps`` units while paused, else as many as the budget allows."""
    single = run.pending_steps if run.paused else 0
    run.pending_steps = 0
    limit = run.units_per_second
    n = chunk_units(run.chunk, single, limit)
    started = time.perf_counter()
    snapshot, elapsed = run_chunk(run.job, n, single)
    if snapshot is not None:
        run.record(snapshot, urgent=bool(single) or run.job.finished)
    else:
        run.stale = hasattr(run.job, "advance")  # (a OneShot's result may be None)
    if not single:
        run.chunk = next_chunk(run.chunk, n, elapsed)
        if limit:
            # from when this chunk was due, not when it began: small chunks would
            # otherwise lose each wake-up's lateness (a tenth of the speed at 1 unit a
            # chunk); at most a frame is made up after a stall
            run.resume_at = max(run.resume_at, started - FRAME_S) + n / limit


def drive(inbox: LocalQueue, outbox: LocalQueue) -> None:
    """One run on a thread of the window's process: the ``start`` waiting in ``inbox``
    (the job and commands themselves, not pickles), until it is cancelled, fails or
    finishes; the inbox is closed when this returns."""
    try:
        Loop(inbox, outbox, load=_same, one_run=True).serve()
    finally:
        inbox.close()


def _same(item: Any) -> Any:
    return item


def serve(inbox: Any, outbox: Any) -> None:
    """The trainer process: obey ``inbox`` and report on ``outbox`` until told to quit.

    While the job runs freely, its newest snapshot goes out as soon as the window
    has acknowledged all but ``CREDITS - 1`` of those sent: the window's frame
    clock paces the frames (it acknowledges a frame when its views take it), so a
    busy window is never flooded and no second clock here stacks on the window's.
    """
    if hasattr(os, "nice"):
        # The window comes first: its painting (and Qt's painting threads) must
        # never queue behind a trainer that would happily use every cycle.
        os.nice(NICENESS)
    try:
        # One BLAS thread: a second one only pays on an idle machine (≤ 26 % on
        # 2-256-256-1), while beside the window and other work it made epochs 10-40x
        # slower (threads waiting on each other).  Only this process is limited.
        # NumPy first: threadpoolctl limits the BLAS libraries loaded when it is entered,
        # and a fresh trainer process loads NumPy's only when the first job is unpickled
        # (which then ran on every thread: 9x slower on a 100,000-row CSV under load)
        import numpy  # noqa: F401

        with threadpool_limits(limits=1, user_api="blas"):
            Loop(inbox, outbox).serve()
    finally:
        # Leave at once even if the window stopped reading: nothing it needs is unsent.
        outbox.cancel_join_thread()
