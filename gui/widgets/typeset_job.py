"""Typesetting a batch of formulas as a worker job (Qt-free: it runs in a helper process).

A :class:`TypesetJob` renders ``(key, latex, font size)`` requests in the style it was
given, one per unit of work; its snapshot is every ``(key, PNG bytes or None)`` done so
far (None where mathtext refuses the formula).  ``gui.widgets.typeset_queue`` hands the
pictures to their labels.
"""

from __future__ import annotations

from collections.abc import Iterable

from gui.mathtext_png import Style, png_bytes


class TypesetJob:
    """Renders queued ``(key, latex, font size)`` requests in ``style``, one per step."""

    def __init__(self, requests: Iterable[tuple[int, str, int]], style: Style) -> None:
        self._pending = list(requests)
        self._style = style
        self._done: list[tuple[int, bytes | None]] = []

    @property
    def finished(self) -> bool:
        return len(self._done) == len(self._pending)

    def step(self, n: int) -> tuple[tuple[int, bytes | None], ...]:
        for _ in range(n):
            if self.finished:
                break
            key, latex, font_size = self._pending[len(self._done)]
            try:
                data: bytes | None = png_bytes(latex, font_size, self._style)
            except ValueError:
                data = None
            self._done.append((key, data))
        return self.snapshot()

    def snapshot(self) -> tuple[tuple[int, bytes | None], ...]:
        return tuple(self._done)
