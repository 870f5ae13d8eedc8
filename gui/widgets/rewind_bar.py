"""Rewind a run to a recorded point (0, 1, 2, 4, 8, … of its steps or epochs): a choice
of the recorded ones and a button.  It shows what the tab's model lists; it keeps none."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget


class RewindBar(QWidget):
    """``rewind_requested(n)``; :meth:`show_recorded` lists the recorded steps or epochs."""

    rewind_requested = Signal(int)

    def __init__(self, unit: str, kept: str, parent: QWidget | None = None) -> None:
        """``unit``: "step" or "epoch"; ``kept``: what a rewind brings back, for the tip."""
        super().__init__(parent)
        self.setObjectName("rewind_bar")
        self.choice = QComboBox()
        self.choice.setObjectName("rewind_combo")
        self.choice.setToolTip(f"The {unit}s whose {kept} were kept (0, 1, 2, 4, 8, …)")
        self.choice.setMinimumContentsLength(7)
        self.button = QPushButton("Rewind")
        self.button.setObjectName("rewind_button")
        self.button.setToolTip(f"Back to that {unit}: Play replays the run exactly, or change "
                               "the settings first to go on with others")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"Rewind to {unit}"))
        layout.addWidget(self.choice)
        layout.addWidget(self.button)
        self.button.clicked.connect(self._on_button)
        self.show_recorded([])

    def show_recorded(self, recorded: list[int]) -> None:
        """List ``recorded`` (latest first); a pick other than the latest stays picked while
        it is there, else the latest is picked."""
        listed = [self.choice.itemData(i) for i in range(self.choice.count())]
        if listed == list(reversed(recorded)):
            return
        picked = self.choice.currentData() if self.choice.currentIndex() > 0 else None
        with QSignalBlocker(self.choice):
            self.choice.clear()
            for n in reversed(recorded):
                self.choice.addItem(f"{n:,}", n)
            self.choice.setCurrentIndex(max(0, self.choice.findData(picked)))
        self.choice.setEnabled(bool(recorded))
        self.button.setEnabled(bool(recorded))

    def _on_button(self) -> None:
        n = self.choice.currentData()
        if n is not None:
            self.rewind_requested.emit(int(n))
