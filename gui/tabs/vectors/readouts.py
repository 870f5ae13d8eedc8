"""What the plane's numbers read as: the component table, the notes on translations,
the message about a refused input, and the worked formulas.

Each is redrawn from :class:`gui.tabs.vectors.model.PlaneModel` on its events;
typed cells are sent to the model, which accepts or refuses them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine import vectors as vec
from gui import theme
from gui.tabs.vectors.formulas import FormulaPanel
from gui.tabs.vectors.model import PlaneModel
from gui.tabs.vectors.scene import Row
from gui.tabs.vectors.table import TableRow, VectorTable


def label(name: str, color: str | None) -> QLabel:
    """A wrapped label in ``color`` (None: the palette's text colour, following the theme)."""
    widget = QLabel()
    widget.setObjectName(name)
    widget.setWordWrap(True)
    if color is not None:
        widget.setStyleSheet(f"color: {color};")
    return widget


class PlaneReadouts(QWidget):
    """The component table, the translation notes and the message, in a column; the
    worked lines go to ``formulas`` (placed elsewhere by the tab)."""

    def __init__(self, model: PlaneModel, formulas: FormulaPanel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.formulas = model, formulas
        self.table = VectorTable("component_table", 2, ["|v|", "θ (°)", "θ (rad)", "Tail"],
                                 "Components of each arrow; OA/OB (a/b) cells are editable.")
        self.table.edited.connect(model.type_component)
        self.notes_label = label("translation_notes", None)
        self.message_label = label("vectors_message", theme.VERMILLION)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.message_label)
        model.connect("changed", lambda _cause: self.show_model())
        model.connect("message", self.message_label.setText)
        self.show_model()

    def show_model(self) -> None:
        scene = self.model.scene()
        self.table.show_rows([_table_row(row) for row in scene.rows])
        self.notes_label.setText("\n".join(scene.notes))
        self.formulas.show_lines(scene.worked, scene.problems)
        self.message_label.setText(self.model.message)


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
