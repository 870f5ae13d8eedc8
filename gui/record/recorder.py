"""Render snapshots into an offscreen view, frame by frame, in short slices on the GUI thread.

The view is a widget that is never shown: each frame it is painted from one
snapshot and drawn into a QImage of exactly the chosen size
(``QWidget.render``), so frames do not depend on the screen, the window or
machine load.  A zero-interval timer renders frames until a slice has taken
``SLICE_S``, then lets the event loop run (the live view keeps painting).
Pillow's final save of GIF and APNG runs on a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from gui.record.encoders import FrameWriter
from gui.worker import Worker

SLICE_S = 0.035  # one frame may add ~20 ms: slices stay under ~50 ms


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


class Recording(QObject):
    """Frames from ``snapshots`` rendered into ``view`` and added to ``writer``.

    Signals: ``progress(done, total)``, ``saving()`` once every frame is rendered,
    ``done(path)`` when the file is in place, ``failed(message)``.
    """

    progress = Signal(int, int)
    saving = Signal()
    done = Signal(str)
    failed = Signal(str)

    def __init__(self, snapshots: Iterator[Any], frames: int, view: RecordView,
                 writer: FrameWriter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshots, self.frames, self.view, self.writer = snapshots, frames, view, writer
        self.rendered = 0
        self.finished = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        self._saver = Worker(self)
        self._saver.snapshot.connect(self._on_saved)
        self._saver.error.connect(self._on_save_error)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        """Stop rendering and delete the partial file (not once the final save has begun)."""
        if self._timer.isActive():
            self._timer.stop()
            self.writer.abort()
            self._drop_view()

    @property
    def saving_now(self) -> bool:
        return self._saver.state in ("running", "paused")

    def _slice(self) -> None:
        start = time.perf_counter()
        try:
            while time.perf_counter() - start < SLICE_S:
                snapshot = next(self._snapshots, None)
                if snapshot is None:
                    self._finish()
                    return
                self.writer.add(render_frame(self.view, snapshot, self.writer.size))
                self.rendered += 1
        except (OSError, ValueError, RuntimeError, BrokenPipeError) as exc:
            self._timer.stop()
            self.writer.abort()
            self._drop_view()
            self.failed.emit(f"The recording stopped: {exc}")
            return
        self.progress.emit(self.rendered, self.frames)

    def _finish(self) -> None:
        self._timer.stop()
        self._drop_view()
        self.progress.emit(self.rendered, self.frames)
        self.saving.emit()
        self._saver.start(OneShot(self.writer.close))

    def _on_saved(self, path: Path) -> None:
        if path is not None:
            self.finished = True
            self.done.emit(str(path))

    def _on_save_error(self, message: str) -> None:
        self.failed.emit(f"The file could not be written: {message}")

    def _drop_view(self) -> None:
        self.view.widget.deleteLater()

    def shutdown(self) -> None:
        self.cancel()
        self._saver.shutdown()
