"""A worker whose job runs in a trainer process, so it never competes with painting.

Python runs one thread at a time in a process (the GIL).  A training thread
beside the GUI thread therefore takes turns with every frame: painting waits
for the trainer and the trainer waits for painting, and on a two-core machine
the window stutters and training slows.  A :class:`ProcessWorker` has the
same controls and signals as :class:`gui.worker.Worker`, but the job (which
must pickle, as must submitted commands) is sent to a separate Python process
running :func:`gui.job_loop.serve`; snapshots come back through a queue, read
without waiting at each frame of the window's frame clock (``gui.frame_clock``).
Each snapshot is acknowledged once the views hold it: the trainer makes its next
frame only then (``gui.job_loop``), while the window paints this one.

Trainer processes are started with "spawn" (the same on every platform; no
fork of a process that has Qt threads) and kept for reuse: closing a tab or
starting a new run costs no process start.  ``close_trainers`` ends them all.
"""

from __future__ import annotations

import atexit
import collections
import functools
import multiprocessing
import pickle
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject

from gui.job_loop import serve
from gui.worker import DISPLAY_INTERVAL_MS, JOIN_TIMEOUT_S, Worker, WorkerBase, new_run_id

PROCESS_NAME = "gradient-lab-trainer"
READER_NAME = "gradient-lab-trainer-reader"


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start children without the parent's ``__main__``.

    A spawned child normally re-runs the parent's main script, which would
    import Qt there for nothing and fail outright for a script without an
    ``if __name__ == "__main__"`` guard.  The trainer needs only
    ``gui.job_loop`` and what the pickled job imports, so the child is told
    there is no main module to re-run (multiprocessing reads ``__main__``'s
    ``__spec__`` and ``__file__`` only while ``start`` prepares the child).
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class TrainerProcess:
    """One child process running ``gui.job_loop.serve``, with its two queues.

    A reader thread takes the child's replies off the pipe as they come:
    reading on the GUI thread would block it whenever a large snapshot is
    still half written (the child's writer waits for its own GIL between the
    header and the body).
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.inbox = context.Queue()
        self.outbox = context.Queue()
        self.process = context.Process(target=serve, args=(self.inbox, self.outbox),
                                       name=PROCESS_NAME, daemon=True)
        with _main_module_hidden():
            self.process.start()
        self._replies: collections.deque[tuple] = collections.deque()
        self._reader = threading.Thread(target=self._read, name=READER_NAME, daemon=True)
        self._reader.start()

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, message: tuple) -> None:
        """Queue ``message``; a feeder thread writes it, so this never waits on the child."""
        self.inbox.put(message)

    def _read(self) -> None:
        while True:
            try:
                reply = self.outbox.get()
            except (EOFError, OSError, ValueError):  # the queue was closed under us
                return
            if reply is None:  # close() says the child is gone
                return
            self._replies.append(reply)

    def replies(self) -> list[tuple]:
        """Every reply that has arrived, oldest first, without waiting."""
        replies = []
        while self._replies:
            replies.append(self._replies.popleft())
        return replies

    def close(self) -> None:
        """Ask the child to quit; end it if it does not within ``JOIN_TIMEOUT_S``."""
        if self.alive:
            self.send(("quit",))
            self.process.join(JOIN_TIMEOUT_S)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(JOIN_TIMEOUT_S)
        self.outbox.put(None)  # this process holds the pipe open too: wake the reader by hand
        self._reader.join(JOIN_TIMEOUT_S)
        for box in (self.inbox, self.outbox):
            box.cancel_join_thread()
            box.close()


_idle: list[TrainerProcess] = []


def _trainer() -> TrainerProcess:
    while _idle:
        trainer = _idle.pop()
        if trainer.alive:
            return trainer
        trainer.close()
    return TrainerProcess()


def close_trainers() -> None:
    """End every idle trainer process (at application quit)."""
    while _idle:
        _idle.pop().close()


atexit.register(close_trainers)  # also for scripts and tests that never quit a QApplication


class ProcessWorker(WorkerBase):
    """Runs one picklable engine job at a time in a trainer process (see the module text)."""

    def __init__(self, parent: QObject | None = None,
                 display_interval_ms: int = DISPLAY_INTERVAL_MS) -> None:
        super().__init__(parent, display_interval_ms)
        self._trainer: TrainerProcess | None = None
        self._run_id: int | None = None
        self._has_job = False

    # ---- public control -------------------------------------------------
    @property
    def has_job(self) -> bool:
        return self._has_job

    def start(self, job: Any, paused: bool = False) -> None:
        """Drive ``job`` from now on (cancelling any previous run).

        The job is pickled here, so one that cannot travel fails at once.
        """
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        self.cancel()
        if self._trainer is None or not self._trainer.alive:
            self._trainer = _trainer()
        self._run_id = new_run_id()
        self._has_job = True
        self._begin(payload, paused, [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)
                                      for c in self._standing.values()])  # fmt: skip
        self._under_way()

    def submit(self, command: Callable[[Any], None]) -> None:
        """Run ``command(job)`` in the trainer between chunks; a fresh snapshot follows.

        A command for a run that was cancelled or failed is dropped: no job is left
        to change.  It may revive a finished run (a later stop, say).
        """
        if self._run_id is not None:
            self._send("command", pickle.dumps(command, protocol=pickle.HIGHEST_PROTOCOL))

    def cancel(self) -> None:
        """Stop the run without waiting; whatever it still sends is ignored."""
        if self._run_id is not None:
            self._send("cancel")
        self._run_id = None
        self._timer.stop()
        if self._state != "idle":
            self._set_state("idle")

    def shutdown(self) -> None:
        """Cancel and hand the trainer process back for reuse; forget the job."""
        self.cancel()
        self._has_job = False
        trainer, self._trainer = self._trainer, None
        if trainer is not None and trainer.alive:
            _idle.append(trainer)
        elif trainer is not None:
            trainer.close()

    # ---- GUI thread -----------------------------------------------------
    def _send(self, kind: str, *args: Any) -> None:
        self._trainer.send((kind, self._run_id, *args))

    def _deliver(self) -> None:
        run_id, trainer = self._run_id, self._trainer
        if run_id is None or trainer is None:
            return
        replies = trainer.replies()
        if not replies and not trainer.alive:
            self._trainer = None
            trainer.close()
            self._fail(f"the trainer process stopped (exit code {trainer.process.exitcode})")
            return
        self._take(replies, run_id)

    def _on_finished(self, finished: bool) -> None:
        if finished:
            self._set_state("finished")
            self.finished.emit()
        else:  # a command gave the finished job more to do
            self._set_state("paused" if self._paused else "running")

    def _forget_run(self) -> None:
        self._run_id = None


@functools.cache
def processes_available() -> bool:
    """True where trainer processes can run: some sandboxes have no semaphores for the
    queues (sem_open fails), and then training falls back to a thread."""
    try:
        multiprocessing.get_context("spawn").Lock()
    except (OSError, ImportError, NotImplementedError):
        return False
    return True


def training_worker(parent: QObject | None = None,
                    display_interval_ms: int = DISPLAY_INTERVAL_MS) -> WorkerBase:
    """A :class:`ProcessWorker` where processes can run, else a thread :class:`Worker`
    (the same controls and signals; painting then shares the GIL with training)."""
    if processes_available():
        return ProcessWorker(parent, display_interval_ms)
    return Worker(parent, display_interval_ms)
