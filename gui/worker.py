"""How Gradient Lab runs engine work off the GUI thread.

:class:`WorkerBase` is what the views see: the signals, the state and a place
on the window's frame clock.  Two workers share it: :class:`Worker` (here, a
thread of this process, for short symbolic and descent work) and
``gui.process_worker.ProcessWorker`` (a trainer process, for training that
would otherwise fight the painting for Python's GIL).

A :class:`Worker` drives an engine job (see ``engine/job.py``) on a plain
Python thread.  The thread calls ``job.step(n)`` in chunks whose size adapts so
one chunk takes about ``CHUNK_BUDGET_S``; after each chunk it drops the
snapshot into a one-slot mailbox (older snapshots are simply overwritten).  The
window's frame clock (``gui.frame_clock``, one timer for all workers) empties the
mailbox at display rate and emits ``snapshot`` at most once per frame, so the GUI
never sees one signal per step.

Pause, resume, single step, speed limit and cancel are flags the thread reads
between chunks.  Commands that change the job (a new learning rate, say) are
queued with :meth:`Worker.submit` and run on the worker thread between chunks,
so the job is only ever touched by one thread at a time.

Why a Python thread rather than a ``QThread``: the thread never touches Qt, so
it needs no event loop, and waiting for it on close is a plain wait with a
timeout: no "QThread: Destroyed while thread is still running".  A thread that has
finished its run stands by for the next (``gui.standby_threads``): starting a thread
waits until it runs, which behind busy threads blocked the window.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from gui import standby_threads
from gui.frame_clock import FrameSubscription
from gui.job_loop import chunk_units, describe, next_chunk, run_chunk

DISPLAY_INTERVAL_MS = 16
JOIN_TIMEOUT_S = 1.0
THREAD_NAME = "gradient-lab-worker"

_live_workers: weakref.WeakSet[WorkerBase] = weakref.WeakSet()


class _Mailbox:
    """A one-slot, thread-safe box: the newest snapshot wins."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._item: Any = None
        self._full = False

    def put(self, item: Any) -> None:
        with self._lock:
            self._item, self._full = item, True

    @property
    def empty(self) -> bool:
        return not self._full  # one read of a bool: no lock needed

    def take(self) -> tuple[bool, Any]:
        with self._lock:
            full, item = self._full, self._item
            self._item, self._full = None, False
            return full, item


class _Run:
    """Everything one run shares between the GUI thread and its worker thread.

    Each ``start`` makes a new one, so a thread that outlives its cancel (a
    chunk that ignores the time budget) writes only into its own dead boxes.
    """

    def __init__(self, job: Any, paused: bool, units_per_second: float | None) -> None:
        self.job = job
        self.wake = threading.Condition()
        self.paused = paused
        self.cancel = False
        self.pending_steps = 0
        self.closed = False  # set by the thread, under ``wake``, as it returns
        self.commands: list[Callable[[Any], None]] = []
        self.units_per_second = units_per_second
        self.snapshots = _Mailbox()
        self.errors = _Mailbox()
        self.done = _Mailbox()
        self.ended = threading.Event()  # set by the thread once it has let go of the run


class WorkerBase(QObject):
    """What every worker shows the GUI: its signals, its state, its place on the frame clock.

    Signals (all emitted on the GUI thread):
    ``snapshot(object)`` the newest snapshot, at most once per frame;
    ``error(str)`` the job raised: the message, the run is stopped;
    ``finished()`` the job reports ``finished`` (after its last snapshot);
    ``state_changed(str)`` one of ``idle``, ``running``, ``paused``, ``finished``.
    """

    snapshot = Signal(object)
    error = Signal(str)
    finished = Signal()
    state_changed = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 display_interval_ms: int = DISPLAY_INTERVAL_MS) -> None:
        """``display_interval_ms``: how often snapshots reach the GUI (16 ms, 60 Hz, by
        default; a view whose frames are costly can ask for fewer)."""
        super().__init__(parent)
        self._state = "idle"
        # the window's one frame clock calls _deliver while there is a run to show
        self._timer = FrameSubscription(self._deliver, display_interval_ms, self)
        self._standing: dict[str, Callable[[Any], None]] = {}
        _live_workers.add(self)

    def keep(self, name: str, command: Callable[[Any], None]) -> None:
        """Run ``command(job)`` now (see ``submit``) and on every job started later,
        before its first unit: a wish of the window that outlives runs (only maps on
        screen, say).  A newer command under the same ``name`` replaces the older one."""
        self._standing[name] = command
        if self.has_job:
            self.submit(command)

    @property
    def has_job(self) -> bool:
        raise NotImplementedError

    def submit(self, command: Callable[[Any], None]) -> None:
        raise NotImplementedError

    @property
    def state(self) -> str:
        return self._state

    @property
    def is_running(self) -> bool:
        return self._state == "running"

    def toggle(self) -> None:
        """Play/pause in one call (the Space key)."""
        if self._state == "running":
            self.pause()
        else:
            self.resume()

    def pause(self) -> None:
        raise NotImplementedError

    def resume(self) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        raise NotImplementedError

    def _deliver(self) -> None:
        raise NotImplementedError

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)


class Worker(WorkerBase):
    """Runs one engine job at a time on a thread of this process (see the module text)."""

    def __init__(self, parent: QObject | None = None,
                 display_interval_ms: int = DISPLAY_INTERVAL_MS) -> None:
        super().__init__(parent, display_interval_ms)
        self._job: Any = None
        self._run: _Run | None = None
        self._cancelled: list[_Run] = []
        self._units_per_second: float | None = None
        self._closed = False

    # ---- public control -------------------------------------------------
    @property
    def has_job(self) -> bool:
        return self._job is not None

    def start(self, job: Any, paused: bool = False) -> None:
        """Drive ``job`` from now on (cancelling any previous one).

        After :meth:`shutdown` nothing starts: a timer of a closing view may still
        fire, and its thread would outlive the window.
        """
        if self._closed:
            return
        self.cancel()
        for run in self._cancelled:
            if run.job is job:  # never let two threads touch one job
                run.ended.wait(JOIN_TIMEOUT_S)
        self._job = job
        self._run = _Run(job, paused, self._units_per_second)
        self._run.commands.extend(self._standing.values())  # before any unit of the job
        # a thread standing by takes it without this thread waiting for one to start
        standby_threads.launch(_carry, self._run, THREAD_NAME)
        self._timer.start()
        self._set_state("paused" if paused else "running")

    def pause(self) -> None:
        run = self._run
        if run is None or self._state != "running":
            return
        with run.wake:
            run.paused = True
        self._set_state("paused")

    def resume(self) -> None:
        run = self._run
        if run is None or self._state != "paused":
            return
        with run.wake:
            run.paused = False
            run.wake.notify_all()
        self._set_state("running")

    def step_once(self, n: int = 1) -> None:
        """Advance exactly ``n`` units while paused (pausing first if running)."""
        run = self._run
        if run is None or self._state == "finished":
            return
        self.pause()
        with run.wake:
            run.pending_steps += max(1, int(n))
            run.wake.notify_all()

    def submit(self, command: Callable[[Any], None]) -> None:
        """Run ``command(job)`` on the worker thread between chunks.

        A fresh snapshot follows each command, so a paused view updates too.
        Without a running thread the command runs here and now.
        """
        run = self._run
        if run is not None:
            with run.wake:
                if not run.closed:
                    run.commands.append(command)
                    run.wake.notify_all()
                    return
        # No thread touches the job any more: apply the command here.
        if self._job is not None:
            command(self._job)
            self.snapshot.emit(self._job.snapshot())

    def set_speed_limit(self, units_per_second: float | None) -> None:
        """At most this many units per second; ``None`` for as fast as possible."""
        self._units_per_second = float(units_per_second) if units_per_second else None
        run = self._run
        if run is not None:
            with run.wake:
                run.units_per_second = self._units_per_second
                run.wake.notify_all()

    def cancel(self) -> None:
        """Stop the run without waiting for it.

        The thread stops at the end of its current chunk; until then it can only
        write into its own run's boxes, which nobody reads any more.  Waiting
        here would freeze the window for as long as that chunk takes.
        """
        run, self._run = self._run, None
        if run is not None:
            with run.wake:
                run.cancel = True
                run.wake.notify_all()
            self._cancelled.append(run)
        self._cancelled = [r for r in self._cancelled if not r.ended.is_set()]
        self._timer.stop()
        if self._state != "idle":
            self._set_state("idle")

    def shutdown(self) -> None:
        """Cancel, wait for the threads (at most ``JOIN_TIMEOUT_S``) and forget the job.

        For window close and app quit, when no thread may outlive the window.
        """
        self._closed = True
        self.cancel()
        deadline = time.monotonic() + JOIN_TIMEOUT_S
        for run in self._cancelled:
            run.ended.wait(max(0.0, deadline - time.monotonic()))
        self._cancelled = [r for r in self._cancelled if not r.ended.is_set()]
        self._job = None

    # ---- GUI thread -----------------------------------------------------
    def _deliver(self) -> None:
        run = self._run
        if run is None:
            return
        full, item = run.snapshots.take()
        if full:
            self.snapshot.emit(item)
            if self._run is not run:  # a slot started another job: this run is cancelled
                return
        failed, message = run.errors.take()
        if failed:
            self._reap(run)
            self._set_state("idle")
            self.error.emit(message)
            return
        done, _ = run.done.take()
        if done:
            self._reap(run)
            if not self._job.finished:
                # A command that arrived as the run ended gave the job more to do.
                self.start(self._job, paused=run.paused)
                return
            self._set_state("finished")
            self.finished.emit()

    def _reap(self, run: _Run) -> None:
        # The thread has returned or is returning: waiting costs nothing.
        run.ended.wait(JOIN_TIMEOUT_S)
        if self._run is run:  # else a slot has already started the next run
            self._run = None
            self._timer.stop()
        full, item = run.snapshots.take()
        if full:
            self.snapshot.emit(item)


def _carry(run: _Run) -> None:
    """A worker thread's life for one run (``gui.standby_threads`` reuses the thread)."""
    me = threading.current_thread()
    me.cancelled = lambda: run.cancel  # for the leak check: finishing, not lost
    try:
        _drive(run)
    finally:
        me.name = standby_threads.STANDBY_NAME  # not a worker's thread once it has ended
        run.ended.set()


def _drive(run: _Run) -> None:
    """The worker thread: advance ``run.job`` chunk by chunk until told to stop."""
    job = run.job
    chunk = 1
    try:
        run.snapshots.put(job.snapshot())
        while True:
            with run.wake:
                while (not run.cancel and not run.commands and run.paused
                       and not run.pending_steps and not job.finished):
                    run.wake.wait()
                if run.cancel:
                    run.closed = True
                    return
                commands, run.commands = run.commands, []
                if not commands and job.finished:
                    # Decided under the lock, so no command can slip in unseen.
                    run.closed = True
                    run.done.put(True)
                    return
                single = run.pending_steps if run.paused else 0
                run.pending_steps = 0
                limit = run.units_per_second
            if commands:
                for command in commands:
                    command(job)
                run.snapshots.put(job.snapshot())
                continue
            n = chunk_units(chunk, single, limit)
            # a frame is wanted once the window has taken the last one from the box
            snapshot, elapsed = run_chunk(job, n, single, run.snapshots.empty)
            if snapshot is not None:
                run.snapshots.put(snapshot)
            if not single:
                chunk = next_chunk(chunk, n, elapsed)
            if limit and not single and not job.finished:
                _sleep(run, n / limit - elapsed)
            # Let the GUI thread take the GIL between chunks.
            time.sleep(0)
    except Exception as exc:  # the job's own failure: reported, never raised here
        with run.wake:
            run.closed = True
        run.errors.put(describe(exc))


def _sleep(run: _Run, seconds: float) -> None:
    if seconds > 0:
        with run.wake:
            run.wake.wait_for(lambda: run.cancel or bool(run.commands), timeout=seconds)


def shutdown_all() -> None:
    """Stop every worker still alive (connected to ``QApplication.aboutToQuit``)."""
    for worker in list(_live_workers):
        worker.shutdown()
    standby_threads.close()


def live_threads() -> list[threading.Thread]:
    """Worker threads still running, for tests and the close check."""
    return [t for t in threading.enumerate() if t.name == THREAD_NAME and t.is_alive()]
