"""A formula box with presets, a reading hint and an inline error line.

Typing is debounced, then the text is read off the GUI thread (a :class:`ParseJob`
on the project's :class:`gui.worker.Worker`), through
``engine.symbolic.expressions.parse`` only (never anything that evaluates text), so
typing never waits for SymPy. Each request carries a serial number and only the
newest one's result is shown: a slow parse that finishes late never overwrites a
newer formula. A formula that cannot be read shows its message under the box, with
the column, and the last good formula stays in force, so the plots never go blank.

Where the text has two common readings (``e^2x``, ``1/2x``, ``sin x y``) the line
``formula_hint`` says which one is used and how to type the other. The line keeps
its height while hidden, so the layout does not jump as the hint comes and goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.symbolic.expression_tokens import ExpressionError
from gui.theme import GREY, VERMILLION
from gui.worker import Worker

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression

DEBOUNCE_MS = 250


class ParseJob:
    """One formula to read, as a worker job: ``step`` parses it (one unit of work);
    the snapshot is ``(serial, Expression | ExpressionError | None)``."""

    def __init__(self, serial: int, text: str, variables: tuple[str, ...]) -> None:
        self.serial = serial
        self.text = text
        self.variables = variables
        self.finished = False
        self._result: Expression | ExpressionError | None = None

    def step(self, n: int) -> tuple[int, Expression | ExpressionError | None]:
        if not self.finished:
            from engine.symbolic.expressions import parse  # SymPy: imported by the worker

            try:
                self._result = parse(self.text, self.variables).prepare()
            except ExpressionError as exc:
                self._result = exc
            self.finished = True
        return self.snapshot()

    def snapshot(self) -> tuple[int, Expression | ExpressionError | None]:
        return self.serial, self._result


class FormulaInput(QWidget):
    """``expression_changed(Expression)`` fires when a new formula parses."""

    expression_changed = Signal(object)

    def __init__(
        self,
        variables: Sequence[str],
        presets: Sequence[tuple[str, str]] = (),
        label: str = "f(x) =",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.variables = tuple(variables)
        self.expression: Expression | None = None
        self._serial = 0  # the newest request; older results are dropped
        self._pending = False
        self._hint_text = ""
        self.line = QLineEdit()
        self.line.setObjectName("formula_input")
        self.line.setToolTip(
            "Type a formula: x^5, (x^4+2)cos x, e^-x, ln|x|, √x, sin²x, sigmoid βx, "
            "floor, max(x, 0); extra letters become sliders."
        )
        self.line.setClearButtonEnabled(True)
        self.presets = QComboBox()
        self.presets.setObjectName("preset_combo")
        self.presets.setToolTip("Load one of the worked examples")
        self.presets.addItem("Presets…", None)
        for name, text in presets:
            self.presets.addItem(name, text)
        self.hint = QLabel()
        self.hint.setObjectName("formula_hint")
        self.hint.setStyleSheet(f"color: {GREY};")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # hiding it must not move what is below
        self.hint.setSizePolicy(policy)
        self.hint.setFixedHeight(self.hint.fontMetrics().height())
        self.hint.hide()
        self.error = QLabel()
        self.error.setObjectName("formula_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {VERMILLION};")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(label))
        row.addWidget(self.line, 1)
        row.addWidget(self.presets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        # the hint and the error never show together: they share one line below the box
        messages = QGridLayout()
        messages.setContentsMargins(0, 0, 0, 0)
        messages.addWidget(self.hint, 0, 0)
        messages.addWidget(self.error, 0, 0)
        layout.addLayout(messages)
        self._worker: Worker | None = None  # made on the first typed request
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.request)
        self.line.textEdited.connect(self._on_edited)
        self.line.returnPressed.connect(self.request)
        self.presets.activated.connect(self._on_preset)

    @property
    def busy(self) -> bool:
        """True while typed text waits for its parse (debounce or worker)."""
        return self._pending or self._debounce.isActive()

    def set_text(self, text: str) -> bool:
        """Put ``text`` in the box and apply it now; True if it parsed."""
        self.line.setText(text)
        return self.apply()

    def text(self) -> str:
        return self.line.text()

    def show_expression(self, expression: Expression) -> None:
        """Show the formula in use (a restored or refused one) without parsing or emitting."""
        self._debounce.stop()
        self._serial += 1  # a typed request still in flight is superseded
        self._pending = False
        self.line.blockSignals(True)
        self.line.setText(expression.text)
        self.line.blockSignals(False)
        self.error.hide()
        self._show_hint("; ".join(expression.hints))
        self.expression = expression

    def apply(self) -> bool:
        """Parse the box's text now (for presets and restored sessions, whose parse
        is bounded like any other); emit on success, show the message on failure.
        A typed request still in flight is superseded."""
        self._debounce.stop()
        self._serial += 1
        self._pending = False
        if self._worker is not None:
            self._worker.cancel()
        from engine.symbolic.expressions import parse

        try:
            expression = parse(self.line.text(), self.variables)
        except ExpressionError as exc:
            self._refuse(str(exc))
            return False
        self._accept(expression)
        return True

    def request(self) -> None:
        """Read the box's text on the worker; the result arrives in ``_on_parsed``."""
        self._debounce.stop()
        self._serial += 1
        self._pending = True
        if self._worker is None:
            self._worker = Worker(self)
            self._worker.snapshot.connect(self._on_parsed)
            self._worker.error.connect(self._on_parse_failed)
        self._worker.start(ParseJob(self._serial, self.line.text(), self.variables))

    def shutdown(self) -> None:
        """Stop any parse in flight (window close)."""
        self._pending = False
        if self._worker is not None:
            self._worker.shutdown()

    def _on_parsed(self, snapshot: tuple[int, Expression | ExpressionError | None]) -> None:
        serial, result = snapshot
        if serial != self._serial or result is None:
            return  # an older request's result, or the job's first, empty snapshot
        self._pending = False
        if isinstance(result, ExpressionError):
            self._refuse(str(result))
        else:
            self._accept(result)

    def _on_parse_failed(self, message: str) -> None:
        self._pending = False
        self._refuse(f"cannot read the formula: {message}")

    def _accept(self, expression: Expression) -> None:
        self.error.hide()
        self._show_hint("; ".join(expression.hints))
        self.expression = expression
        self.expression_changed.emit(expression)

    def _refuse(self, message: str) -> None:
        kept = " — still showing the last formula that worked" if self.expression else ""
        self._show_hint("")
        self.error.setText(f"{message}{kept}")
        self.error.show()

    def _show_hint(self, text: str) -> None:
        self._hint_text = text
        self.hint.setToolTip(text)
        self._elide_hint()
        self.hint.setVisible(bool(text))

    def _elide_hint(self) -> None:
        # one line always: a long hint is shortened with … (the tooltip has it all)
        width = max(self.hint.width(), 1)
        self.hint.setText(self.hint.fontMetrics().elidedText(
            self._hint_text, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_hint()

    def _on_edited(self, _text: str) -> None:
        self._debounce.start()

    def _on_preset(self, index: int) -> None:
        text = self.presets.itemData(index)
        if text:
            self.set_text(text)
        self.presets.setCurrentIndex(0)
