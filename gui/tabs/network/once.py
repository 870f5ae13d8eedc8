"""One piece of engine work as a one-unit job, so ``gui.worker.Worker`` can run it off the GUI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Once:
    """``step`` runs ``compute`` once; the snapshot is its result (None before)."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute
        self._result: Any = None
        self.finished = False

    def step(self, n: int) -> Any:
        if not self.finished:
            self._result = self._compute()
            self.finished = True
        return self._result

    def snapshot(self) -> Any:
        return self._result
