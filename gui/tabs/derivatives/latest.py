"""Run only the newest of a stream of requests on a worker thread.

A slider drag asks for new curves many times a second.  Starting a job per request
would leave every stale job's thread finishing its unit of work beside the new one
(``Worker.start`` cannot interrupt a unit), all of them fighting the GUI thread for
the GIL.  :class:`LatestJob` keeps at most one job running and one request waiting:
a newer request stops the running job (it ends after its current unit) and starts
when that job has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject

from gui.worker import Worker


class StoppableJob(Protocol):
    """A job (``engine/job.py``) that ``stop`` makes finish after its current unit."""

    @property
    def finished(self) -> bool: ...
    def step(self, n: int) -> Any: ...
    def snapshot(self) -> Any: ...
    def stop(self) -> None: ...


class LatestJob(QObject):
    """``request(r)`` runs ``make_job(r)`` for the newest ``r`` only.

    ``on_snapshot`` gets every snapshot of the running job (stale ones too: the receiver
    checks what they answer); ``on_error`` a job's failure, after which the waiting
    request, if any, still runs.
    """

    def __init__(self, parent: QObject, make_job: Callable[[Any], StoppableJob],
                 on_snapshot: Callable[[Any], object], on_error: Callable[[str], object]) -> None:
        super().__init__(parent)
        self.worker = Worker(self)
        self._make_job = make_job
        self._job: StoppableJob | None = None
        self._waiting: Any = None
        self.worker.snapshot.connect(on_snapshot)
        self.worker.error.connect(on_error)
        self.worker.error.connect(self._next)
        self.worker.finished.connect(self._next)

    @property
    def busy(self) -> bool:
        """A job is running or a request waits."""
        return self._waiting is not None or self.worker.is_running

    @property
    def running_job(self) -> StoppableJob | None:
        return self._job if self.worker.is_running else None

    def request(self, request: Any) -> None:
        job = self.running_job
        if job is not None:
            self._waiting = request
            job.stop()
            return
        self._start(request)

    def cancel(self) -> None:
        """Drop the waiting request and stop the running job (its answer is not wanted)."""
        self._waiting = None
        if self._job is not None:
            self._job.stop()

    def shutdown(self) -> None:
        self._waiting = None
        self.worker.shutdown()

    def _next(self, *_args: object) -> None:
        request, self._waiting = self._waiting, None
        if request is not None:
            self._start(request)

    def _start(self, request: Any) -> None:
        self._job = self._make_job(request)
        self.worker.start(self._job)
