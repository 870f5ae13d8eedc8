"""The hidden units' maps are made only while the network diagram is on screen.

Each hidden unit's small heat map is the network evaluated over a grid of the
plane, layer by layer: for 2-64-64-1 that is most of a snapshot's cost, and the
trainer made them for every frame whether the diagram showed them or not
(issue 16).  The diagram is off screen while another tab is shown (its
splitter pane cannot be closed); the trainer is told (``live_run.set_hidden_maps``)
through the worker's standing commands, so a run started later is told too.
Shown again, the command's fresh snapshot brings the maps back at once, even
while paused.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from engine.network import live_run
from gui.worker import WorkerBase

_WATCHED = {QEvent.Type.Show, QEvent.Type.Hide}


class HiddenMapDemand(QObject):
    """Watches ``diagram`` and keeps ``worker``'s job making hidden maps only while it shows."""

    def __init__(self, diagram: QWidget, worker: WorkerBase) -> None:
        super().__init__(diagram)
        self._diagram, self._worker = diagram, worker
        self.wanted: bool | None = None
        diagram.installEventFilter(self)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WATCHED:
            self._update()
        return False

    def _update(self) -> None:
        wanted = self._diagram.isVisible()
        if wanted != self.wanted:
            self.wanted = wanted
            self._worker.keep("hidden_maps", partial(live_run.set_hidden_maps, wanted))
