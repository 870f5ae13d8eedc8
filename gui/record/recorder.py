"""Render snapshots into an offscreen view; a recording does it all in a process of its own.

The view is a widget that is never shown: each frame it is painted from one
snapshot and drawn into a QImage of exactly the chosen size
(``QWidget.render``), so frames do not depend on the screen, the window or
machine load.  :class:`Recording` hands the whole work (stepping a copy of
the run, drawing, encoding) to a recorder process (:mod:`gui.record.child`)
and only reads its progress: the GUI thread stays free for the live view.
Measured in ``bench/record_speed.py``: drawing on the GUI thread in slices
left the live view 0.22–0.35× its epochs per second (it took the GUI
process's CPU from the lower-priority trainer).  The process is started when the
Record dialog opens (:func:`prepare_recorder`), so its start (Qt, pyqtgraph, SymPy and
SciPy imports) is over by the time Record is pressed.
"""

from __future__ import annotations

import collections
import multiprocessing
import pickle
import queue
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from gui.record.child import NICENESS, RecordPlan, recorder_main
from gui.record.encoders import temporary_path

POLL_MS = 50
JOIN_S = 5.0


@dataclass
class RecordView:
    """An offscreen view: the widget to draw, and how to paint one snapshot into it."""

    widget: QWidget
    paint: Callable[[Any], None]


def render_frame(view: RecordView, snapshot: Any, size: tuple[int, int]) -> np.ndarray:
    """``snapshot`` painted into ``view`` at ``size`` (w, h): an h × w × 3 uint8 array."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.setDevicePixelRatio(1.0)
    if view.widget.width() != width or view.widget.height() != height:
        view.widget.resize(width, height)
        # a view's first drawing settles its geometry (aspect lock, axes' widths):
        # draw once unseen, so the first frame already looks like the rest
        view.paint(snapshot)
        _draw(view.widget, image)
    view.paint(snapshot)
    _draw(view.widget, image)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).copy()


def _draw(widget: QWidget, image: QImage) -> None:
    # a new title or legend asks for a layout by a posted event: lay out now, so a frame
    # never depends on whether the event loop ran since the last one
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()


class RecorderProcess:
    """A recorder process (:func:`gui.record.child.recorder_main`) and its two queues."""

    def __init__(self, nice: int) -> None:
        from gui.process_worker import _main_module_hidden

        context = multiprocessing.get_context("spawn")
        self.nice = nice
        self.inbox = context.Queue()
        self.replies = context.Queue()
        self.process = context.Process(target=recorder_main,
                                       args=(self.inbox, self.replies, nice),
                                       name="gradient-lab-recorder", daemon=True)
        self.ready = False
        self._held: collections.deque[tuple] = collections.deque()
        with _main_module_hidden():
            self.process.start()

    def next_reply(self) -> tuple | None:
        """The next message from the process, without waiting (None: none yet)."""
        if self._held:
            return self._held.popleft()
        try:
            return tuple(self.replies.get_nowait())
        except queue.Empty:
            return None

    def is_ready(self) -> bool:
        """Whether it has readied itself (any other first message stays to be read)."""
        if not self.ready:
            reply = self.next_reply()
            if reply == ("ready",):
                self.ready = True
            elif reply is not None:
                self._held.appendleft(reply)
        return self.ready

    def end(self, kill: bool) -> None:
        """``kill``: end it now; else give it ``JOIN_S`` to finish (then end it)."""
        if not kill:
            self.process.join(JOIN_S)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(JOIN_S)
        for box in (self.inbox, self.replies):
            box.cancel_join_thread()
            box.close()


_spare: list[RecorderProcess] = []  # at most one, readying itself for the next recording
_quit_hooked: list[bool] = []


def prepare_recorder() -> None:
    """Start a recorder process now (the Record dialog opened), so that the next
    recording finds one ready: its start costs about 1.5 s of CPU, far more wall time on
    a loaded machine at its low priority (bench/record_speed.py)."""
    if _spare and _spare[0].process.is_alive():
        return
    release_recorder()
    _spare.append(RecorderProcess(NICENESS))
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(release_recorder)
        _quit_hooked.append(True)


def spare_recorder() -> RecorderProcess | None:
    """The process :func:`prepare_recorder` started, if it is still waiting for a plan."""
    return _spare[0] if _spare else None


def release_recorder() -> None:
    """End the spare recorder process (the Record dialog closed, or the app quits); it
    holds no file, so it is ended at once rather than waited for."""
    while _spare:
        _spare.pop().end(kill=True)


def _take_recorder(nice: int) -> RecorderProcess:
    """The spare process if it has this niceness and lives, else a new one."""
    if _spare and _spare[0].nice == nice and _spare[0].process.is_alive():
        return _spare.pop()
    release_recorder()
    return RecorderProcess(nice)


class Recording(QObject):
    """A recorder process drawing ``plan`` into its file; this object reports on it.

    Signals: ``progress(done, total)``, ``saving()`` once every frame is rendered,
    ``done(path)`` when the file is in place, ``failed(message)``.
    """

    progress = Signal(int, int)
    saving = Signal()
    done = Signal(str)
    failed = Signal(str)

    def __init__(self, plan: RecordPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.frames = plan.frames
        self.rendered = 0
        self.finished = False
        self.saving_now = False
        self._process: RecorderProcess | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        """Hand the plan to a recorder process (pickled here: a bad plan fails at once)."""
        payload = pickle.dumps(self.plan, protocol=pickle.HIGHEST_PROTOCOL)
        self._process = _take_recorder(self.plan.nice)
        self._process.inbox.put(payload)
        self._timer.start()
        # quitting mid-recording: end the recorder and leave no partial file behind
        QCoreApplication.instance().aboutToQuit.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def cancel(self) -> None:
        """Stop the recorder and delete the partial file (not once the final save has begun)."""
        if self.running and not self.saving_now:
            self._end_process(kill=True)
            temporary_path(Path(self.plan.path)).unlink(missing_ok=True)

    def _poll(self) -> None:
        # asked before reading: a reply written just before the process ended is read below
        alive = self._process.process.is_alive()
        while (reply := self._process.next_reply()) is not None:
            kind, *args = reply
            if kind == "progress":
                self.rendered = args[0]
                self.progress.emit(self.rendered, self.frames)
            elif kind == "saving":
                self.saving_now = True
                self.saving.emit()
            elif kind == "done":
                self._end_process(kill=False)
                self.finished = True
                self.done.emit(args[0])
                return
            elif kind == "failed":
                self._end_process(kill=False)
                self.failed.emit(f"The recording stopped: {args[0]}")
                return
        if not alive:
            code = self._process.process.exitcode
            self._end_process(kill=True)
            temporary_path(Path(self.plan.path)).unlink(missing_ok=True)
            self.failed.emit(f"The recording stopped: the recorder process ended "
                             f"(exit code {code})")

    def _end_process(self, kill: bool) -> None:
        """Stop polling; ``kill`` ends the process now, else it is given time to exit."""
        self._timer.stop()
        self.saving_now = False
        self._process.end(kill)

    def shutdown(self) -> None:
        self.cancel()
