"""Typeset many formulas off the GUI thread, in a helper process.

matplotlib's mathtext takes 30–200 ms per formula and a derivation can have a
dozen.  On the GUI thread that would stall the window, and on a thread of the
window's process it still held the GIL the window needs to paint (issue 14), so the
queue sends its formulas in small batches (:class:`gui.widgets.typeset_job.TypesetJob`)
to a :class:`gui.pool_worker.PoolWorker` and hands each finished picture to its label
on the GUI thread.  Labels that disappear meanwhile are skipped; formulas cleared
before their batch left are never sent.
"""

from __future__ import annotations

import itertools
from collections import deque

import shiboken6
from PySide6.QtCore import QObject, Signal

from gui.mathtext import current_style, pixmap
from gui.pool_worker import PoolWorker
from gui.widgets.math_label import MathLabel
from gui.widgets.typeset_job import TypesetJob

#: formulas sent at once: a cleared queue wastes at most one batch of work
BATCH = 6


class TypesetQueue(QObject):
    """``add(label, latex)``; ``drained()`` fires when every queued label is typeset."""

    drained = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = PoolWorker(self)
        self._worker.snapshot.connect(self._on_results)
        self._worker.finished.connect(self._send)
        self._worker.error.connect(self._on_error)
        self._keys = itertools.count()
        self._pending: deque[tuple[int, str, int]] = deque()
        self._waiting: dict[int, tuple[MathLabel, str, str | None]] = {}
        self._batch: list[int] = []  # the keys under way

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def add(self, label: MathLabel, latex: str, fallback: str | None = None) -> None:
        """Typeset ``latex`` into ``label`` soon (plain ``fallback`` if mathtext refuses it)."""
        key = next(self._keys)
        self._waiting[key] = (label, latex, fallback)
        self._pending.append((key, latex, label.font_size))
        if self._worker.state != "running":
            self._send()

    def clear(self) -> None:
        """Drop every formula not yet shown (a batch under way finishes unseen)."""
        self._waiting.clear()
        self._pending.clear()

    def shutdown(self) -> None:
        self.clear()
        self._worker.shutdown()

    def _send(self) -> None:
        if not self._pending:
            if not self._waiting:
                self.drained.emit()
            return
        batch = [self._pending.popleft() for _ in range(min(BATCH, len(self._pending)))]
        self._batch = [key for key, _, _ in batch]
        self._worker.start(TypesetJob(batch, current_style()))

    def _on_results(self, results: tuple[tuple[int, bytes | None], ...]) -> None:
        for key, data in results:
            entry = self._waiting.pop(key, None)
            if entry is not None and shiboken6.isValid(entry[0]):
                label, latex, fallback = entry
                label.show_rendered(latex, pixmap(data) if data else None, fallback)

    def _on_error(self, _message: str) -> None:
        # the batch's helper failed (killed, say): its labels show their plain text
        for key in self._batch:
            entry = self._waiting.pop(key, None)
            if entry is not None and shiboken6.isValid(entry[0]):
                label, latex, fallback = entry
                label.show_rendered(latex, None, fallback)
        self._send()
