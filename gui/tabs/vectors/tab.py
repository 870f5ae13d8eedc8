"""The Vectors tab: the plane with draggable arrows, its table and formulas, and space.

The state lives in :class:`gui.tabs.vectors.model.VectorsModel`; this class
puts the views of it side by side and answers the main window (``LabTab``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from gui import theme, themed
from gui.tabs.base import LabTab
from gui.tabs.vectors.controls import PlaneControls
from gui.tabs.vectors.formulas import FormulaPanel
from gui.tabs.vectors.model import VectorsModel
from gui.tabs.vectors.plane import PlaneView
from gui.tabs.vectors.readouts import PlaneReadouts
from gui.tabs.vectors.space import SpaceView

RIGHT_COLUMN_WIDTH = 430
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
        self.model = VectorsModel()
        plane_model = self.model.plane
        self.plane = PlaneView(plane_model)
        self.formulas = FormulaPanel("vectors_formulas")
        self.controls = PlaneControls(plane_model)
        self.controls.reset_button.clicked.connect(self.reset)
        self.readouts = PlaneReadouts(plane_model, self.formulas)
        self.space = SpaceView(self.model.space)
        # the controls by the names the lessons, tests and tours use
        for name in ("operation_combo", "k_slider", "k_field", "snap_check", "snap_step_combo",
                     "reset_tails_button", "reset_button"):
            setattr(self, name, getattr(self.controls, name))
        self.table = self.readouts.table
        self.notes_label = self.readouts.notes_label
        self.message_label = self.readouts.message_label
        self._build_layout()
        for model in (plane_model, self.model.space):
            model.connect("message", self._say)
        self.model.connect("view", self._show_view)
        self.views.currentChanged.connect(self.model.show_view)
        themed.follow(self._restyle)

    def _build_layout(self) -> None:
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.GREY};")
        right = QVBoxLayout()
        right.addWidget(self.controls)
        right.addWidget(self.readouts)
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

    def _restyle(self) -> None:
        """Arrows, labels and read-only cells in the theme's colours and projector widths."""
        self.plane.show_scene(self.model.plane.scene())
        self.readouts.show_model()
        self.space.refresh()

    def _show_view(self, index: int) -> None:
        with QSignalBlocker(self.views):
            self.views.setCurrentIndex(index)

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text or "Ready")

    # ---- typing, as the table does (sessions' tests and tours use these) ----------------
    def set_component(self, key: str, index: int, text: str) -> bool:
        """Type ``text`` into component ``index`` of input ``key``; refuse bad text."""
        return self.model.plane.type_component(key, index, text)

    def set_k_text(self, text: str) -> bool:
        """Type ``text`` as k; refuse what is not a number from −3 to 3, keeping k."""
        return self.model.plane.type_k(text)

    # ---- LabTab -----------------------------------------------------------------------
    def set_projector(self, on: bool) -> None:
        """Projector: the component table and the notes under it hide; plot and formulas stay."""
        self.table.setVisible(not on)
        self.notes_label.setVisible(not on)

    def start_demo(self) -> None:
        self.reset()
        self.formulas.flush()

    def reset(self) -> None:
        """Back to the notes' example (the 3-D view back to its default too)."""
        self.model.reset()

    def shutdown(self) -> None:
        self.formulas.shutdown()
        self.space.shutdown()

    def export_target(self) -> Any:
        return self.plane.plot if self.model.view == 0 else self.space.plot

    def state(self) -> dict[str, Any]:
        return self.model.state()

    def set_state(self, state: dict[str, Any]) -> None:
        self.model.set_state(state)
