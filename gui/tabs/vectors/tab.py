"""The Vectors tab: the plane with draggable arrows, its table and formulas, and space."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine import vectors as vec
from gui import theme, themed
from gui.tabs.base import LabTab
from gui.tabs.vectors.formulas import FormulaPanel
from gui.tabs.vectors.plane import PlaneView
from gui.tabs.vectors.scene import (
    DEFAULT_K,
    K_RANGE,
    OPERATIONS,
    SNAP_STEPS,
    PlaneModel,
    Row,
    input_names,
)
from gui.tabs.vectors.space import SpaceView
from gui.tabs.vectors.table import TableRow, VectorTable

K_STEPS_PER_UNIT = 10
RIGHT_COLUMN_WIDTH = 430
K_FIELD_WIDTH = 64
HINT = ("Drag the circles at the heads of OA and OB (a and b). Drag an arrow's shaft to "
        "slide it: a translated vector is the same vector.")


class VectorsTab(LabTab):
    """Vectors as arrows: AB = OB − OA, sum, difference, k·a, dot product, angle, unit
    vectors in the plane, and the cross product in space."""

    title = "Vectors"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_text = ""
        self.model = PlaneModel()
        self.plane = PlaneView(self.model)
        self.plane.changed.connect(self._on_plane_changed)
        self.plane.message.connect(self._say)
        self.formulas = FormulaPanel("vectors_formulas")
        self.space = SpaceView()
        self.space.message.connect(self._say)
        self._build_controls()
        self._build_layout()
        self.refresh(fit=True)
        themed.follow(self._restyle)

    def _restyle(self) -> None:
        """Arrows, labels and read-only cells in the theme's colours and projector widths."""
        scene = self.plane.rebuild()
        self.table.show_rows([_table_row(row) for row in scene.rows])
        self.space.refresh()

    def set_projector(self, on: bool) -> None:
        """Projector: the component table and the notes under it hide; plot and formulas stay."""
        self.table.setVisible(not on)
        self.notes_label.setVisible(not on)

    # ---- construction -----------------------------------------------------------------
    def _build_controls(self) -> None:
        self.operation_combo = QComboBox()
        self.operation_combo.setObjectName("operation_combo")
        self.operation_combo.setToolTip("Which operation the picture and the formulas show.")
        for key, text in OPERATIONS.items():
            self.operation_combo.addItem(text, key)
        self.operation_combo.currentIndexChanged.connect(self._on_operation_chosen)
        self.k_slider = QSlider(Qt.Orientation.Horizontal)
        self.k_slider.setObjectName("k_slider")
        self.k_slider.setToolTip("The scalar k in k·a (from −3 to 3 in steps of 0.1).")
        self.k_slider.setRange(int(K_RANGE[0] * K_STEPS_PER_UNIT),
                               int(K_RANGE[1] * K_STEPS_PER_UNIT))
        self.k_slider.setValue(int(DEFAULT_K * K_STEPS_PER_UNIT))
        self.k_slider.valueChanged.connect(self._on_k_moved)
        self.k_field = QLineEdit()
        self.k_field.setObjectName("k_field")
        self.k_field.setToolTip("Type k (from −3 to 3): a number or e.g. 1/3, sqrt(2); "
                                "press Enter.")
        self.k_field.setFixedWidth(K_FIELD_WIDTH)
        self.k_field.editingFinished.connect(self._on_k_typed)
        self.snap_check = QCheckBox("Snap to grid")
        self.snap_check.setObjectName("snap_check")
        self.snap_check.setToolTip("Round dragged points to the grid step.")
        self.snap_check.setChecked(True)
        self.snap_check.toggled.connect(self._on_snap_changed)
        self.snap_step_combo = QComboBox()
        self.snap_step_combo.setObjectName("snap_step_combo")
        self.snap_step_combo.setToolTip("Grid step for snapping, in units.")
        for step in SNAP_STEPS:
            self.snap_step_combo.addItem(f"{vec.format_number(step)} unit", step)
        self.snap_step_combo.currentIndexChanged.connect(self._on_snap_changed)
        self.reset_tails_button = QPushButton("Tails back home")
        self.reset_tails_button.setObjectName("reset_tails_button")
        self.reset_tails_button.setToolTip("Put every translated arrow back at its usual tail.")
        self.reset_tails_button.clicked.connect(self._on_reset_tails)
        self.reset_button = QPushButton("Notes' example")
        self.reset_button.setObjectName("reset_example_button")
        self.reset_button.setToolTip("Back to OA = i + j, OB = 3i + 2j, AB = OB − OA (R).")
        self.reset_button.clicked.connect(self.reset)
        self.table = VectorTable("component_table", 2, ["|v|", "θ (°)", "θ (rad)", "Tail"],
                                 "Components of each arrow; OA/OB (a/b) cells are editable.")
        self.table.edited.connect(self._on_cell_edited)
        self.notes_label = self._label("translation_notes", None)
        self.message_label = self._label("vectors_message", theme.VERMILLION)

    @staticmethod
    def _label(name: str, color: str | None) -> QLabel:
        """A wrapped label in ``color`` (None: the palette's text colour, following the theme)."""
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        if color is not None:
            label.setStyleSheet(f"color: {color};")
        return label

    def _build_layout(self) -> None:
        grid = QGridLayout()
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
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.GREY};")
        right = QVBoxLayout()
        right.addLayout(grid)
        right.addLayout(buttons)
        right.addWidget(self.table)
        right.addWidget(self.notes_label)
        right.addWidget(self.message_label)
        right.addWidget(hint)
        right.addStretch(1)
        column = QWidget()
        column.setLayout(right)
        column.setFixedWidth(RIGHT_COLUMN_WIDTH)
        top = QHBoxLayout()
        top.addWidget(self.plane, 1)
        top.addWidget(column)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addLayout(top, 1)
        outer.addWidget(self.formulas)
        self.views = QTabWidget()
        self.views.setObjectName("vectors_views")
        self.views.setToolTip("The plane (2-D) with OA, OB and AB, or space (3-D) with a × b.")
        self.views.addTab(page, "Plane (2-D)")
        self.views.addTab(self.space, "Space (3-D): cross product")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.views)

    # ---- showing the model ------------------------------------------------------------
    def refresh(self, fit: bool = False) -> None:
        """Build the scene from the model and show it in the plot, table and formulas."""
        scene = self.plane.rebuild()
        self.table.show_rows([_table_row(row) for row in scene.rows])
        self.notes_label.setText("\n".join(scene.notes))
        self.formulas.show_lines(scene.worked, scene.problems)
        self._show_k()
        if fit:
            self.plane.fit()

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.status_text = text
        self.status.emit(text or "Ready")

    # ---- user actions -----------------------------------------------------------------
    def _on_plane_changed(self) -> None:
        self.refresh()

    def _on_operation_chosen(self, index: int) -> None:
        self.model.set_operation(self.operation_combo.itemData(index))
        self._say("")
        self.refresh(fit=True)

    def _show_k(self) -> None:
        """Slider and field show the model's k (the slider to its nearest tenth)."""
        scaling = self.model.operation == "scale"
        self.k_slider.blockSignals(True)
        self.k_slider.setValue(round(self.model.k * K_STEPS_PER_UNIT))
        self.k_slider.blockSignals(False)
        if not self.k_field.hasFocus() or not scaling:
            self.k_field.setText(vec.format_number(self.model.k))
        self.k_slider.setEnabled(scaling)
        self.k_field.setEnabled(scaling)

    def _on_k_moved(self, value: int) -> None:
        self.model.set_k(value / K_STEPS_PER_UNIT)
        self.k_field.setText(vec.format_number(self.model.k))
        self.refresh(fit=True)

    def set_k_text(self, text: str) -> bool:
        """Type ``text`` as k; refuse what is not a number from −3 to 3, keeping k."""
        try:
            self.model.set_k(vec.parse_component(text))
        except vec.VectorError as exc:
            self._say(f"{exc} k stays {vec.format_number(self.model.k)}.")
            self.k_field.setText(vec.format_number(self.model.k))
            return False
        self._say("")
        self.k_field.setText(vec.format_number(self.model.k))
        self.refresh(fit=True)
        return True

    def _on_k_typed(self) -> None:
        if self.k_field.text() != vec.format_number(self.model.k):
            self.set_k_text(self.k_field.text())

    def _on_snap_changed(self, *_: object) -> None:
        self.model.set_snap(self.snap_check.isChecked(), float(self.snap_step_combo.currentData()))
        self.snap_step_combo.setEnabled(self.model.snap)

    def _on_reset_tails(self) -> None:
        self.model.reset_translations()
        self.refresh()

    def set_component(self, key: str, index: int, text: str) -> bool:
        """Type ``text`` into component ``index`` of input ``key``; refuse bad text."""
        name = input_names(self.model.operation)[key]
        try:
            self.model.set_component(key, index, vec.parse_component(text))
        except vec.VectorError as exc:
            self._say(f"{name}, {'xy'[index]}: {exc} The vector is unchanged.")
            self.refresh()
            return False
        self._say("")
        self.refresh(fit=True)
        return True

    def _on_cell_edited(self, key: str, index: int, text: str) -> None:
        self.set_component(key, index, text)

    # ---- LabTab -----------------------------------------------------------------------
    def start_demo(self) -> None:
        self.reset()
        self.views.setCurrentIndex(0)
        self.formulas.flush()

    def is_steady(self) -> bool:
        return True

    def reset(self) -> None:
        """Back to the notes' example (the 3-D view back to its default too)."""
        self.model.reset()
        self.operation_combo.blockSignals(True)
        self.operation_combo.setCurrentIndex(0)
        self.operation_combo.blockSignals(False)
        self.space.reset()
        self._say("")
        self.refresh()
        self.plane.fit(force=True)

    def shutdown(self) -> None:
        self.formulas.shutdown()
        self.space.shutdown()

    def export_target(self) -> Any:
        return self.plane.plot if self.views.currentIndex() == 0 else self.space.plot

    def state(self) -> dict[str, Any]:
        return {"plane": self.model.state(), "space": self.space.state(),
                "snap": self.model.snap, "snap_step": self.model.snap_step,
                "view": self.views.currentIndex()}

    def set_state(self, state: dict[str, Any]) -> None:
        if not isinstance(state, dict):
            raise ValueError("A Vectors tab state is a dictionary.")
        step = state.get("snap_step", SNAP_STEPS[0])
        if step not in SNAP_STEPS:
            raise ValueError(f"Snap step must be one of {SNAP_STEPS}.")
        self.model.set_state(state.get("plane", {}))
        self.space.set_state(state.get("space", {}))
        self.snap_check.setChecked(bool(state.get("snap", True)))
        self.snap_step_combo.setCurrentIndex(SNAP_STEPS.index(step))
        self.operation_combo.blockSignals(True)
        self.operation_combo.setCurrentIndex(list(OPERATIONS).index(self.model.operation))
        self.operation_combo.blockSignals(False)
        self.views.setCurrentIndex(1 if state.get("view") == 1 else 0)
        self.refresh(fit=True)


def _table_row(row: Row) -> TableRow:
    if row.direction is None:
        degrees = radians = "undefined"
    else:
        degrees = vec.format_number(row.direction.degrees)
        radians = vec.format_number(row.direction.radians)
    tail = "(" + ", ".join(vec.format_number(x) for x in row.tail) + ")"
    return TableRow(row.key, row.name, row.vector,
                    [vec.format_number(row.magnitude), degrees, radians, tail],
                    row.editable, row.role)
