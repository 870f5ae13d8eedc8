"""Backprop step by step on the network diagram: Back / Next / Play through one sample.

The steps come from engine.network.walkthrough.build_steps, read off the
backprop inspector's own computation; this dialog shows one at a time: the
notes' formula and the same formula with the numbers plugged in (typeset),
and the diagram with the step's units and links lit and labelled.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.network.walkthrough import MAX_LINES, Step
from gui.tabs.network.diagram import DiagramData, NetworkDiagram
from gui.widgets.math_label import MathLabel
from gui.widgets.typeset_queue import TypesetQueue

PLAY_INTERVAL_MS = 1500  # long enough to read a step's numbers before the next
FORMULA_SIZE = 13
N_LINES = MAX_LINES + 2  # the units written out, "… and n more", and the cost


class WalkthroughDialog(QDialog):
    """``show_steps(steps, data, sample)``; Back / Next / Play move through them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkthrough_dialog")
        self.setWindowTitle("Backprop, step by step")
        self.resize(900, 760)
        self.steps: list[Step] = []
        self.index = 0
        self.sample = QLabel()
        self.sample.setObjectName("walkthrough_sample")
        self.title = QLabel()
        self.title.setObjectName("walkthrough_title")
        self.title.setStyleSheet("font-weight: bold;")
        self.formula = MathLabel(font_size=FORMULA_SIZE + 2)
        self.formula.setObjectName("walkthrough_formula")
        self.lines = [MathLabel(font_size=FORMULA_SIZE) for _ in range(N_LINES)]
        # a step's formulas are typeset off the GUI thread (a second under load on it);
        # an offscreen copy drawn into a recording typesets at once (frame_only)
        self.queue: TypesetQueue | None = TypesetQueue(self)
        self.diagram = NetworkDiagram()
        self.diagram.setMinimumSize(560, 340)
        self.back_button = QPushButton("◀ Back")
        self.back_button.setObjectName("walkthrough_back")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setObjectName("walkthrough_next")
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("walkthrough_play")
        self.play_button.setCheckable(True)
        self.record_button = QPushButton("Record…")
        self.record_button.setObjectName("walkthrough_record")
        self.record_button.setToolTip("Record these steps as a video (GIF, animated PNG, MP4)")
        self.position = QLabel()
        self.position.setObjectName("walkthrough_position")
        buttons = QHBoxLayout()
        for widget in (self.back_button, self.next_button, self.play_button, self.record_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.position)
        sheet = QWidget()
        sheet.setObjectName("walkthrough_sheet")
        # a page in the palette's Base colour, like the inspector's: it follows the theme
        sheet.setAutoFillBackground(True)
        sheet.setBackgroundRole(QPalette.ColorRole.Base)
        formulas = QVBoxLayout(sheet)
        formulas.addWidget(self.formula)
        for label in self.lines:
            formulas.addWidget(label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sample)
        layout.addWidget(self.title)
        layout.addWidget(sheet)
        layout.addWidget(self.diagram, 1)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._advance)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.play_button.toggled.connect(self._on_play)
        self.record_button.clicked.connect(lambda: open_walkthrough_recorder(self))
        self.data: DiagramData | None = None

    def show_steps(self, steps: list[Step], data: DiagramData, sample: str) -> None:
        """Start at the first step of ``steps`` on a network drawn from ``data``."""
        self.timer.stop()
        self.play_button.setChecked(False)
        self.steps, self.data = steps, data
        self.sample.setText(sample)
        self.diagram.set_data(data)
        self.go_to(0)

    def go_to(self, index: int) -> None:
        """Show step ``index`` (clipped to the steps there are)."""
        if not self.steps:
            return
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        self.title.setText(step.title)
        if self.queue is not None:
            self.queue.clear()  # the step left behind: its formulas are not wanted now
        self._typeset(self.formula, step.formula)
        for label, latex in zip(self.lines, (*step.lines, *("",) * N_LINES), strict=False):
            label.setVisible(bool(latex))
            if latex:
                self._typeset(label, latex)
        self.diagram.set_step(step)
        self.position.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.steps) - 1)

    @property
    def typesetting(self) -> bool:
        """The shown step's formulas are still being typeset."""
        return self.queue is not None and self.queue.busy

    def _typeset(self, label: MathLabel, latex: str) -> None:
        if self.queue is None:
            label.set_latex(latex)
        else:
            self.queue.add(label, latex)

    def next(self) -> None:
        self.go_to(self.index + 1)

    def back(self) -> None:
        self.go_to(self.index - 1)

    def _on_play(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        if playing:
            if self.index >= len(self.steps) - 1:  # Play at the end starts again
                self.go_to(0)
            self.timer.start()
        else:
            self.timer.stop()

    def _advance(self) -> None:
        if self.index >= len(self.steps) - 1:
            self.play_button.setChecked(False)
            return
        self.next()
        if self.index >= len(self.steps) - 1:
            self.play_button.setChecked(False)

    def frame_only(self) -> None:
        """Hide the buttons: an offscreen copy drawn into a recording shows the step alone."""
        for widget in (self.back_button, self.next_button, self.play_button, self.record_button):
            widget.hide()
        if self.queue is not None:
            self.queue.shutdown()
            self.queue = None

    def shutdown(self) -> None:
        self.timer.stop()
        if self.queue is not None:
            self.queue.shutdown()
        self.close()


def open_walkthrough_recorder(dialog: WalkthroughDialog) -> QWidget | None:
    from gui.record.walkthrough import open_walkthrough_recorder as open_recorder

    return open_recorder(dialog)
