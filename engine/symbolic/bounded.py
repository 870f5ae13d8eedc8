"""Run a SymPy call for at most a few seconds, in a helper process killed past them.

SymPy cannot be interrupted, and a few of its calls (``limit`` of x^x at 0,
``solve`` of a polynomial system with messy radical roots) run for minutes on a
formula a student can type. A thread left running past its budget would go on
holding the GIL for those minutes, slowing the window and every other worker, so
:func:`bounded_call` sends the call to a helper process instead and waits
``seconds``; past them the helper is killed and the caller gets None (it falls back
to its numerical route). Helpers are forked from a server that has SymPy loaded
(a fork costs milliseconds) and are kept for the next call while they behave.
A daemonic process may not have children (the trainer, a test's sandbox): there the
call runs on a thread that is left to finish in the background past its budget.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import types
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

START_SECONDS = 60.0  # the most a helper's start may take (the first loads SymPy)
MAX_IDLE = 2  # helpers kept waiting for the next call
PRELOAD = ["sympy", "engine.symbolic.limits", "engine.symbolic.critical_points_2d"]
_READY = "ready"

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)
_idle: list[_Helper] = []
_lock = threading.Lock()


def bounded_call(function: Callable[..., T], args: tuple, seconds: float) -> T | None:
    """``function(*args)``, or None when it took longer than ``seconds``, raised, its
    helper process died or no helper could start within ``seconds``. ``function`` and
    ``args`` must pickle (a module-level function and SymPy expressions do)."""
    if multiprocessing.current_process().daemon:
        return _thread_call(function, args, seconds)
    helper = _take_helper(seconds)
    if helper is None:
        return None
    answered, result = helper.call(function, args, seconds)
    if answered:
        _give_back(helper)
    else:
        helper.kill()
    return result


def warm_up() -> threading.Thread:
    """Start one helper in the background and keep it idle: the first loads SymPy in the
    server (1–2 s), which the first corner or pole a student asks about need not wait for."""

    def start() -> None:
        if multiprocessing.current_process().daemon:
            return
        try:
            helper = _take_helper(START_SECONDS)
        except OSError:  # the program is ending while the helper starts: no one needs it
            return
        if helper is not None:
            _give_back(helper)

    thread = threading.Thread(target=start, name="gradient-lab-sympy-warm-up", daemon=True)
    thread.start()
    return thread


def _thread_call(function: Callable[..., T], args: tuple, seconds: float) -> T | None:
    answer: list[T] = []
    worker = threading.Thread(target=lambda: answer.append(function(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    return answer[0] if answer else None


def _serve(connection: Connection) -> None:
    """A helper's loop: answer (function, args) with (True, result) or (False, None)."""
    try:
        connection.send(_READY)
    except OSError:  # the window closed while this helper started
        return
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, function(*args))
        except Exception:  # the caller's numerical route takes over, as for a timeout
            reply = (False, None)
        try:
            connection.send(reply)
        except OSError:  # the caller is gone
            return
        except Exception:  # an answer that does not pickle
            connection.send((False, None))


class _Helper:
    def __init__(self) -> None:
        self.connection, child_end = _context.Pipe()
        self.process = _context.Process(target=_serve, args=(child_end,), daemon=True,
                                        name="gradient-lab-sympy")
        with _MainModuleHidden():
            self.process.start()
        child_end.close()

    def ready(self, wait: float) -> bool:
        """Whether the helper said it is ready within ``wait`` seconds."""
        try:
            return self.connection.poll(wait) and self.connection.recv() == _READY
        except (EOFError, OSError):
            return False

    def call(
        self, function: Callable[..., T], args: tuple, seconds: float
    ) -> tuple[bool, T | None]:
        """(whether the helper answered in time, the result or None)."""
        try:
            self.connection.send((function, args))
            if not self.connection.poll(seconds):
                return False, None
            succeeded, result = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            return False, None
        return True, result if succeeded else None

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def _take_helper(wait: float) -> _Helper | None:
    """An idle helper, or a new one if it starts within ``wait`` seconds. One that starts
    later (the first loads SymPy in the server: seconds on a busy machine) is kept for the
    next call, so no caller waits past its own budget for it."""
    with _lock:
        if _idle:
            return _idle.pop()
    helper = _Helper()
    if helper.ready(wait):
        return helper
    threading.Thread(target=_park_when_ready, args=(helper,), daemon=True,
                     name="gradient-lab-sympy-start").start()
    return None


def _park_when_ready(helper: _Helper) -> None:
    if helper.ready(START_SECONDS):
        _give_back(helper)
    else:
        helper.kill()


def _give_back(helper: _Helper) -> None:
    with _lock:
        if len(_idle) < MAX_IDLE:
            _idle.append(helper)
            return
    helper.kill()


class _MainModuleHidden:
    """The server is started without the parent's ``__main__``: it would otherwise
    re-import the app's main script (and Qt with it) for nothing."""

    def __enter__(self) -> None:
        self._main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")

    def __exit__(self, *exc: object) -> None:
        sys.modules["__main__"] = self._main
