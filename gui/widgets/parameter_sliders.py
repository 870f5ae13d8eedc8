"""One slider per parameter symbol of a formula (β, θ, a, …), for any tab.

β and θ run −1 … 25 from 5, as the notes' ``@interact(beta=(-1, 25))``;
any other letter runs −5 … 5 from 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from engine.symbolic.expression_tokens import GREEK_NAMES


@dataclass(frozen=True)
class ParameterRange:
    """Where a parameter's slider runs and where it starts."""

    low: float
    high: float
    start: float
    step: float = 0.1


_NOTES_RANGE = ParameterRange(-1.0, 25.0, 5.0)
_RANGES = {"β": _NOTES_RANGE, "θ": _NOTES_RANGE}
_DEFAULT_RANGE = ParameterRange(-5.0, 5.0, 1.0)

_LATIN_OF = {greek: latin for latin, greek in GREEK_NAMES.items()}


def parameter_range(name: str) -> ParameterRange:
    """The slider range for parameter ``name`` (β and θ as in the notes)."""
    return _RANGES.get(name, _DEFAULT_RANGE)


def ascii_name(name: str) -> str:
    """``β`` → ``beta``: parameter names as they appear in objectNames."""
    return _LATIN_OF.get(name, name)


class ParameterSlider(QWidget):
    """``name =`` [slider ``param_<name>``] value, in one row."""

    value_changed = Signal(str, float)

    def __init__(self, name: str, spec: ParameterRange, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.spec = spec
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"param_{ascii_name(name)}")
        self.slider.setToolTip(
            f"Value of the parameter {name} ({spec.low:g} … {spec.high:g}); the curves follow"
        )
        self.slider.setRange(0, round((spec.high - spec.low) / spec.step))
        self.readout = QLabel()
        self.readout.setObjectName(f"param_{ascii_name(name)}_value")
        self.readout.setMinimumWidth(44)
        label = QLabel(f"{name} =")
        label.setMinimumWidth(28)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.readout)
        self.slider.valueChanged.connect(self._on_slider)
        self.set_value(spec.start)

    def value(self) -> float:
        return round(self.spec.low + self.slider.value() * self.spec.step, 10)

    def set_value(self, value: float) -> None:
        """Move to the slider position nearest ``value`` (clamped to the range)."""
        self.slider.setValue(round((value - self.spec.low) / self.spec.step))
        self._show()

    def _on_slider(self, _position: int) -> None:
        self._show()
        self.value_changed.emit(self.name, self.value())

    def _show(self) -> None:
        self.readout.setText(f"{self.value():g}")


class ParameterPanel(QWidget):
    """Sliders for the current formula's parameters; ``values_changed(dict)`` as they move."""

    values_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None, formula: str = "f(x)") -> None:
        super().__init__(parent)
        self.sliders: dict[str, ParameterSlider] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._none = QLabel(f"No parameters: a letter such as a or β in {formula} "
                            "gets a slider here.")
        self._none.setObjectName("no_parameters_label")
        self._none.setWordWrap(True)
        self._layout.addWidget(self._none)

    def values(self) -> dict[str, float]:
        return {name: slider.value() for name, slider in self.sliders.items()}

    def set_parameters(self, names: Sequence[str], keep: Mapping[str, float]) -> None:
        """Show sliders for ``names``; a name seen before keeps its value from ``keep``."""
        if tuple(names) == tuple(self.sliders):
            return
        for slider in self.sliders.values():
            self._layout.removeWidget(slider)
            slider.hide()  # deleteLater waits for the event loop; the slider must go now
            slider.deleteLater()
        self.sliders = {}
        for name in names:
            slider = ParameterSlider(name, parameter_range(name), self)
            if name in keep:
                slider.set_value(keep[name])
            slider.value_changed.connect(self._on_value)
            self._layout.addWidget(slider)
            self.sliders[name] = slider
        self._none.setVisible(not names)

    def set_values(self, values: Mapping[str, float]) -> None:
        """Move the named sliders without emitting one signal per slider."""
        for name, value in values.items():
            if name in self.sliders:
                slider = self.sliders[name]
                slider.slider.blockSignals(True)
                slider.set_value(value)
                slider.slider.blockSignals(False)

    def _on_value(self, _name: str, _value: float) -> None:
        self.values_changed.emit(self.values())
