"""The backprop inspector: one sample's forward and backward pass, next to finite differences.

The numbers come from engine.network.inspection.inspect_sample (run on a worker: the
finite differences need four forward passes per parameter); this dialog only
lays them out, layer by layer, with the formula that produced each.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.network.inspection import Inspection, LayerInspection
from gui.tabs.network.matrix_text import matrix_text
from gui.tabs.network.notation import number
from gui.theme import GREEN, GREY, VERMILLION
from gui.widgets.math_label import MathLabel

FORMULA_SIZE = 12
GOOD_ERROR = 1e-6
SIGMA = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}",
         "linear": r"\mathrm{id}", "softmax": r"\mathrm{softmax}"}


def formulas(m: int, last: int, activation: str, loss: str) -> dict[str, str]:
    """The LaTeX of each quantity of layer m, in the notes' notation."""
    sigma = SIGMA.get(activation, r"\sigma")
    if m == last:
        if (loss, activation) in (("cross_entropy", "sigmoid"),
                                  ("categorical_cross_entropy", "softmax")):
            delta = rf"\delta^{{{m}}} = a^{{{m}}} - y"
        else:
            delta = (rf"\delta^{{{m}}} = \frac{{\partial C}}{{\partial a^{{{m}}}}} \circ "
                     rf"{sigma}'(z^{{{m}}})")
    else:
        delta = (rf"\delta^{{{m}}} = (W^{{{m + 1}}})^\top \delta^{{{m + 1}}} \circ "
                 rf"{sigma}'(z^{{{m}}})")
    return {
        "z": rf"z^{{{m}}} = W^{{{m}}} a^{{{m - 1}}} + b^{{{m}}}",
        "a": rf"a^{{{m}}} = {sigma}(z^{{{m}}})",
        "delta": delta,
        "dC_dW": (rf"\frac{{\partial C}}{{\partial W^{{{m}}}}} = "
                  rf"\delta^{{{m}}} (a^{{{m - 1}}})^\top"),
        "dC_db": rf"\frac{{\partial C}}{{\partial b^{{{m}}}}} = \delta^{{{m}}}",
    }


def _mono(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(8.5)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _error_label(error: float) -> QLabel:
    label = QLabel(number(error, 2))
    label.setToolTip("Largest |backprop − finite difference| / max(|backprop|, |fd|) here")
    label.setStyleSheet(f"color: {GREEN if error < GOOD_ERROR else VERMILLION};")
    return label


class InspectorDialog(QDialog):
    """``sample_chosen(index)`` when the user picks another sample; ``show_inspection`` paints."""

    sample_chosen = Signal(int)
    walkthrough_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector_dialog")
        self.setWindowTitle("Backprop inspector")
        self.resize(1120, 720)
        self.sample = QComboBox()
        self.sample.setObjectName("inspector_sample_combo")
        self.sample.setToolTip("The training sample whose forward and backward pass is shown")
        self.summary = QLabel()
        self.summary.setObjectName("inspector_summary")
        self.summary.setWordWrap(True)
        self.walkthrough_button = QPushButton("Step through on the diagram…")
        self.walkthrough_button.setObjectName("inspector_walkthrough_button")
        self.walkthrough_button.setToolTip("This sample's forward pass, backward pass and update, "
                                           "one step at a time, on the network diagram")
        self.walkthrough_button.setEnabled(False)
        self.walkthrough_button.clicked.connect(self.walkthrough_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel("Sample:"))
        top.addWidget(self.sample, 1)
        top.addWidget(self.walkthrough_button)
        self.body = QWidget()
        self.body.setObjectName("inspector_body")
        # a sheet in the palette's Base colour (white or near-black): it follows the theme
        self.body.setAutoFillBackground(True)
        self.body.setBackgroundRole(QPalette.ColorRole.Base)
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(18)
        self.grid.setColumnStretch(4, 1)  # the columns stay packed to the left
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setObjectName("inspector_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.sample.activated.connect(self._on_sample)
        self.inspection: Inspection | None = None
        self._samples: tuple[np.ndarray, np.ndarray] = (np.empty((0, 0)), np.empty(0))

    def set_samples(self, X: np.ndarray, y: np.ndarray, index: int) -> None:
        self._samples = (np.array(X), np.array(y))
        self.sample.clear()
        for i, (x, label) in enumerate(zip(X, y, strict=True)):
            values = ", ".join(f"{v:.3g}" for v in x)
            self.sample.addItem(f"#{i + 1}: a⁰ = ({values}), y = {int(label)}", i)
        self.sample.setCurrentIndex(index)

    def follow(self, X: np.ndarray, y: np.ndarray, index: int) -> int:
        """List the samples of (X, y) if they are not the ones listed; the valid index to show.

        The data can change while the dialog is open (another data set, a CSV): the
        list then shows the new samples, and an index past their end becomes the last.
        """
        index = int(np.clip(index, 0, max(0, len(y) - 1)))
        X_now, y_now = self._samples
        if not (np.array_equal(X_now, X) and np.array_equal(y_now, y)):
            self.set_samples(X, y, index)
        elif self.sample.currentIndex() != index:
            self.sample.setCurrentIndex(index)
        return index

    def current_sample(self) -> int:
        """The index of the training sample shown (0 when none is listed)."""
        return max(0, self.sample.currentIndex())

    def _on_sample(self, index: int) -> None:
        self.sample_chosen.emit(int(self.sample.itemData(index)))

    def show_waiting(self, n_parameters: int) -> None:
        self.walkthrough_button.setEnabled(False)
        self.summary.setText(f"Computing backprop and finite differences for {n_parameters:,} "
                             "parameters…")
        self.summary.setStyleSheet(f"color: {GREY};")

    def show_failure(self, message: str) -> None:
        self.summary.setText(f"Could not inspect this sample: {message}")
        self.summary.setStyleSheet(f"color: {VERMILLION};")

    def show_inspection(self, inspection: Inspection, activations: tuple[str, ...],
                        loss: str) -> None:
        self.inspection = inspection
        self.walkthrough_button.setEnabled(True)
        worst = inspection.max_relative_error
        self.summary.setText(
            f"C = {number(inspection.cost, 6)} for this sample (δ is the notes' per-sample δ). "
            f"Largest relative error of backprop against five-point finite differences: "
            f"{number(worst, 2)}")
        self.summary.setStyleSheet(f"color: {GREEN if worst < GOOD_ERROR else VERMILLION};")
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for c, title in enumerate(("formula", "backprop", "finite difference", "rel. error")):
            header = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(header, 0, c)
        self._row = 1
        self._add("a^{0} = x", inspection.a0, None, None)
        last = len(inspection.layers)
        # an inspection of the previous network can land after the layers changed: pad
        activations = (*activations, *("?",) * max(0, last - len(activations)))
        for layer in inspection.layers:
            name = activations[layer.m - 1]
            units = f"{len(layer.z)} unit{'s' if len(layer.z) > 1 else ''}"
            title = QLabel(f"<b>Layer {layer.m}</b> ({name}, {units})")
            title.setStyleSheet(f"color: {GREY}; padding-top: 6px;")
            self.grid.addWidget(title, self._row, 0, 1, 4)
            self._row += 1
            self._add_layer(layer, formulas(layer.m, last, activations[layer.m - 1], loss))
        self.grid.setRowStretch(self._row, 1)

    def _add_layer(self, layer: LayerInspection, latex: dict[str, str]) -> None:
        self._add(latex["z"], layer.z, None, None)
        self._add(latex["a"], layer.a, None, None)
        self._add(latex["delta"], layer.delta, layer.delta_fd, layer.delta_error)
        self._add(latex["dC_dW"], layer.dC_dW, layer.dC_dW_fd, layer.dC_dW_error)
        self._add(latex["dC_db"], layer.dC_db, layer.dC_db_fd, layer.dC_db_error)

    def _add(self, latex: str, exact: np.ndarray, approx: np.ndarray | None,
             error: float | None) -> None:
        formula = MathLabel(font_size=FORMULA_SIZE)
        formula.set_latex(latex)
        self.grid.addWidget(formula, self._row, 0, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(_mono(matrix_text(exact)), self._row, 1)
        if approx is not None:
            self.grid.addWidget(_mono(matrix_text(approx)), self._row, 2)
            self.grid.addWidget(_error_label(error), self._row, 3)
        self._row += 1
