"""The tab's small controls: plot range, which curves to show, x₀ and Δx."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QWidget

from gui.tabs.derivatives.plot import CURVE_NAMES
from gui.tabs.derivatives.presets import (
    DEFAULT_DX,
    DEFAULT_X0,
    DEFAULT_X_RANGE,
    DX_RANGE,
    X_LIMIT,
)
from gui.widgets.log_slider import LogSlider


def _spin(name: str, tooltip: str, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setToolTip(tooltip)
    box.setRange(-X_LIMIT, X_LIMIT)
    box.setDecimals(3)
    box.setSingleStep(0.5)
    box.setKeyboardTracking(False)  # act on Enter / focus-out, not on every digit
    box.setValue(value)
    return box


class RangeControls(QWidget):
    """x min, x max and the f / f′ / f″ check boxes in one row."""

    range_changed = Signal()
    toggles_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_min = _spin("x_min", "Left end of the plotted x range", DEFAULT_X_RANGE[0])
        self.x_max = _spin("x_max", "Right end of the plotted x range", DEFAULT_X_RANGE[1])
        self.toggles: list[QCheckBox] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("x from"))
        row.addWidget(self.x_min)
        row.addWidget(QLabel("to"))
        row.addWidget(self.x_max)
        row.addSpacing(16)
        for name, label in zip(("show_f", "show_f1", "show_f2"), CURVE_NAMES, strict=True):
            box = QCheckBox(label)
            box.setObjectName(name)
            box.setToolTip(f"Show or hide the curve of {label}")
            box.setChecked(True)
            box.toggled.connect(self._on_toggled)
            row.addWidget(box)
            self.toggles.append(box)
        self.fit_to_f = QCheckBox("y fits f")
        self.fit_to_f.setObjectName("fit_to_f")
        self.fit_to_f.setToolTip("Scale the y axis to f alone, for when f′ or f″ is so much "
                                 "larger that f looks flat (they may then leave the plot)")
        self.fit_to_f.toggled.connect(self._on_toggled)
        row.addSpacing(8)
        row.addWidget(self.fit_to_f)
        row.addStretch(1)
        self.x_min.valueChanged.connect(self._on_range)
        self.x_max.valueChanged.connect(self._on_range)

    def x_range(self) -> tuple[float, float]:
        return self.x_min.value(), self.x_max.value()

    def shown(self) -> list[bool]:
        return [box.isChecked() for box in self.toggles]

    def _on_range(self, _value: float) -> None:
        self.range_changed.emit()

    def _on_toggled(self, _checked: bool) -> None:
        self.toggles_changed.emit()


class PointControls(QWidget):
    """x₀ (where the tangent touches) and Δx (how far the secant reaches)."""

    x0_changed = Signal(float)
    dx_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x0 = _spin("x0_input", "x₀: where the tangent touches f (or drag the dashed line)",
                        DEFAULT_X0)
        self.x0.setSingleStep(0.1)
        self.dx = LogSlider(DX_RANGE[0], DX_RANGE[1], DEFAULT_DX, "dx_slider",
                            "Δx: the secant joins x₀ and x₀ + Δx; shrink it toward 0")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("x₀ ="))
        row.addWidget(self.x0)
        row.addSpacing(12)
        row.addWidget(QLabel("Δx ="))
        row.addWidget(self.dx, 1)
        self.x0.valueChanged.connect(self._on_x0)
        self.dx.value_changed.connect(self._on_dx)

    def set_x0(self, value: float) -> None:
        """Show ``value`` without announcing it (it came from the plot)."""
        self.x0.blockSignals(True)
        self.x0.setValue(value)
        self.x0.blockSignals(False)

    def _on_x0(self, value: float) -> None:
        self.x0_changed.emit(value)

    def _on_dx(self, value: float) -> None:
        self.dx_changed.emit(value)
