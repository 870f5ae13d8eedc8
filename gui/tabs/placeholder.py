"""Stands in for a tab whose module has not been written yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from gui.tabs.base import LabTab


class PlaceholderTab(LabTab):
    """Says plainly what the tab will hold (or, with ``broken`` set, why it failed)."""

    def __init__(self, title: str, promise: str) -> None:
        super().__init__()
        self.title = title
        label = QLabel(f"<h2>{title}</h2><p>{promise}</p>")
        label.setObjectName("placeholder_label")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
