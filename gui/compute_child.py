"""The loop of a compute process (``gui.compute_pool``): run one job at a time to its end.

A call arrives as ``(call_id, job_pickle)``: a job (``engine/job.py``; a ``OneShot`` of a
module-level function, say) that this process unpickles and steps one unit at a time
until it is finished, sending ``(call_id, "snapshot", snapshot, finished, retiring)``
after each unit, or ``(call_id, "error", text, retiring)`` when it raises or its snapshot
does not pickle.  ``retiring`` (on a call's last reply) says this process ends now: a
SymPy call the engine bounds in time (``engine.symbolic.bounded``) runs on a thread in a
daemonic process like this one, and one that overran is left running there; the process
gives way to a fresh one rather than share its GIL with it.  ``None`` (or the window's
end of the pipe closing) ends the loop.

Qt-free, like ``gui.job_loop``: the process was forked from the server that
``engine.symbolic.bounded`` keeps with SymPy loaded, and pays for nothing else until
a job's unpickling imports it.  Nothing here can be interrupted: the window kills a
process whose job overran its budget or was cancelled, and starts another.
"""

from __future__ import annotations

import pickle
import threading
from multiprocessing.connection import Connection

from gui.job_loop import describe


def serve_calls(connection: Connection) -> None:
    """Answer calls on ``connection`` until told to stop (see the module text)."""
    _warm_up()
    # Not niced, unlike a trainer: these are short bursts whose engine budgets are in
    # wall-clock seconds (a critical-point search at nice 10 on a loaded machine ran out
    # of its 1.5 s and classified nothing).
    while True:
        try:
            message = connection.recv_bytes()
        except (EOFError, OSError):
            return
        request = pickle.loads(message)
        if request is None:
            return
        call_id, payload = request
        try:
            _run(connection, call_id, payload)
        except (BrokenPipeError, EOFError):
            return
        if _left_running():
            return


def _run(connection: Connection, call_id: int, payload: bytes) -> None:
    job = None
    while True:
        try:
            if job is None:
                job = pickle.loads(payload)  # imports what the job needs, once per process
            snapshot = job.step(1)  # type: ignore[attr-defined]
            finished = bool(job.finished)  # type: ignore[attr-defined]
            reply = pickle.dumps((call_id, "snapshot", snapshot, finished,
                                  finished and _left_running()),
                                 protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # the job's own failure: reported, never raised here
            connection.send_bytes(pickle.dumps((call_id, "error", describe(exc),
                                                _left_running())))
            return
        connection.send_bytes(reply)
        if finished:
            return


def _left_running() -> bool:
    """A thread of a bounded SymPy call still runs past its budget."""
    return threading.active_count() > 1


def _warm_up() -> None:
    """Do once, before the first call, what a fresh process's first SymPy work pays for
    (imports, SymPy's caches): a first critical-point search took 0.9 s instead of
    0.03 s, and its 1.5 s budget ran out on a loaded machine."""
    from engine.symbolic.calculus import critical_points, derivative
    from engine.symbolic.expressions import parse

    f = parse("a x^2 + (y - 1)^2", ("x", "y"))
    _ = derivative(f, "x").latex
    critical_points(f, ((-1.0, 1.0), (-1.0, 2.0)), {"a": 2.0})
