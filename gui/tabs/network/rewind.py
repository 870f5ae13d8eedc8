"""Rewind the run to a recorded epoch (0, 1, 2, 4, 8, …): a choice of epoch and a button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget


class RewindBar(QWidget):
    """``rewind_requested(epoch)``; ``show_epochs(epochs)`` lists the recorded ones."""

    rewind_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rewind_bar")
        self.epochs = QComboBox()
        self.epochs.setObjectName("rewind_epoch_combo")
        self.epochs.setToolTip("Epochs whose weights, momentum and sample order were kept "
                               "(0, 1, 2, 4, 8, …)")
        self.epochs.setMinimumContentsLength(7)
        self.button = QPushButton("Rewind")
        self.button.setObjectName("rewind_button")
        self.button.setToolTip("Back to that epoch: Play replays the run exactly, or change "
                               "η or μ first to go on with other settings")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Rewind to epoch"))
        layout.addWidget(self.epochs)
        layout.addWidget(self.button)
        self.button.clicked.connect(self._on_button)
        self._shown: list[int] = []

    def show_epochs(self, epochs: list[int]) -> None:
        """List ``epochs`` (latest first, the one picked stays picked if still there)."""
        if epochs == self._shown:
            return
        picked = self.epochs.currentData()
        self._shown = list(epochs)
        self.epochs.clear()
        for epoch in reversed(epochs):
            self.epochs.addItem(f"{epoch:,}", epoch)
        index = self.epochs.findData(picked)
        self.epochs.setCurrentIndex(max(0, index))
        self.button.setEnabled(bool(epochs))

    def _on_button(self) -> None:
        epoch = self.epochs.currentData()
        if epoch is not None:
            self.rewind_requested.emit(int(epoch))
