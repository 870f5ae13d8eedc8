"""A worker whose one-off jobs run in the compute pool's processes (``gui.compute_pool``).

:class:`PoolWorker` has the thread worker's controls and signals (``gui.worker.Worker``),
so a tab changes only the class it makes.  A job that pickles (a ``OneShot`` of a
module-level function, say) is sent to a helper process and run there to its end; its
snapshots come back as they are made and are emitted at the window's frame clock.
Snapshots arrive as copies: ``received`` (given to :meth:`PoolWorker.start`, or the
job's own ``received`` method) turns each into what the slots compare with (the
expression the window asked about, say, rather than its copy).  Cancelling a job that
runs kills its process after a moment, and a job over its budget is stopped the same
way, so hostile SymPy work cannot linger.

Where the pool cannot help, the job runs on a thread as before: before the pool's first
process is up (it is started by the first job, once a tab is being built, so no process
start is on the way to the first window), where processes cannot start, for a job that
does not pickle, or one started paused (a stepped job is a thread's).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from gui.compute_pool import BUDGET_S, Call, ComputePool, running_pool, start_pool
from gui.process_worker import processes_available
from gui.worker import DISPLAY_INTERVAL_MS, Worker


class PoolWorker(Worker):
    """Runs one job at a time in a helper process, or on a thread (see the module text)."""

    def __init__(self, parent: QObject | None = None,
                 display_interval_ms: int = DISPLAY_INTERVAL_MS,
                 budget_s: float = BUDGET_S) -> None:
        super().__init__(parent, display_interval_ms)
        self.budget_s = budget_s
        self._call: Call | None = None
        self._pool: ComputePool | None = None
        self._received: Callable[[Any], Any] | None = None

    @property
    def remote(self) -> bool:
        """True while the current job runs in a helper process."""
        return self._call is not None

    def start(self, job: Any, paused: bool = False,
              received: Callable[[Any], Any] | None = None) -> None:
        """Drive ``job`` from now on (cancelling any previous one); ``received(snapshot)``
        (by default the job's ``received`` method, if it has one) is applied to each
        snapshot that comes back from a process."""
        if self._closed:
            return
        received = received or getattr(job, "received", None)
        pool = _pool_for_calls()
        payload = None
        if pool is not None and not paused and not self._standing:
            try:
                payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a job that cannot travel (a lambda in it) runs here
                payload = None
        if payload is None:
            super().start(job, paused)
            return
        self.cancel()
        self._job, self._pool, self._received = job, pool, received
        self._call = pool.submit(payload, self.budget_s)
        self._timer.start()
        self._set_state("running")

    def cancel(self) -> None:
        call, self._call = self._call, None
        if call is not None and self._pool is not None:
            self._pool.cancel(call)
        super().cancel()

    def _deliver(self) -> None:
        call = self._call
        if call is None:
            super()._deliver()
            return
        for reply in call.take():
            kind = reply[0]
            if kind == "snapshot":
                snapshot = reply[1]
                self.snapshot.emit(self._received(snapshot) if self._received else snapshot)
            else:
                self._call = None
                self._timer.stop()
                if kind == "finished":
                    self._set_state("finished")
                    self.finished.emit()
                else:
                    self._set_state("idle")
                    self.error.emit(reply[1])
            if self._call is not call:  # finished, failed, or a slot started another job
                return


def _pool_for_calls() -> ComputePool | None:
    if not processes_available():
        return None
    start_pool()  # once: cheap here, the processes start on the pool's own thread
    return running_pool()
