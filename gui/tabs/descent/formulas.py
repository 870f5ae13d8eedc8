"""The formula panel: f, ∂f/∂x, ∂f/∂y and ∇f, and the update rule of each chosen optimizer.

Typesetting takes tens of milliseconds per formula, so labels are filled off
the GUI thread by the shared typesetting queue.  The queue's first formula imports
matplotlib (a second or two of Python on a 2-core machine), which would compete for
the GIL with the first contour picture: the panel holds its formulas (shown as plain
text meanwhile) until :meth:`FormulaPanel.typeset_from_now` is called, once the tab
has drawn its first picture.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from engine.descent.optimizers import OPTIMIZERS
from gui.tabs.descent.analysis import Partials
from gui.tabs.descent.colors import optimizer_color
from gui.widgets.math_label import MathLabel
from gui.widgets.typeset_queue import TypesetQueue

#: Longer LaTeX is shown as plain text: typesetting it would stall the tab for a second.
MAX_TYPESET = 200
NOTE = (
    "<b>Note on the notes.</b> Descent steps <i>against</i> the gradient, "
    "x ← x − α∇f(x), and stops when ‖∇f‖ &lt; ε, not when f &lt; ε. "
    "The test for a minimum is rt − s² &gt; 0 with r &gt; 0 (the notes misprint it "
    "\"r, t − s²\"). Momentum is not regularization: it is v ← μv − α∇f, x ← x + v."
)


def _heading(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class FormulaPanel(QScrollArea):
    """Typeset f and its gradient, then one update rule per optimizer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("descent_formulas")
        self.setToolTip("The formula, its partial derivatives and the update rules in use.")
        self.setWidgetResizable(True)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.queue = TypesetQueue(self)
        # (label, LaTeX, plain text) waiting for typeset_from_now; None once typesetting
        self._held: list[tuple[MathLabel, str, str | None]] | None = []
        self.function = self._math("formula_fxy")
        self.fx = self._math("formula_fx")
        self.fy = self._math("formula_fy")
        self.gradient = self._math("formula_gradient")
        self.layout_.addWidget(_heading("<b>Update rules</b>", "rules_heading"))
        self.rules: dict[str, tuple[QLabel, MathLabel]] = {}
        for key, cls in OPTIMIZERS.items():
            name = _heading(f'<span style="color:{optimizer_color(key)}">■</span> {cls.name}',
                            f"rule_name_{key}")  # fmt: skip
            # In the layout (hence parented): a label without a parent is its own window.
            self.layout_.addWidget(name)
            rule = self._math(f"rule_{key}")
            self.rules[key] = (name, rule)
            self._queue(rule, cls.latex)
        note = QLabel(NOTE)
        note.setObjectName("descent_note")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.setWidget(body)

    def _math(self, name: str) -> MathLabel:
        label = MathLabel(font_size=12)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(label)
        return label

    @property
    def busy(self) -> bool:
        """Formulas are waiting to be typeset (held or queued)."""
        return bool(self._held) or self.queue.busy

    def typeset_from_now(self) -> None:
        """Typeset the held formulas and every later one as it comes."""
        held, self._held = self._held, None
        for label, latex, plain in held or ():
            self.queue.add(label, latex, plain)

    def _queue(self, label: MathLabel, latex: str, plain: str | None = None) -> None:
        if self._held is None:
            self.queue.add(label, latex, plain)
            return
        self._held = [item for item in self._held if item[0] is not label]
        self._held.append((label, latex, plain))
        if plain is not None:  # readable until typeset
            label.setText(plain)

    def _typeset(self, label: MathLabel, latex: str, plain: str) -> None:
        if len(latex) > MAX_TYPESET:
            label.latex = latex
            label.setWordWrap(True)
            label.setText(plain)
        else:
            self._queue(label, latex, plain)

    def show_function(self, latex: str, plain: str) -> None:
        """A new f: drop the old surface's queued formulas (the rules stay queued)."""
        self.queue.clear()
        if self._held is not None:
            rules = [rule for _, rule in self.rules.values()]
            self._held = [item for item in self._held if any(item[0] is r for r in rules)]
        for key, (_, rule) in self.rules.items():
            if rule.pixmap().isNull():
                self._queue(rule, OPTIMIZERS[key].latex)
        self._typeset(self.function, f"f(x, y) = {latex}", f"f(x, y) = {plain}")
        for label in (self.fx, self.fy, self.gradient):
            label.setText("working out ∂f/∂x and ∂f/∂y…")

    def show_partials(self, partials: Partials) -> None:
        """∂f/∂x, ∂f/∂y and ∇f = (∂f/∂x, ∂f/∂y), typeset."""
        self._typeset(self.fx, rf"\frac{{\partial f}}{{\partial x}} = {partials.fx_latex}",
                       f"∂f/∂x = {partials.fx_plain}")  # fmt: skip
        self._typeset(self.fy, rf"\frac{{\partial f}}{{\partial y}} = {partials.fy_latex}",
                       f"∂f/∂y = {partials.fy_plain}")  # fmt: skip
        if partials.in_pieces:  # pieces inside a vector would not read: the names stand in
            self._typeset(self.gradient, r"\nabla f = \left(\frac{\partial f}{\partial x},\ "
                          r"\frac{\partial f}{\partial y}\right)", "∇f = (∂f/∂x, ∂f/∂y)")
            return
        self._typeset(self.gradient,
                       rf"\nabla f = \left({partials.fx_latex},\ {partials.fy_latex}\right)",
                       f"∇f = ({partials.fx_plain}, {partials.fy_plain})")  # fmt: skip

    def show_rules(self, keys: list[str]) -> None:
        """Only the chosen optimizers' update rules are shown."""
        for key, (name, rule) in self.rules.items():
            name.setVisible(key in keys)
            rule.setVisible(key in keys)
