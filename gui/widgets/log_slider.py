"""A slider on a logarithmic scale with its value shown beside it (learning rates)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

STEPS_PER_DECADE = 20


class LogSlider(QWidget):
    """``value_changed(float)`` as the slider moves between ``low`` and ``high``."""

    value_changed = Signal(float)

    def __init__(self, low: float, high: float, value: float, name: str, tooltip: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not 0 < low < high:
            raise ValueError("a log slider needs 0 < low < high")
        self._log_low = math.log10(low)
        decades = math.log10(high) - self._log_low
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(name)
        self.slider.setToolTip(tooltip)
        self.slider.setRange(0, round(decades * STEPS_PER_DECADE))
        self.readout = QLabel()
        self.readout.setObjectName(f"{name}_value")
        self.readout.setMinimumWidth(64)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.readout)
        self._exact: float | None = None
        self.slider.valueChanged.connect(self._on_slider)
        self.set_value(value)

    def value(self) -> float:
        if self._exact is not None:
            return self._exact
        return 10 ** (self._log_low + self.slider.value() / STEPS_PER_DECADE)

    def set_value(self, value: float) -> None:
        """Show ``value`` (clamped to the range) with the handle at the nearest position.

        The value itself is kept exactly (0.5 stays 0.5, not the 0.501 of the
        nearest position) until the handle is moved.
        """
        low = 10**self._log_low
        high = 10 ** (self._log_low + self.slider.maximum() / STEPS_PER_DECADE)
        exact = min(max(float(value), low), high)
        position = round((math.log10(exact) - self._log_low) * STEPS_PER_DECADE)
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self._exact = exact
        self._show()
        self.value_changed.emit(exact)

    def _on_slider(self, _position: int) -> None:
        self._exact = None
        self._show()
        self.value_changed.emit(self.value())

    def _show(self) -> None:
        self.readout.setText(f"{self.value():.3g}")
