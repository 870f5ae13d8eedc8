"""A formula box with presets and an inline error line.

Typing is debounced; the text goes through ``engine.symbolic.expressions.parse`` only
(never anything that evaluates text). A formula that cannot be read shows its
message under the box, with the column, and the last good formula stays in
force, so the plots never go blank.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from engine.symbolic.expressions import Expression, ExpressionError, parse
from gui.theme import VERMILLION

DEBOUNCE_MS = 250


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
        self.line = QLineEdit()
        self.line.setObjectName("formula_input")
        self.line.setToolTip(
            "Type a formula: x^5, (x^4+2)cos(x), e^x, ln x, sqrt, abs, sigmoid, relu; "
            "extra letters become sliders."
        )
        self.line.setClearButtonEnabled(True)
        self.presets = QComboBox()
        self.presets.setObjectName("preset_combo")
        self.presets.setToolTip("Load one of the worked examples")
        self.presets.addItem("Presets…", None)
        for name, text in presets:
            self.presets.addItem(name, text)
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
        layout.addWidget(self.error)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self.line.textEdited.connect(self._on_edited)
        self.line.returnPressed.connect(self.apply)
        self.presets.activated.connect(self._on_preset)

    def set_text(self, text: str) -> bool:
        """Put ``text`` in the box and apply it now; True if it parsed."""
        self.line.setText(text)
        return self.apply()

    def text(self) -> str:
        return self.line.text()

    def apply(self) -> bool:
        """Parse the box's text; emit on success, show the message on failure."""
        self._debounce.stop()
        try:
            expression = parse(self.line.text(), self.variables)
        except ExpressionError as exc:
            self._show_error(str(exc))
            return False
        self.error.hide()
        self.expression = expression
        self.expression_changed.emit(expression)
        return True

    def _show_error(self, message: str) -> None:
        kept = " — still showing the last formula that worked" if self.expression else ""
        self.error.setText(f"{message}{kept}")
        self.error.show()

    def _on_edited(self, _text: str) -> None:
        self._debounce.start()

    def _on_preset(self, index: int) -> None:
        text = self.presets.itemData(index)
        if text:
            self.set_text(text)
        self.presets.setCurrentIndex(0)
