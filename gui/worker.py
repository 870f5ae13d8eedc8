"""How Gradient Lab runs engine work off the GUI thread.

:class:`WorkerBase` is what the views see: the signals, the state and a place
on the window's frame clock.  Two workers share it: :class:`Worker` (here, a
thread of this process, for short symbolic and descent work) and
``gui.process_worker.ProcessWorker`` (a trainer process, for training that
would otherwise fight the painting for Python's GIL).  Both run the one chunk
loop, ``gui.job_loop.Loop``, and speak to it the same way: messages in, snapshots,
``finished`` and errors out, each snapshot acknowledged once the views hold it
(the loop makes and sends the next frame only then).

A :class:`Worker` runs each job on a plain Python thread, ``gui.job_loop.drive``
with two in-process queues: the job and commands travel as themselves, not
pickled, and the job stays in this process (a view may read it; a command that
arrives after its run has ended is applied here and now).  The thread calls
``job.step(n)`` in chunks whose size adapts so one chunk takes about
``CHUNK_BUDGET_S``; the window's frame clock (``gui.frame_clock``, one timer for
all workers) takes the replies at display rate and emits ``snapshot`` at most once
per frame, so the GUI never sees one signal per step.

Pause, resume, single step, speed limit and cancel are messages the loop reads
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

import itertools
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal

from gui import standby_threads
from gui.frame_clock import FrameSubscription
from gui.job_loop import drive
from gui.local_queue import LocalQueue

DISPLAY_INTERVAL_MS = 16
JOIN_TIMEOUT_S = 1.0
THREAD_NAME = "gradient-lab-worker"

_live_workers: weakref.WeakSet[WorkerBase] = weakref.WeakSet()
_run_ids = itertools.count(1)


def new_run_id() -> int:
    """A run's number, unique over all workers (a reused trainer process may still hold
    replies for an earlier worker's run)."""
    return next(_run_ids)


class _Run:
    """One run of a :class:`Worker`: its thread's two queues.

    Each ``start`` makes a new one, so a thread that outlives its cancel (a
    chunk that ignores the time budget) writes only into its own dead queues.
    """

    def __init__(self, job: Any) -> None:
        self.id = new_run_id()
        self.job = job
        self.inbox = LocalQueue()
        self.outbox = LocalQueue()
        self.cancelled = False  # for the leak check: a cancelled thread is finishing, not lost
        self.ended = threading.Event()  # set by the thread once it has let go of the run

    def send(self, kind: str, *args: Any) -> bool:
        """Tell the loop; False once it has ended (closed its inbox)."""
        return self.inbox.put((kind, self.id, *args))


class WorkerBase(QObject):
    """What every worker shows the GUI: its signals, its state, its place on the frame clock.

    Signals (all emitted on the GUI thread):
    ``snapshot(object)`` the newest snapshot, at most once per frame;
    ``error(str)`` the job raised: the message, the run is stopped;
    ``finished()`` the job reports ``finished`` (after its last snapshot);
    ``state_changed(str)`` one of ``idle``, ``running``, ``paused``, ``finished``.

    Each worker says which run is current (``_run_id``, None for none) and how it
    talks to its loop (``_send``); ``_take`` turns the loop's replies into signals.
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
        self._paused = False  # as the run was told last: a revived run goes on so
        self._units_per_second: float | None = None
        # what the views' next frame needs of the job's snapshot (keyword arguments,
        # said with each acknowledgement: ``gui.job_loop``); None: all of it
        self.frame_request: Callable[[], dict[str, Any]] | None = None
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
        if self._run_id is None or self._state != "running":
            return
        self._paused = True
        self._send("pause")
        self._set_state("paused")

    def resume(self) -> None:
        if self._run_id is None or self._state != "paused":
            return
        self._paused = False
        self._send("resume")
        self._set_state("running")

    def step_once(self, n: int = 1) -> None:
        """Advance exactly ``n`` units while paused (pausing first if running)."""
        if self._run_id is None or self._state == "finished":
            return
        self.pause()
        self._send("step", max(1, int(n)))

    def set_speed_limit(self, units_per_second: float | None) -> None:
        """At most this many units per second; ``None`` for as fast as possible."""
        self._units_per_second = float(units_per_second) if units_per_second else None
        if self._run_id is not None:
            self._send("limit", self._units_per_second)

    def shutdown(self) -> None:
        raise NotImplementedError

    def _deliver(self) -> None:
        raise NotImplementedError

    def _begin(self, job: Any, paused: bool, standing: list[Any]) -> None:
        """Tell the loop to start the current run: ``job`` and the ``standing`` commands
        as they travel (they apply before the job's first unit)."""
        self._paused = paused
        self._send("start", job, paused, self._units_per_second, *standing)

    def _under_way(self) -> None:
        """The run has begun: it is shown from now on (slots of ``state_changed`` run now)."""
        self._timer.start()
        self._set_state("paused" if self._paused else "running")

    def _take(self, replies: Iterable[tuple], run_id: int) -> None:
        """The loop's replies for run ``run_id`` since the last frame, oldest first: the
        newest snapshot is shown (and those taken acknowledged), then what ended it."""
        newest: tuple[Any] | None = None
        taken = 0
        for kind, reply_run, *args in replies:
            if reply_run != run_id:
                continue  # from a cancelled run
            if kind == "snapshot":
                taken += 1
                newest = (args[0],)
                continue
            if newest is not None and not self._emit(newest[0], run_id, taken):
                return
            newest, taken = None, 0
            if kind == "error":
                self._fail(args[0])
                return
            self._on_finished(bool(args[0]))
            if self._run_id != run_id:
                return
        if newest is not None:
            self._emit(newest[0], run_id, taken)

    def _emit(self, snapshot: Any, run_id: int, taken: int) -> bool:
        """Show ``snapshot`` (the newest of ``taken``), then ask for the next frame; False
        if a slot cancelled or replaced the run meanwhile."""
        self.snapshot.emit(snapshot)
        if self._run_id != run_id:
            return False
        # the views hold the frame now and paint it in this turn of the event loop,
        # while the loop makes the next one (as they ask): one frame per tick, none
        # made in vain
        request = {} if self.frame_request is None else self.frame_request()
        for _ in range(taken):
            self._send("ack", request)
        return True

    def _send(self, kind: str, *args: Any) -> None:
        """Tell the loop about the current run (``self._run_id``)."""
        raise NotImplementedError

    def _on_finished(self, finished: bool) -> None:
        raise NotImplementedError

    def _fail(self, message: str) -> None:
        """The run failed: say ``message``; the worker is idle."""
        self._forget_run()
        self._timer.stop()
        self._set_state("idle")
        self.error.emit(message)

    def _forget_run(self) -> None:
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
        run = self._run = _Run(job)
        self._begin(job, paused, list(self._standing.values()))
        # a thread standing by takes it without this thread waiting for one to start;
        # before the state's slots run, so the thread is under way while they do
        standby_threads.launch(_carry, run, THREAD_NAME)
        self._under_way()

    def submit(self, command: Callable[[Any], None]) -> None:
        """Run ``command(job)`` on the worker thread between chunks.

        A fresh snapshot follows each command, so a paused view updates too.
        Without a running thread the command runs here and now.
        """
        run = self._run
        if run is not None and run.send("command", command):
            return
        # No thread touches the job any more: apply the command here.
        if self._job is not None:
            command(self._job)
            self.snapshot.emit(self._job.snapshot())

    def cancel(self) -> None:
        """Stop the run without waiting for it.

        The thread stops at the end of its current chunk; until then it can only
        write into its own run's queues, which nobody reads any more.  Waiting
        here would freeze the window for as long as that chunk takes.
        """
        run, self._run = self._run, None
        if run is not None:
            run.cancelled = True
            run.send("cancel")
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
    @property
    def _run_id(self) -> int | None:
        return None if self._run is None else self._run.id

    def _send(self, kind: str, *args: Any) -> None:
        self._run.send(kind, *args)

    def _deliver(self) -> None:
        run = self._run
        if run is not None:
            self._take(run.outbox.take_all(), run.id)

    def _on_finished(self, finished: bool) -> None:
        # the loop says so as it returns, with nothing left in its inbox (a command sent
        # from now on is applied here): the thread is done with the job
        run = self._run
        run.ended.wait(JOIN_TIMEOUT_S)
        self._forget_run()
        self._timer.stop()
        if not self._job.finished:
            # a command sent as the run ended was applied here and gave the job more to do
            self.start(self._job, paused=self._paused)
            return
        self._set_state("finished")
        self.finished.emit()

    def _forget_run(self) -> None:
        self._run = None


def _carry(run: _Run) -> None:
    """A worker thread's life for one run (``gui.standby_threads`` reuses the thread)."""
    me = threading.current_thread()
    me.cancelled = lambda: run.cancelled  # for the leak check: finishing, not lost
    try:
        drive(run.inbox, run.outbox)
    finally:
        me.name = standby_threads.STANDBY_NAME  # not a worker's thread once it has ended
        run.ended.set()


def shutdown_all() -> None:
    """Stop every worker still alive (connected to ``QApplication.aboutToQuit``)."""
    for worker in list(_live_workers):
        worker.shutdown()
    standby_threads.close()


def live_threads() -> list[threading.Thread]:
    """Worker threads still running, for tests and the close check."""
    return [t for t in threading.enumerate() if t.name == THREAD_NAME and t.is_alive()]
