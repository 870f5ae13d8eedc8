"""What a recording draws: one plot of a tab, or the whole tab's plots side by side.

A :class:`ViewSpec` names a module-level builder and its (picklable) inputs,
so the recorder process can build the same offscreen view the window would:
``spec.build()`` gives a :class:`gui.record.recorder.RecordView` whose
``paint(snapshot)`` draws one frame.  The builders (``network_views``,
``descent_views``: one module per tab, as the tabs do not import each other)
reuse the tabs' own views, painted exactly as the tabs paint them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gui.record.recorder import RecordView


@dataclass(frozen=True)
class ViewSpec:
    """``builder(*args)`` makes the offscreen view (both must pickle)."""

    builder: Callable[..., RecordView]
    args: tuple

    def build(self) -> RecordView:
        return self.builder(*self.args)


def grid(*cells: tuple[Any, int, int, int, int], stretch: dict[int, int]) -> Any:
    """An unshown widget holding ``(widget, row, column, rows, columns)`` cells."""
    from PySide6.QtWidgets import QGridLayout, QWidget

    frame = QWidget()
    layout = QGridLayout(frame)
    layout.setContentsMargins(4, 4, 4, 4)
    for widget, row, column, rows, columns in cells:
        layout.addWidget(widget, row, column, rows, columns)
    for column, factor in stretch.items():
        layout.setColumnStretch(column, factor)
    return frame
