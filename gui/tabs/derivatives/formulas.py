"""The symbolic side: f, f′, f″ typeset and the derivation listed rule by rule."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.tabs.derivatives.fitted_label import FittedMathLabel
from gui.theme import GREY
from gui.widgets.typeset_queue import TypesetQueue

if TYPE_CHECKING:
    from gui.tabs.derivatives.jobs import StepView

FORMULA_FONT = 13
STEP_FONT = 12
MAX_SHOWN_STEPS = 40
#: Rows added per turn of the event loop: laying out and painting 30 typeset rows at
#: once held the GUI thread for 0.3–0.8 s (issue 14); a few at a time keep it answering.
ROWS_PER_TURN = 4


class DerivativeFormulas(QWidget):
    """f(x), f′(x) and f″(x) as typeset formulas."""

    def __init__(self, queue: TypesetQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.labels: dict[str, FittedMathLabel] = {}
        for key, name in (("f", "formula_f"), ("first", "formula_f1"), ("second", "formula_f2")):
            label = FittedMathLabel(font_size=FORMULA_FONT)
            label.setObjectName(name)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            self.labels[key] = label

    def show_function(self, latex: str, plain: str) -> None:
        self.queue.add(self.labels["f"], f"f(x) = {latex}", f"f(x) = {plain}")

    def show_waiting(self) -> None:
        for key in ("first", "second"):
            self.labels[key].latex = ""
            self.labels[key].setText("working out the derivatives…")

    def show_derivatives(self, first: tuple[str, str], second: tuple[str, str] | None,
                         second_problem: str = "") -> None:
        """Each formula is (latex, plain text fallback); f″ None shows ``second_problem``."""
        self.queue.add(self.labels["first"], f"f'(x) = {first[0]}", f"f′(x) = {first[1]}")
        if second is None:
            self.labels["second"].latex = ""
            self.labels["second"].setText(f"f″(x) is not shown: {second_problem}.")
            return
        self.queue.add(self.labels["second"], f"f''(x) = {second[0]}", f"f″(x) = {second[1]}")

    def show_failure(self, message: str) -> None:
        for key in ("first", "second"):
            self.labels[key].latex = ""
            self.labels[key].setText(message)


class StepsView(QScrollArea):
    """The derivation: one row per rule, ``d/dx[before] = after`` typeset under its name.

    ``show_steps`` adds :data:`ROWS_PER_TURN` rows now and the rest a few per turn of the
    event loop, top to bottom; ``filling`` says rows are still to come.  Whatever is
    shown next (steps, a message) replaces the rows not yet added.
    """

    def __init__(self, queue: TypesetQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("derivation_steps")
        self.setToolTip("How f′ is obtained, one rule at a time (the notes' order)")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.queue = queue
        self.rows: list[QWidget] = []
        self._pending: deque[StepView] = deque()
        self._last_note = ""  # shown once the pending rows are in
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)  # the next turn, after the last rows' layout and paint
        self._turn.timeout.connect(self._fill)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(0, 0, 6, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.setWidget(self._body)

    @property
    def filling(self) -> bool:
        return bool(self._pending or self._last_note)

    def show_steps(self, steps: Sequence[StepView]) -> None:
        self.clear()
        self._pending.extend(steps[:MAX_SHOWN_STEPS])
        if len(steps) > MAX_SHOWN_STEPS:
            self._last_note = f"… {len(steps) - MAX_SHOWN_STEPS} more steps not shown"
        self._fill()

    def show_message(self, text: str) -> None:
        self.clear()
        self._add_note(text)

    def clear(self) -> None:
        self._turn.stop()
        self._pending.clear()
        self._last_note = ""
        for row in self.rows:
            self._layout.removeWidget(row)
            row.hide()  # deleteLater waits for the event loop; the row must go now
            row.deleteLater()
        self.rows = []

    def _fill(self) -> None:
        for _ in range(min(ROWS_PER_TURN, len(self._pending))):
            self._add_row(self._pending.popleft())
        if self._pending:
            self._turn.start()
        elif self._last_note:
            self._add_note(self._last_note)
            self._last_note = ""

    def _add_row(self, step: StepView) -> None:
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(12 * min(step.depth, 4), 0, 0, 0)
        box.setSpacing(0)
        title = QLabel(f"<b>{step.rule}</b>")
        title.setObjectName("step_rule")
        title.setToolTip(step.explanation)
        formula = FittedMathLabel(font_size=STEP_FONT)
        formula.setObjectName("step_formula")
        formula.setToolTip(step.explanation)
        note = QLabel(step.explanation)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        for widget in (title, formula, note):
            box.addWidget(widget)
        self.queue.add(formula, step.latex, step.plain)
        self._insert(row)

    def _add_note(self, text: str) -> None:
        note = QLabel(text)
        note.setWordWrap(True)
        self._insert(note)

    def _insert(self, row: QWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.rows.append(row)
