"""The Record dialog: format, size, frame rate, length and steps; progress and Cancel.

The tab hands over two makers: ``make_job()`` returns a fresh job of the run
with the settings in use (the live run is never touched) and ``make_views()``
what can be recorded, scope → (label, :class:`gui.record.views.ViewSpec`): one
plot, or the whole tab.  The recording itself runs in a recorder process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.recording import frame_units
from gui.record.child import RecordPlan
from gui.record.encoders import FORMATS, mp4_problem
from gui.record.look import current_look
from gui.record.recorder import Recording, RecordView, prepare_recorder, release_recorder
from gui.record.views import ViewSpec

SIZES = ((1280, 720), (1920, 1080))


class RecordDialog(QDialog):
    """Choose how to record, pick a file, watch the progress; Cancel deletes the partial file."""

    def __init__(self, unit: str, units: int, make_job: Callable[[], Any],
                 make_views: Callable[[], dict[str, tuple[str, ViewSpec]]],
                 plot_size: tuple[int, int], parent: QWidget | None = None,
                 fps: int = 30, seconds: int = 10) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle("Record the run")
        self.make_job, self.unit = make_job, unit
        self.recording: Recording | None = None
        self.scope = QComboBox()
        self.scope.setObjectName("record_scope")
        problem = ""
        try:
            for key, (label, spec) in make_views().items():
                self.scope.addItem(label, (key, spec))
        except ValueError as exc:
            problem = f"Cannot record: {exc}"
        self.format = QComboBox()
        self.format.setObjectName("record_format")
        for key, (label, _suffix) in FORMATS.items():
            self.format.addItem(label, key)
        self.mp4_note = QLabel(mp4_problem())
        self.mp4_note.setObjectName("record_mp4_note")
        self.mp4_note.setWordWrap(True)
        self.mp4_note.setVisible(bool(self.mp4_note.text()))
        self.size_choice = QComboBox()
        self.size_choice.setObjectName("record_size")
        # H.264 wants even sides; the plot's own size is rounded down to even
        plot = (max(2, plot_size[0] // 2 * 2), max(2, plot_size[1] // 2 * 2))
        for w, h in (*SIZES, plot):
            label = f"{w} × {h}" + (" (as on screen)" if (w, h) == plot else "")
            self.size_choice.addItem(label, (w, h))
        self.fps = _spin("record_fps", 1, 60, fps, " frames/s")
        self.seconds = _spin("record_seconds", 1, 600, seconds, " s")
        self.units = _spin("record_units", 1, 1_000_000, units, f" {unit}s")
        form = QFormLayout()
        form.addRow("What:", self.scope)
        form.addRow("Format:", self.format)
        form.addRow("", self.mp4_note)
        form.addRow("Size:", self.size_choice)
        form.addRow("Frame rate:", self.fps)
        form.addRow("Length:", self.seconds)
        form.addRow(f"{unit.capitalize()}s:", self.units)
        self.message = QLabel("The run is recorded from its start with the settings in use; "
                              "the live view goes on meanwhile.")
        self.message.setObjectName("record_message")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("record_progress")
        self.record_button = QPushButton("Record…")
        self.record_button.setObjectName("record_start")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("record_cancel")
        self.cancel_button.setEnabled(False)
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.record_button, self.cancel_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        if problem:
            self._say(problem)
            self.record_button.setEnabled(False)
        else:  # the recorder process readies itself while the person chooses
            prepare_recorder()
        self.record_button.clicked.connect(self._choose_file)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        close.clicked.connect(self.close)

    @property
    def frames(self) -> int:
        return self.fps.value() * self.seconds.value()

    def chosen_format(self) -> str:
        return self.format.currentData()

    def chosen_view(self) -> ViewSpec:
        return self.scope.currentData()[1]

    def make_view(self) -> RecordView:
        """The chosen view built here (what the recorder process builds for itself)."""
        return self.chosen_view().build()

    def _choose_file(self) -> None:
        suffix = FORMATS[self.chosen_format()][1]
        path, _ = QFileDialog.getSaveFileName(self, "Record to", f"run{suffix}",
                                              f"*{suffix}")  # fmt: skip
        if path:
            self.record_to(path if path.lower().endswith(suffix) else path + suffix)

    def record_to(self, path: str) -> bool:
        """Start recording into ``path``; False (and why, in the dialog) if it cannot."""
        fmt, size = self.chosen_format(), self.size_choice.currentData()
        if fmt == "mp4" and mp4_problem():
            self._say(mp4_problem())
            return False
        folder = os.path.dirname(os.path.abspath(path))
        if not os.access(folder, os.W_OK):
            self._say(f"Cannot write into {folder}: choose another folder.")
            return False
        if self.scope.currentData() is None:
            return False
        try:
            frame_units(self.units.value(), self.frames)
            plan = RecordPlan(self.make_job(), self.units.value(), self.frames,
                              self.chosen_view(), current_look(), fmt, path, size,
                              self.fps.value())
            self.recording = Recording(plan, self)
            self.recording.start()
        except (ValueError, OSError, pickle.PicklingError) as exc:
            self._say(f"Cannot record: {exc}")
            return False
        self.recording.progress.connect(self._on_progress)
        self.recording.saving.connect(self._on_saving)
        self.recording.done.connect(self._on_done)
        self.recording.failed.connect(self._on_failed)
        self.progress.setRange(0, self.frames)
        self.progress.setValue(0)
        self._busy(True)
        self._say(f"Recording {self.frames} frames of {size[0]} × {size[1]} to "
                  f"{os.path.basename(path)}…")
        return True

    def cancel(self) -> None:
        if self.recording is not None and not self.recording.saving_now:
            self.recording.cancel()
            self._busy(False)
            self._say("Cancelled: no file was written.")

    def _cancel_clicked(self) -> None:
        self.cancel()
        prepare_recorder()  # for the next try

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _on_saving(self) -> None:
        self.cancel_button.setEnabled(False)
        self._say("Writing the file…")

    def _on_done(self, path: str) -> None:
        self._busy(False)
        self._say(f"Saved {path}")
        prepare_recorder()  # for another recording from this dialog

    def _on_failed(self, message: str) -> None:
        self._busy(False)
        self._say(message)
        prepare_recorder()

    def _busy(self, busy: bool) -> None:
        self.record_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def done(self, result: int) -> None:
        self.cancel()
        release_recorder()
        super().done(result)

    def closeEvent(self, event) -> None:
        self.cancel()
        release_recorder()
        super().closeEvent(event)


def _spin(name: str, low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


def open_dialog(tab: Any, dialog: RecordDialog) -> RecordDialog:
    """Show ``dialog`` as the tab's one Record dialog (an older one is closed)."""
    old = getattr(tab, "record_dialog", None)
    if old is not None:
        old.close()
        old.deleteLater()
    tab.record_dialog = dialog
    dialog.show()
    return dialog
