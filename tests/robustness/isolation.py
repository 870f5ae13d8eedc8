"""Run one hostile case in a child process with a hard timeout and a memory cap.

A case that hangs (a FIFO opened for reading waits for a writer forever) or
eats memory (``/dev/zero`` never ends) must fail its test, not block the suite
or the machine.  Each case runs in a child forked from a clean forkserver
(cheap: the modules under test are preloaded there, and no Qt thread is
forked), under ``RLIMIT_AS``; the parent waits at most ``timeout`` seconds
and then kills it.  The outcome records the time and the child's peak memory,
which the battery's report sums up (``GRADIENT_LAB_ROBUSTNESS_LOG``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

TIMEOUT_S = 20.0
MEMORY_CAP_BYTES = 3 * 2**30
PRELOAD = ["numpy", "engine.files", "engine.network.datasets", "gui.session_file"]
LOG_VARIABLE = "GRADIENT_LAB_ROBUSTNESS_LOG"

_context: Any = None


@dataclass(frozen=True)
class Outcome:
    """How a case ended: "returned", "raised", "timeout" or "crashed" (killed, e.g. by memory)."""

    case: str
    kind: str
    error: str = ""
    message: str = ""
    value: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0

    def describe(self) -> str:
        return f"{self.case}: {self.kind} {self.error} {self.message or self.value}"[:600]


def _child(connection: Any, target: Callable[..., Any], args: tuple) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    start = time.perf_counter()
    try:
        value = target(*args)
        result = {"kind": "returned", "value": repr(value)[:4000]}
    except BaseException as exc:  # any failure at all is the case's outcome
        result = {"kind": "raised", "error": type(exc).__name__, "message": str(exc)[:2000]}
        if not isinstance(exc, ValueError):
            result["message"] += "\n" + traceback.format_exc()[-1500:]
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    connection.send(result)
    connection.close()


def run_isolated(case: str, target: Callable[..., Any], *args: Any,
                 timeout: float = TIMEOUT_S) -> Outcome:
    """``target(*args)`` in a capped child; never waits longer than ``timeout`` seconds."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    receive, send = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(send, target, args), daemon=True)
    start = time.perf_counter()
    child.start()
    send.close()
    if receive.poll(timeout):
        try:
            result = receive.recv()
        except EOFError:
            result = {"kind": "crashed"}
    else:
        result = {"kind": "timeout", "seconds": time.perf_counter() - start}
    child.kill()
    child.join(5)
    receive.close()
    if result["kind"] == "crashed":
        result["message"] = f"exit code {child.exitcode}"
        result["seconds"] = time.perf_counter() - start
    outcome = Outcome(case=case, **result)
    record(outcome)
    return outcome


def record(outcome: Outcome) -> None:
    """Append the outcome to the battery's log, when one is asked for."""
    path = os.environ.get(LOG_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(asdict(outcome)) + "\n")
