"""Typeset many formulas off the GUI thread, through the one worker pattern.

matplotlib's mathtext takes 30–200 ms per formula and a derivation can have a
dozen, so rendering on the GUI thread would stall the window.  A
:class:`TypesetJob` (Qt-free) renders one queued formula per unit of work on a
:class:`gui.worker.Worker`; the queue hands each finished picture to its label
on the GUI thread.  Labels that disappear meanwhile are skipped.
"""

from __future__ import annotations

import itertools
from collections import deque

import shiboken6
from PySide6.QtCore import QObject, Signal

from gui.mathtext import pixmap, png_bytes
from gui.widgets.math_label import MathLabel
from gui.worker import Worker

FORGET_AFTER = 32


class TypesetJob:
    """Renders queued ``(key, latex, font size)`` requests, one per step."""

    def __init__(self) -> None:
        self._pending: deque[tuple[int, str, int]] = deque()
        self._done: list[tuple[int, bytes | None]] = []

    @property
    def finished(self) -> bool:
        return not self._pending

    def add(self, key: int, latex: str, font_size: int) -> None:
        self._pending.append((key, latex, font_size))

    def drop(self, keys: set[int]) -> None:
        """Forget queued requests and delivered results with these keys."""
        self._pending = deque(item for item in self._pending if item[0] not in keys)
        self._done = [item for item in self._done if item[0] not in keys]

    def step(self, n: int) -> tuple[tuple[int, bytes | None], ...]:
        for _ in range(n):
            if not self._pending:
                break
            key, latex, font_size = self._pending.popleft()
            try:
                data: bytes | None = png_bytes(latex, font_size)
            except ValueError:
                data = None
            self._done.append((key, data))
        return self.snapshot()

    def snapshot(self) -> tuple[tuple[int, bytes | None], ...]:
        """Every result not yet dropped (keys tell the queue which are new)."""
        return tuple(self._done)


class TypesetQueue(QObject):
    """``add(label, latex)``; ``drained()`` fires when every queued label is typeset."""

    drained = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = Worker(self)
        self._worker.snapshot.connect(self._on_results)
        self._job = TypesetJob()
        self._keys = itertools.count()
        self._waiting: dict[int, tuple[MathLabel, str, str | None]] = {}
        self._delivered: set[int] = set()

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def add(self, label: MathLabel, latex: str, fallback: str | None = None) -> None:
        """Typeset ``latex`` into ``label`` soon (plain ``fallback`` if mathtext refuses it)."""
        key = next(self._keys)
        self._waiting[key] = (label, latex, fallback)
        request = (key, latex, label.font_size)
        if self._worker.state == "running":
            self._worker.submit(lambda job: job.add(*request))
        else:
            self._job = TypesetJob()
            self._job.add(*request)
            self._delivered.clear()
            self._worker.start(self._job)

    def clear(self) -> None:
        """Drop every formula not yet shown."""
        keys = set(self._waiting)
        self._waiting.clear()
        if keys and self._worker.state == "running":
            self._worker.submit(lambda job: job.drop(keys))

    def shutdown(self) -> None:
        self._waiting.clear()
        self._worker.shutdown()

    def _on_results(self, results: tuple[tuple[int, bytes | None], ...]) -> None:
        for key, data in results:
            if key in self._delivered:
                continue
            self._delivered.add(key)
            entry = self._waiting.pop(key, None)
            if entry is not None and shiboken6.isValid(entry[0]):
                label, latex, fallback = entry
                label.show_rendered(latex, pixmap(data) if data else None, fallback)
        if len(self._delivered) > FORGET_AFTER and self._worker.state == "running":
            done, self._delivered = set(self._delivered), set()
            self._worker.submit(lambda job: job.drop(done))
        if not self._waiting:
            self.drained.emit()
