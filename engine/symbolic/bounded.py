"""Run a SymPy call for at most a few seconds.

SymPy cannot be interrupted, and a few of its calls (``limit`` of x^x at 0,
``solve`` of a polynomial system with messy radical roots) run for minutes on a
formula a student can type. :func:`bounded_call` runs the call on a daemon thread
and waits ``seconds``; a call still running then is left to finish in the
background. At most :data:`MAX_LEFT_BEHIND` calls of each kind are left running
at once; past that, the caller gets None at once and falls back to its numerical
route, so runaway calls never pile up on the CPU.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MAX_LEFT_BEHIND = 3
_running: dict[str, list[threading.Thread]] = {}  # per kind of call


def bounded_call(call: Callable[[], T], seconds: float, kind: str) -> T | None:
    """``call()``'s result, or None when it took longer than ``seconds`` or too many
    calls of the same ``kind`` ("limit", "solve") are still running in the background."""
    left = [t for t in _running.get(kind, []) if t.is_alive()]
    _running[kind] = left
    if len(left) >= MAX_LEFT_BEHIND:
        return None
    answer: list[T] = []
    worker = threading.Thread(target=lambda: answer.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        left.append(worker)
        return None
    return answer[0] if answer else None
