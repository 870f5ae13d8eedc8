"""The plane's controls: operation, k (slider and field), snapping, and two reset buttons.

They show the :class:`gui.tabs.vectors.model.PlaneModel` (redrawn on each of its
``"changed"`` events, without emitting) and send it intents; they keep no value
of their own: the k in use, the operation and the snap are read from the model.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine import vectors as vec
from gui.tabs.vectors.model import PlaneModel
from gui.tabs.vectors.scene import K_RANGE, OPERATIONS, SNAP_STEPS

K_STEPS_PER_UNIT = 10
K_FIELD_WIDTH = 64


class PlaneControls(QWidget):
    """Operation, k, snapping and the buttons for tails home and the notes' example."""

    def __init__(self, model: PlaneModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.operation_combo = QComboBox()
        self.operation_combo.setObjectName("operation_combo")
        self.operation_combo.setToolTip("Which operation the picture and the formulas show.")
        for key, text in OPERATIONS.items():
            self.operation_combo.addItem(text, key)
        self.k_slider = QSlider(Qt.Orientation.Horizontal)
        self.k_slider.setObjectName("k_slider")
        self.k_slider.setToolTip("The scalar k in k·a (from −3 to 3 in steps of 0.1).")
        self.k_slider.setRange(int(K_RANGE[0] * K_STEPS_PER_UNIT),
                               int(K_RANGE[1] * K_STEPS_PER_UNIT))
        self.k_field = QLineEdit()
        self.k_field.setObjectName("k_field")
        self.k_field.setToolTip("Type k (from −3 to 3): a number or e.g. 1/3, sqrt(2); "
                                "press Enter.")
        self.k_field.setFixedWidth(K_FIELD_WIDTH)
        self.snap_check = QCheckBox("Snap to grid")
        self.snap_check.setObjectName("snap_check")
        self.snap_check.setToolTip("Round dragged points to the grid step.")
        self.snap_step_combo = QComboBox()
        self.snap_step_combo.setObjectName("snap_step_combo")
        self.snap_step_combo.setToolTip("Grid step for snapping, in units.")
        for step in SNAP_STEPS:
            self.snap_step_combo.addItem(f"{vec.format_number(step)} unit", step)
        self.reset_tails_button = QPushButton("Tails back home")
        self.reset_tails_button.setObjectName("reset_tails_button")
        self.reset_tails_button.setToolTip("Put every translated arrow back at its usual tail.")
        self.reset_button = QPushButton("Notes' example")
        self.reset_button.setObjectName("reset_example_button")
        self.reset_button.setToolTip("Back to OA = i + j, OB = 3i + 2j, AB = OB − OA (R).")
        self._arrange()
        self.show_model()
        model.connect("changed", lambda _cause: self.show_model())
        self.operation_combo.currentIndexChanged.connect(
            lambda i: model.set_operation(self.operation_combo.itemData(i)))
        self.k_slider.valueChanged.connect(lambda v: model.set_k(v / K_STEPS_PER_UNIT))
        self.k_field.editingFinished.connect(self._on_k_typed)
        self.snap_check.toggled.connect(lambda on: model.set_snap(on, model.snap_step))
        self.snap_step_combo.currentIndexChanged.connect(
            lambda i: model.set_snap(model.snap, self.snap_step_combo.itemData(i)))
        self.reset_tails_button.clicked.connect(model.reset_translations)

    def _arrange(self) -> None:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Operation"), 0, 0)
        grid.addWidget(self.operation_combo, 0, 1, 1, 2)
        grid.addWidget(QLabel("k"), 1, 0)
        grid.addWidget(self.k_slider, 1, 1)
        grid.addWidget(self.k_field, 1, 2)
        grid.addWidget(self.snap_check, 2, 0, 1, 2)
        grid.addWidget(self.snap_step_combo, 2, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_tails_button)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)

    def show_model(self) -> None:
        """Every control shows the value in use (none emits while it is set)."""
        model = self.model
        scaling = model.operation == "scale"
        with QSignalBlocker(self.operation_combo):
            self.operation_combo.setCurrentIndex(list(OPERATIONS).index(model.operation))
        with QSignalBlocker(self.k_slider):
            self.k_slider.setValue(round(model.k * K_STEPS_PER_UNIT))  # its nearest tenth
        self.k_field.setText(vec.format_number(model.k))
        self.k_slider.setEnabled(scaling)
        self.k_field.setEnabled(scaling)
        with QSignalBlocker(self.snap_check):
            self.snap_check.setChecked(model.snap)
        with QSignalBlocker(self.snap_step_combo):
            self.snap_step_combo.setCurrentIndex(SNAP_STEPS.index(model.snap_step))
        self.snap_step_combo.setEnabled(model.snap)

    def _on_k_typed(self) -> None:
        if self.k_field.text() != vec.format_number(self.model.k):
            self.model.type_k(self.k_field.text())
