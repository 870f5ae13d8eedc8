"""The training rule's controls: the optimizer (the Gradient descent tab's six, in its names
and colours) and the hyper-parameters the chosen rule uses, besides η.

Momentum and Nesterov use μ, AdaGrad ε, RMSProp ρ and ε, Adam β₁, β₂ and ε
(``settings.rule_fields``); the others' rows are hidden, their values kept.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel

from engine.descent.optimizers import OPTIMIZERS
from gui.tabs.network import settings as cfg
from gui.theme import optimizer_color
from gui.widgets.log_slider import LogSlider

TOOLTIPS = {
    "gd": "Plain gradient descent: Δθ = −η ∂C/∂θ",
    "momentum": "The notes' momentum: Δθ(t) = −η ∂C/∂θ + μ Δθ(t−1)",
    "nesterov": "Nesterov: the gradient taken where momentum leads, at θ + μΔθ(t−1)",
    "adagrad": "AdaGrad: each weight's step divided by √(its summed squared gradients) + ε",
    "rmsprop": "RMSProp: each weight's step divided by √(a running mean of its squared "
               "gradients, decay ρ) + ε",
    "adam": "Adam: a running mean of the gradient (β₁) over the root of a running mean of "
            "its square (β₂), both bias-corrected",
}


class OptimizerRows(QObject):
    """Rows for a form: the optimizer combo, μ, ρ, β₁, β₂ and ε; ``edited()`` on a change.

    ``show_settings(settings)`` shows the values in use without emitting; ``values()`` reads
    them back as the NetworkSettings fields they are.
    """

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # its widgets live in the form they are added to
        self.combo = QComboBox()
        self.combo.setObjectName("optimizer_combo")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        for key in cfg.OPTIMIZER_KEYS:
            # a square of the rule's colour shows it in the box as in the list
            square = QPixmap(12, 12)
            square.fill(QColor(optimizer_color(key)))
            self.combo.addItem(QIcon(square), OPTIMIZERS[key].name, key)
            index = self.combo.count() - 1
            self.combo.setItemData(index, QColor(optimizer_color(key)),
                                   Qt.ItemDataRole.ForegroundRole)
            self.combo.setItemData(index, TOOLTIPS[key], Qt.ItemDataRole.ToolTipRole)
        self.combo.setToolTip("The rule that moves the weights, as in the Gradient descent tab "
                              "(α there is η here). Changing it applies at once: the new "
                              "rule's memory starts from zero, the weights carry on.")
        self.momentum = _spin("momentum_spin", "μ of Momentum and Nesterov: "
                              "Δw(t) = −η ∂C/∂w + μ Δw(t−1) (0 ≤ μ < 1); applies at once",
                              cfg.MOMENTUM_RANGE, 3, 0.05)
        self.rho = _spin("rho_spin", "RMSProp's ρ: decay of the running mean of (∂C/∂w)² "
                         "(0 ≤ ρ < 1); applies at once", cfg.RHO_RANGE, 3, 0.01)
        self.beta1 = _spin("beta1_spin", "Adam's β₁: decay of the running mean of ∂C/∂w "
                           "(0 ≤ β₁ < 1); applies at once", cfg.BETA1_RANGE, 3, 0.01)
        self.beta2 = _spin("beta2_spin", "Adam's β₂: decay of the running mean of (∂C/∂w)² "
                           "(0 ≤ β₂ < 1); applies at once", cfg.BETA2_RANGE, 4, 0.001)
        self.epsilon = LogSlider(*cfg.EPSILON_RANGE, 1e-8, "epsilon",
                                 "ε, added to the root in the denominator so a weight with no "
                                 "gradient yet takes no huge step (log scale); applies at once")
        self.fields = {"momentum": self.momentum, "rho": self.rho, "beta1": self.beta1,
                       "beta2": self.beta2, "epsilon": self.epsilon}
        self.combo.activated.connect(self._on_change)
        for spin in (self.momentum, self.rho, self.beta1, self.beta2):
            spin.valueChanged.connect(self._on_change)
        self.epsilon.value_changed.connect(self._on_change)
        self._form: QFormLayout | None = None
        self._quiet = False

    def add_combo(self, form: QFormLayout) -> None:
        """The optimizer's row, under whatever the form holds so far."""
        form.addRow("Optimizer", self.combo)

    def add_values(self, form: QFormLayout) -> None:
        """The hyper-parameters' rows (those the rule does not use hidden)."""
        self._form = form
        for name, label in (("momentum", "Momentum μ"), ("rho", "Decay ρ"),
                            ("beta1", "Adam β₁"), ("beta2", "Adam β₂"),
                            ("epsilon", "Stabiliser ε")):
            form.addRow(_label(label, name), self.fields[name])
        self.sync()

    def key(self) -> str:
        return str(self.combo.currentData())

    def values(self) -> dict[str, object]:
        """The optimizer and every hyper-parameter shown, by their settings' names."""
        return {"optimizer": self.key(), "momentum": self.momentum.value(),
                "rho": self.rho.value(), "beta1": self.beta1.value(),
                "beta2": self.beta2.value(), "epsilon": self.epsilon.value()}

    def show_settings(self, settings: cfg.NetworkSettings) -> None:
        """Show the rule and values in use without emitting ``edited``."""
        self._quiet = True
        try:
            self.combo.setCurrentIndex(self.combo.findData(settings.optimizer))
            for name in ("momentum", "rho", "beta1", "beta2"):
                self.fields[name].setValue(getattr(settings, name))
            self.epsilon.set_value(settings.epsilon)
            self.sync()
        finally:
            self._quiet = False

    def sync(self) -> None:
        """Only the rows of the hyper-parameters the chosen rule uses are shown."""
        used = cfg.rule_fields(self.key())
        if self._form is not None:
            for name, widget in self.fields.items():
                self._form.setRowVisible(widget, name in used)

    def _on_change(self, *_args: object) -> None:
        self.sync()
        if not self._quiet:
            self.edited.emit()


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"{name}_label")
    return label


def _spin(name: str, tooltip: str, bounds: tuple[float, float], decimals: int,
          step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setToolTip(tooltip)
    spin.setDecimals(decimals)
    spin.setRange(*bounds)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    return spin
