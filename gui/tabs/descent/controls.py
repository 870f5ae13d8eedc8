"""The left-hand controls: domain, optimizers and their hyper-parameters, mode.

Widgets only: every value is checked by the engine when the tab uses it, and
spin boxes keep each hyper-parameter inside the range the engine accepts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.descent.surfaces import Domain, check_domain
from gui import theme, themed
from gui.tabs.descent import choices
from gui.tabs.descent.colors import optimizer_color
from gui.widgets.log_slider import LogSlider

DOMAIN_FIELDS = (("domain_x_min", "x min"), ("domain_x_max", "x max"), ("domain_y_min", "y min"),
                 ("domain_y_max", "y max"))


class DomainControls(QWidget):
    """x min, x max, y min, y max; ``domain_changed(tuple)`` when all four are valid."""

    domain_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (name, label) in enumerate(DOMAIN_FIELDS):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setToolTip(f"The plotted domain's {label} (Enter applies; within ±1e6).")
            edit.editingFinished.connect(self._on_edited)
            self.edits[name] = edit
            grid.addWidget(QLabel(label), index // 2, 2 * (index % 2))
            grid.addWidget(edit, index // 2, 2 * (index % 2) + 1)
        self.error = QLabel()
        self.error.setObjectName("domain_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.VERMILLION};")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.error)

    def set_domain(self, domain: Domain) -> None:
        """Show ``domain`` (the one in use) without emitting."""
        for (name, _), value in zip(DOMAIN_FIELDS, domain, strict=True):
            if self.edits[name].text() != f"{value:g}":
                self.edits[name].setText(f"{value:g}")

    def _on_edited(self) -> None:
        texts = [self.edits[name].text().strip() for name, _ in DOMAIN_FIELDS]
        try:
            domain = check_domain([_number(t) for t in texts])
        except ValueError as exc:
            self.error.setText(f"{exc}: keeping the last domain.")
            self.error.show()
            return
        self.error.hide()
        self.domain_changed.emit(domain)  # the model takes it, or refuses and shows its own


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


class OptimizerControls(QGroupBox):
    """Which optimizers race and their hyper-parameters; it shows the settings in use
    (:meth:`show_settings`) and keeps none of its own.

    ``selection_changed()`` when the set of optimizers changes;
    ``alpha_changed(key or None, α)`` when the α slider moves (None: every optimizer's);
    ``alpha_target_changed()`` when another optimizer's α is chosen for the slider;
    ``values_changed(dict)`` with μ, β₁, β₂ as they move;
    ``tolerance_changed(float)`` and ``max_steps_changed(int)``.
    """

    selection_changed = Signal()
    alpha_changed = Signal(object, float)
    alpha_target_changed = Signal()
    values_changed = Signal(object)
    tolerance_changed = Signal(float)
    max_steps_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Optimizers", parent)
        self.checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for index, (key, name) in enumerate(choices.optimizer_names().items()):
            check = QCheckBox(name)
            check.setObjectName(f"optimizer_{key}")
            check.setToolTip(f"Race {name} from every start, in its own colour.")
            # in its colour, darkened where too light to read on the window's colour
            themed.style_sheet(check, lambda key=key: _bold_in(optimizer_color(key)))
            check.toggled.connect(self._on_toggled)
            self.checks[key] = check
            grid.addWidget(check, index // 2, index % 2)
        self.alpha = LogSlider(1e-5, 1.0, choices.DEFAULT_ALPHA, "learning_rate",
                               "Step size α of the optimizer chosen beside it, or of every "
                               "optimizer (logarithmic; applies live).")
        self.alpha_target = QComboBox()
        self.alpha_target.setObjectName("alpha_target")
        self.alpha_target.setToolTip("Whose α the slider sets: every optimizer's at once, or "
                                     "one optimizer's own (the others keep theirs).")
        self.alpha_target.addItem("every optimizer", None)
        for key, name in choices.optimizer_names().items():
            self.alpha_target.addItem(f"{name} only", key)
        self.mu = _spin("momentum_mu", 0.0, 0.999, choices.DEFAULT_MU, 3, 0.05,
                        "Momentum μ of Momentum and Nesterov: v ← μv − α∇f (0 ≤ μ < 1).")
        self.beta1 = _spin("adam_beta1", 0.0, 0.999, choices.DEFAULT_BETA1, 3, 0.01,
                           "Adam's β₁: decay of the running mean of ∇f (0 ≤ β₁ < 1).")
        self.beta2 = _spin("adam_beta2", 0.0, 0.9999, choices.DEFAULT_BETA2, 4, 0.001,
                           "Adam's β₂: decay of the running mean of (∇f)² (0 ≤ β₂ < 1).")
        self.tolerance = LogSlider(1e-10, 1e-1, choices.DEFAULT_TOLERANCE, "tolerance",
                                   "Stop when ‖∇f‖ < ε (the gradient, not f, must be small).")
        self.max_steps = QSpinBox()
        self.max_steps.setObjectName("max_steps")
        self.max_steps.setToolTip("Stop each run after this many steps.")
        self.max_steps.setRange(1, 1_000_000)
        self.max_steps.setSingleStep(1000)
        self.max_steps.setValue(choices.DEFAULT_MAX_STEPS)
        self.max_steps.setKeyboardTracking(False)
        form = QFormLayout()
        form.addRow("α", self.alpha)
        form.addRow("α for", self.alpha_target)
        form.addRow("μ", self.mu)
        form.addRow("β₁", self.beta1)
        form.addRow("β₂", self.beta2)
        form.addRow("ε", self.tolerance)
        form.addRow("max steps", self.max_steps)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(form)
        self.alpha.value_changed.connect(
            lambda value: self.alpha_changed.emit(self.alpha_target.currentData(), value))
        self.alpha_target.currentIndexChanged.connect(self.alpha_target_changed)
        for spin in (self.mu, self.beta1, self.beta2):
            spin.valueChanged.connect(self._on_value)
        self.tolerance.value_changed.connect(self.tolerance_changed)
        self.max_steps.valueChanged.connect(self.max_steps_changed)

    def chosen(self) -> list[str]:
        return [key for key, check in self.checks.items() if check.isChecked()]

    def set_chosen(self, keys: list[str]) -> None:
        for key, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(key in keys)
            check.blockSignals(False)

    def show_settings(self, values: dict[str, float], alphas: dict[str, float],
                      tolerance: float, max_steps: int) -> None:
        """Show these settings (the shared α, μ, β₁, β₂ by the engine's names, the α of
        optimizers with their own) without emitting; the α slider shows the α of the
        optimizer chosen beside it."""
        widgets = (self.alpha, self.mu, self.beta1, self.beta2, self.tolerance, self.max_steps)
        for widget in widgets:
            widget.blockSignals(True)
        key = self.alpha_target.currentData()  # the user's choice of whose α stays
        self.alpha.set_value(alphas.get(key, values["alpha"]) if key else values["alpha"])
        self.mu.setValue(values["mu"])
        self.beta1.setValue(values["beta1"])
        self.beta2.setValue(values["beta2"])
        self.tolerance.set_value(tolerance)
        self.max_steps.setValue(max_steps)
        for widget in widgets:
            widget.blockSignals(False)

    def _on_toggled(self, _checked: bool) -> None:
        self.selection_changed.emit()

    def _on_value(self, _value: float) -> None:
        self.values_changed.emit({"mu": self.mu.value(), "beta1": self.beta1.value(),
                                  "beta2": self.beta2.value()})


def _spin(name: str, low: float, high: float, value: float, decimals: int, step: float,
          tooltip: str) -> QDoubleSpinBox:  # fmt: skip
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setToolTip(tooltip)
    spin.setDecimals(decimals)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    spin.setKeyboardTracking(False)
    return spin


class ModeControls(QGroupBox):
    """Trajectories from clicked starts, or the multi-start basin map; gradient arrows."""

    mode_changed = Signal(str)
    arrows_toggled = Signal(bool)
    clear_requested = Signal()
    grid_changed = Signal(int)
    start_typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("View", parent)
        self.mode = QComboBox()
        self.mode.setObjectName("mode_combo")
        self.mode.setToolTip("Race from the starts you click, or colour every start by the "
                             "minimum it reaches.")  # fmt: skip
        self.mode.addItem("Trajectories from clicked starts", "trajectories")
        self.mode.addItem("Multi-start: basin map", "basins")
        self.arrows = QCheckBox("∇f arrows")
        self.arrows.setObjectName("show_gradient")
        self.arrows.setToolTip("Show the direction of ∇f (uphill) on a coarse grid.")
        self.arrows.setChecked(True)
        self.clear = QPushButton("Clear starts")
        self.clear.setObjectName("clear_starts_button")
        self.clear.setToolTip("Remove every start (then click the plot to place new ones).")
        self.grid = QSpinBox()
        self.grid.setObjectName("basin_grid")
        self.grid.setToolTip("The basin map starts from a grid of n × n points.")
        self.grid.setRange(10, 200)
        self.grid.setValue(choices.DEFAULT_GRID)
        self.grid.setPrefix("grid ")
        self.grid.setKeyboardTracking(False)
        # the keyboard's way to place a start (a plot is no Tab stop: it takes no keys)
        self.start_field = QLineEdit()
        self.start_field.setObjectName("start_field")
        self.start_field.setPlaceholderText("start at x, y  (Enter)")
        self.start_field.setToolTip("Type a start as x, y (say 1, -2.5 or 1/2; sqrt(2)) and "
                                    "press Enter: every chosen optimizer sets off from it, as "
                                    "from a click on the plot.")
        self.start_error = QLabel()
        self.start_error.setObjectName("start_error")
        self.start_error.setWordWrap(True)
        themed.style_sheet(self.start_error, lambda: f"color: {theme.VERMILLION};")
        self.start_error.hide()
        row = QHBoxLayout()
        row.addWidget(self.arrows)
        row.addWidget(self.clear)
        row.addWidget(self.grid)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mode)
        layout.addLayout(row)
        layout.addWidget(self.start_field)
        layout.addWidget(self.start_error)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.arrows.toggled.connect(self.arrows_toggled)
        self.clear.clicked.connect(self.clear_requested)
        self.grid.valueChanged.connect(self.grid_changed)
        self.start_field.returnPressed.connect(
            lambda: self.start_typed.emit(self.start_field.text()))
        self._on_mode(0)

    def current(self) -> str:
        return self.mode.currentData()

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    def show(self, mode: str, arrows: bool, grid: int) -> None:
        """Show these settings without emitting."""
        for widget in (self.mode, self.arrows, self.grid):
            widget.blockSignals(True)
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.arrows.setChecked(arrows)
        self.grid.setValue(grid)
        for widget in (self.mode, self.arrows, self.grid):
            widget.blockSignals(False)
        self._show_mode()

    def _show_mode(self) -> None:
        basins = self.current() == "basins"
        self.grid.setVisible(basins)
        for widget in (self.clear, self.start_field):
            widget.setVisible(not basins)
        self.start_error.setVisible(not basins and bool(self.start_error.text()))

    def show_start_problem(self, text: str) -> None:
        """Why a typed start was refused ('' once one is taken: the field empties too)."""
        self.start_error.setText(text)
        self.start_error.setVisible(bool(text) and self.current() != "basins")
        if not text:
            self.start_field.clear()

    def _on_mode(self, _index: int) -> None:
        self._show_mode()
        self.mode_changed.emit(self.current())


def _bold_in(color: str) -> str:
    """A check box's style: bold, in ``color`` made readable on the window's colour."""
    readable = theme.readable(color, theme.scheme().window)
    return f"QCheckBox {{ color: {readable}; font-weight: bold; }}"
