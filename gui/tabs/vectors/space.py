"""The 3-D view: i, j, k, vectors a and b, and a × b, drawn as a rotatable projection.

It is drawn in an ordinary 2-D plot from ``engine.vectors.view_projection``
rather than with OpenGL, so it opens everywhere, offscreen included (PyOpenGL is
not a dependency of the app).  Drag in the plot or use the sliders to turn it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsPolygonItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine import vectors as vec
from gui import theme
from gui.tabs.vectors.arrows import ArrowGlyph
from gui.tabs.vectors.formulas import FormulaPanel
from gui.tabs.vectors.table import TableRow, VectorTable
from gui.widgets.rotating_view import RotatingViewBox

DEFAULT_A = (2.0, 0.0, 1.0)
DEFAULT_B = (1.0, 2.0, 0.0)
DEFAULT_AZIMUTH, DEFAULT_ELEVATION = 35, 20
DEGREES_PER_PIXEL = 0.5
BASIS = (("i", (1.0, 0.0, 0.0)), ("j", (0.0, 1.0, 0.0)), ("k", (0.0, 0.0, 1.0)))
#: Tips closer than this (a fraction of the view's half-width) share one label.
LABEL_MERGE = 0.06
ZERO_LABEL_STEP = 0.08


def merged_labels(tips: list[tuple[str, np.ndarray, str, bool]], within: float) -> dict[str, str]:
    """One label per spot: arrows ending (on screen) where an earlier one ends add their
    name to its label (``a = i``) and get none; a zero vector is labelled ``a × b = 0``.

    ``tips``: (key, projected tip, name, is zero) in order of precedence.
    """
    labels: dict[str, str] = {}
    owners: list[tuple[str, np.ndarray]] = []
    for key, tip, name, zero in tips:
        if zero:
            labels[key] = f"{name} = 0"
            continue
        owner = next((k for k, spot in owners if np.hypot(*(spot - tip)) < within), None)
        if owner is None:
            owners.append((key, tip))
            labels[key] = name
        else:
            labels[owner] += f" = {name}"
            labels[key] = ""
    return labels


class SpaceView(QWidget):
    """Vectors a, b and a × b in space, with |a × b| = |a||b| sin θ worked out."""

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vectors = {"a": np.array(DEFAULT_A), "b": np.array(DEFAULT_B)}
        self.view_box = RotatingViewBox()
        self.view_box.rotated.connect(self._on_rotated)
        self.plot_widget = pg.PlotWidget(viewBox=self.view_box)
        self.plot_widget.setObjectName("space_plot")
        self.plot_widget.setToolTip("Drag to turn the picture; i, j, k are the unit axes.")
        self.plot = self.plot_widget.getPlotItem()
        for name in ("bottom", "left"):
            self.plot.hideAxis(name)
        self.area = QGraphicsPolygonItem()
        fill = QColor(theme.GREEN)
        fill.setAlpha(45)
        self.area.setBrush(QBrush(fill))
        self.area.setPen(QPen(Qt.PenStyle.NoPen))
        self.view_box.addItem(self.area)
        self.axes = [pg.PlotDataItem(pen=pg.mkPen(theme.GREY, width=1,
                                                  style=Qt.PenStyle.DotLine))
                     for _ in BASIS]
        for item in self.axes:
            self.plot.addItem(item)
        self.glyphs = {key: ArrowGlyph(self.plot, self)
                       for key in ("i", "j", "k", "a", "b", "cross")}
        self.azimuth = self._slider("azimuth_slider", -180, 180, DEFAULT_AZIMUTH,
                                    "Turn the picture about the z axis (degrees).")
        self.elevation = self._slider("elevation_slider", -89, 89, DEFAULT_ELEVATION,
                                      "Tilt the picture up or down (degrees).")
        self.table = VectorTable("space_table", 3, ["|v|"],
                                 "Components of a and b (editable) and of a × b.")
        self.table.edited.connect(self._on_cell_edited)
        self.message_label = QLabel()
        self.message_label.setObjectName("space_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.VERMILLION};")
        self.formulas = FormulaPanel("space_formulas")
        self._build_layout()
        self._range = 1.0
        self.refresh()

    def _slider(self, name: str, low: int, high: int, value: int, tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setRange(low, high)
        slider.setValue(value)
        slider.setToolTip(tip)
        slider.valueChanged.connect(self._on_view_turned)
        return slider

    def _build_layout(self) -> None:
        sliders = QGridLayout()
        sliders.addWidget(QLabel("Azimuth"), 0, 0)
        sliders.addWidget(self.azimuth, 0, 1)
        sliders.addWidget(QLabel("Elevation"), 1, 0)
        sliders.addWidget(self.elevation, 1, 1)
        left = QVBoxLayout()
        left.addWidget(self.plot_widget, 1)
        left.addLayout(sliders)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Vectors in space</b> (double-click a cell to edit)"))
        right.addWidget(self.table)
        right.addWidget(self.message_label)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(top, 1)
        outer.addWidget(self.formulas)

    # ---- inputs -----------------------------------------------------------------------
    def set_component(self, key: str, index: int, text: str) -> bool:
        """Parse ``text`` into component ``index`` of a or b; refuse it with a message."""
        try:
            value = vec.parse_component(text)
        except vec.VectorError as exc:
            self._say(f"{key}, {'xyz'[index]}: {exc} The vector is unchanged.")
            self.refresh()
            return False
        self.vectors[key] = self.vectors[key].copy()
        self.vectors[key][index] = value
        self._say("")
        self.refresh()
        return True

    def _on_cell_edited(self, key: str, index: int, text: str) -> None:
        self.set_component(key, index, text)

    def _on_rotated(self, dx: float, dy: float) -> None:
        self.azimuth.setValue(round(self.azimuth.value() - dx * DEGREES_PER_PIXEL))
        self.elevation.setValue(round(self.elevation.value() + dy * DEGREES_PER_PIXEL))

    def _on_view_turned(self, _: int) -> None:
        self._paint()

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message.emit(text)

    # ---- output -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every number from the engine, then repaint."""
        a, b = self.vectors["a"], self.vectors["b"]
        product = vec.cross(a, b)
        self.cross = product.value
        rows = [TableRow(key, key, v, [vec.format_number(vec.magnitude(v).value)],
                         editable=key != "a × b", role=role)
                for key, v, role in (("a", a, "a"), ("b", b, "b"),
                                     ("a × b", product.value, "result"))]
        self.table.show_rows(rows)
        self.formulas.show_lines([product, vec.cross_magnitude_identity(a, b), vec.dot(a, b)])
        lengths = [vec.magnitude(v).value for v in (a, b, product.value)]
        self._range = 1.15 * max(1.0, *lengths)
        self._paint()
        self.view_box.setRange(xRange=(-self._range, self._range),
                               yRange=(-self._range, self._range), padding=0.02)

    def _paint(self) -> None:
        def flat(points) -> np.ndarray:
            return vec.view_projection(points, self.azimuth.value(), self.elevation.value())

        origin = np.zeros(2)
        for item, (_, axis) in zip(self.axes, BASIS, strict=True):
            ends = flat(np.outer([-self._range, self._range], axis))
            item.setData(ends[:, 0], ends[:, 1])
        # a, b and a × b first: where one ends where an axis does, it names both (a = i).
        arrows = [("a", self.vectors["a"], "a", "a"), ("b", self.vectors["b"], "b", "b"),
                  ("cross", self.cross, "result", "a × b")]
        arrows += [(name, np.array(axis), "axis", name) for name, axis in BASIS]
        tips = {key: flat(vector)[0] for key, vector, _, _ in arrows}
        labels = merged_labels([(key, tips[key], label, not np.any(vector))
                                for key, vector, _, label in arrows],
                               LABEL_MERGE * self._range)
        zeros = 0
        for key, vector, role, _ in arrows:
            self.glyphs[key].show(origin, tips[key], role, labels[key])
            if np.any(vector):
                # Labels just beyond the tip read better than at mid-shaft in a projection.
                spot = tips[key] * 1.12
            else:  # a zero vector is a point at O: "a × b = 0" goes in the lower left corner
                spot = np.array([-0.95, ZERO_LABEL_STEP * zeros - 0.95]) * self._range
                zeros += 1
                self.glyphs[key].label.setAnchor((0.0, 1.0))
            self.glyphs[key].label.setPos(*spot)
        corners = flat([np.zeros(3), self.vectors["a"], self.vectors["a"] + self.vectors["b"],
                        self.vectors["b"]])
        self.area.setPolygon(QPolygonF([pg.Point(float(x), float(y)) for x, y in corners]))

    # ---- sessions ---------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {"a": self.vectors["a"].tolist(), "b": self.vectors["b"].tolist(),
                "azimuth": self.azimuth.value(), "elevation": self.elevation.value()}

    def set_state(self, state: dict[str, Any]) -> None:
        try:
            vectors = {key: vec.as_vector(state.get(key, default))
                       for key, default in (("a", DEFAULT_A), ("b", DEFAULT_B))}
            angles = (state.get("azimuth", DEFAULT_AZIMUTH),
                      state.get("elevation", DEFAULT_ELEVATION))
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"Not a 3-D view state: {exc}") from exc
        for name, value, slider in zip(("Azimuth", "Elevation"), angles,
                                       (self.azimuth, self.elevation), strict=True):
            # Checked here: a slider given 1e30 overflows inside Qt and prints a traceback.
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not slider.minimum() <= value <= slider.maximum():
                raise ValueError(f"{name} must be {slider.minimum()} … {slider.maximum()} "
                                 f"degrees, not {value!r}.")
        if any(v.size != 3 for v in vectors.values()):
            raise ValueError("Vectors in space have three components.")
        self.vectors = vectors
        self.azimuth.setValue(round(angles[0]))
        self.elevation.setValue(round(angles[1]))
        self.refresh()

    def reset(self) -> None:
        self.set_state({})

    def shutdown(self) -> None:
        self.formulas.shutdown()
