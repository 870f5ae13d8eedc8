"""Run a SymPy call for at most a few seconds.

SymPy cannot be interrupted, and a few of its calls (``limit`` of x^x at 0,
``solve`` of a large polynomial system) run for minutes on a formula a student can
type. :func:`bounded_call` runs the call on a daemon thread and waits ``seconds``;
a call still running then is left to finish in the background, and no other is
started until it has, so at most one runaway call ever shares the CPU. The caller
falls back to its numerical route whenever the answer is None.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_running: list[threading.Thread] = []


def bounded_call(call: Callable[[], T], seconds: float) -> T | None:
    """``call()``'s result, or None when it took longer than ``seconds`` or another
    call left behind earlier is still running."""
    if any(t.is_alive() for t in _running):
        return None
    _running.clear()
    answer: list[T] = []
    worker = threading.Thread(target=lambda: answer.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        _running.append(worker)
        return None
    return answer[0] if answer else None
