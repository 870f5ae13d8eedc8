"""A small pool of helper processes for the window's CPU-heavy one-off work.

Why processes: SymPy (derivatives, critical points, a surface's analysis) and
matplotlib's mathtext are pure Python.  On a thread of the window's process they hold
the GIL, and every time the GUI thread lets go of it around a Qt call (painting, an
event) it waits for its turn again: the window froze for 1–6 s in the random-action
test while such threads ran (issue 14).  In a process of its own the work only
competes for a core.

:class:`ComputePool` keeps ``POOL_SIZE`` processes running ``gui.compute_child``'s loop,
forked from the server ``engine.symbolic.bounded`` keeps with SymPy loaded (a fork
costs milliseconds and shares SymPy's memory).  A :class:`Call` is one picklable job
(``engine/job.py``), run to its end by whichever process is free; its snapshots come
back as they are made.  A call that is cancelled while it runs, or that overruns its
budget, has its process killed and replaced: a budget SymPy cannot escape.

One housekeeping thread does all the pool's talking (sending calls, reading replies,
killing and starting processes), so the GUI thread never waits on a pipe or a fork;
it only takes the replies that have arrived (:meth:`Call.take`).  The pool is started
once the first window is on screen (:func:`start_pool`); until then, and where
processes cannot run, the workers (``gui.pool_worker``) use threads.  Qt-free.
"""

from __future__ import annotations

import atexit
import itertools
import multiprocessing
import pickle
import sys
import threading
import time
import types
from collections import deque
from multiprocessing.connection import wait
from typing import Any

from gui.compute_child import serve_calls

POOL_SIZE = 2  # typesetting beside a slow analysis; each process costs ~100 MB (mostly shared)
BUDGET_S = 60.0  # the most one call may take by default
CANCEL_GRACE_S = 1.0  # a cancelled call still running after this loses its process
POLL_S = 0.05
PROCESS_NAME = "gradient-lab-compute"
THREAD_NAME = "gradient-lab-compute-pool"


class Call:
    """One job in the pool.  ``take()`` hands over its replies, oldest first:
    ``("snapshot", snapshot)``, then ``("finished",)`` or ``("error", text)``."""

    def __init__(self, call_id: int, payload: bytes, budget_s: float,
                 lock: threading.Lock) -> None:
        self.id = call_id
        self.payload = payload
        self.budget_s = budget_s
        self.state = "waiting"  # then "running", and "done" or "cancelled"
        self.started_at = 0.0
        self.cancelled_at = 0.0
        self._replies: list[tuple] = []
        self._lock = lock

    def take(self) -> list[tuple]:
        with self._lock:
            replies, self._replies = self._replies, []
        return replies

    def _reply(self, reply: tuple, ends: bool = False) -> None:
        # under the pool's lock
        if self.state in ("waiting", "running"):
            self._replies.append(reply)
            if ends:
                self.state = "done"


class _Process:
    """One helper process and the window's end of its pipe."""

    def __init__(self, context: Any) -> None:
        self.connection, child_end = context.Pipe()
        # daemonic: its bounded SymPy calls run on threads (a process of helper processes
        # of its own, each with its own server, cost 300 MB per pool process), and it ends
        # with the window
        self.process = context.Process(target=serve_calls, args=(child_end,),
                                       name=PROCESS_NAME, daemon=True)
        with _main_module_hidden():
            self.process.start()
        child_end.close()
        self.call: Call | None = None

    def kill(self) -> None:
        self.process.kill()
        self.connection.close()


class ComputePool:
    """``submit(job_pickle)`` → :class:`Call`; ``cancel(call)``; ``close()`` (see module)."""

    def __init__(self, size: int = POOL_SIZE) -> None:
        self.size = size
        self.broken = False  # no process could start: the workers use threads
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._processes: list[_Process] = []
        self._waiting: deque[Call] = deque()
        self._dying: list[_Process] = []
        self._closed = False
        self._wake_reader, self._wake_writer = multiprocessing.Pipe(duplex=False)
        self._thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def submit(self, payload: bytes, budget_s: float = BUDGET_S) -> Call:
        """Queue a pickled job; the first free process runs it."""
        with self._lock:
            call = Call(next(self._ids), payload, budget_s, self._lock)
            if self.broken or self._closed:
                call._reply(("error", "no helper process is running"), ends=True)
            else:
                self._waiting.append(call)
        self._wake()
        return call

    def cancel(self, call: Call) -> None:
        """Forget ``call``: dropped if it waits; its process is replaced if it still
        runs ``CANCEL_GRACE_S`` from now (SymPy cannot be told to stop)."""
        with self._lock:
            if call.state == "waiting":
                self._waiting.remove(call)
            elif call.state == "running":
                call.cancelled_at = time.monotonic()
            call.state = "cancelled"
            call._replies.clear()
        self._wake()

    @property
    def ready(self) -> bool:
        """At least one process is up (the first waits for the server's SymPy)."""
        return bool(self._processes)

    def pids(self) -> list[int]:
        """The helper processes' ids (for tests and the close check)."""
        with self._lock:
            return [p.process.pid for p in self._processes]

    def close(self) -> None:
        """End every helper process (at once: their work is no longer wanted)."""
        with self._lock:
            self._closed = True
            processes, self._processes = self._processes, []
            for call in self._waiting:
                call.state = "cancelled"
            self._waiting.clear()
        self._wake()
        self._thread.join(1.0)
        for process in processes + self._dying:
            process.kill()
            process.process.join(1.0)

    # ---- the housekeeping thread ---------------------------------------
    def _wake(self) -> None:
        try:
            self._wake_writer.send_bytes(b"")
        except OSError:  # closed as the app quits
            pass

    def _serve(self) -> None:
        context = _context()
        while not self._closed:
            if len(self._processes) < self.size:
                if not self._start(context):
                    return
                continue
            self._dispatch()
            with self._lock:
                busy = {p.connection: p for p in self._processes if p.call is not None}
            ready = wait([self._wake_reader, *busy], timeout=POLL_S if busy else None)
            for connection in ready:
                if connection is self._wake_reader:
                    while self._wake_reader.poll():
                        self._wake_reader.recv_bytes()
                else:
                    self._read(busy[connection])
            self._police()

    def _start(self, context: Any) -> bool:
        try:
            process = _Process(context)
        except (OSError, ValueError, RuntimeError):
            with self._lock:
                self.broken = True
                for call in self._waiting:
                    call._reply(("error", "no helper process could start"), ends=True)
                self._waiting.clear()
            return False
        with self._lock:
            if self._closed:
                self._dying.append(process)
            else:
                self._processes.append(process)
        return True

    def _dispatch(self) -> None:
        with self._lock:
            for process in list(self._processes):
                if process.call is not None or not self._waiting:
                    continue
                call = self._waiting.popleft()
                try:
                    process.connection.send_bytes(pickle.dumps((call.id, call.payload)))
                except OSError:  # died idle: replaced below, the call waits for it
                    self._waiting.appendleft(call)
                    self._retire(process)
                    continue
                call.state, call.started_at, process.call = "running", time.monotonic(), call

    def _read(self, process: _Process) -> None:
        try:
            while process in self._processes and process.connection.poll():
                reply = pickle.loads(process.connection.recv_bytes())
                with self._lock:
                    self._take_reply(process, reply)
        except (EOFError, OSError):
            with self._lock:
                if process.call is not None:
                    code = process.process.exitcode
                    process.call._reply(("error", f"the helper process stopped (exit code "
                                                  f"{code})"), ends=True)  # fmt: skip
                self._retire(process)
        except Exception as exc:  # a reply that does not unpickle here
            with self._lock:
                if process.call is not None:
                    process.call._reply(("error", f"the answer could not be read: {exc}"),
                                        ends=True)
                self._retire(process)  # what else it sends cannot be matched any more

    def _take_reply(self, process: _Process, reply: tuple) -> None:
        call = process.call
        call_id, kind, *rest, retiring = reply
        if call is None or call.id != call_id:
            return
        if kind == "snapshot":
            snapshot, finished = rest
            call._reply(("snapshot", snapshot))
            if finished:
                call._reply(("finished",), ends=True)
                process.call = None
        else:
            call._reply(("error", rest[0]), ends=True)
            process.call = None
        if retiring:  # it ends after this reply (see gui.compute_child)
            self._retire(process)

    def _police(self) -> None:
        """Replace processes whose call was cancelled or ran out of time; reap the dead."""
        now = time.monotonic()
        with self._lock:
            for process in list(self._processes):
                call = process.call
                if call is None:
                    continue
                if call.state == "cancelled" and now - call.cancelled_at > CANCEL_GRACE_S:
                    self._retire(process)
                elif call.state == "running" and now - call.started_at > call.budget_s:
                    call._reply(("error", f"stopped after {call.budget_s:g} s: this is "
                                          "more work than the lab allows"), ends=True)
                    self._retire(process)
            for process in list(self._dying):
                process.process.join(0)
                if process.process.exitcode is not None:
                    self._dying.remove(process)

    def _retire(self, process: _Process) -> None:
        # under the lock; the loop starts a replacement
        if process in self._processes:
            self._processes.remove(process)
        process.call = None
        process.kill()
        self._dying.append(process)


def _context() -> Any:
    """The forkserver context ``engine.symbolic.bounded`` preloads SymPy into."""
    from engine.symbolic import bounded

    return bounded._context


class _main_module_hidden:  # noqa: N801 (a context manager, named as one reads it)
    """Start children without the parent's ``__main__`` (see ``gui.process_worker``)."""

    def __enter__(self) -> None:
        self._main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")

    def __exit__(self, *exc: object) -> None:
        sys.modules["__main__"] = self._main


_pool: ComputePool | None = None


def start_pool(size: int = POOL_SIZE) -> ComputePool:
    """Start the pool once (after the first paint: forks, and the server's SymPy, cost
    a second or two of CPU); later calls return the same pool."""
    global _pool
    if _pool is None:
        _pool = ComputePool(size)
    return _pool


def running_pool() -> ComputePool | None:
    """The pool if it was started and has a process up, else None (use a thread)."""
    pool = _pool
    return pool if pool is not None and pool.ready and not pool.broken else None


def close_pool() -> None:
    """End the pool's processes (application quit; tests)."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.close()


atexit.register(close_pool)
