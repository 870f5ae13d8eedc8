"""The 3-D view: i, j, k, vectors a and b, and a × b, drawn as a rotatable projection.

It is drawn in an ordinary 2-D plot from ``engine.vectors.view_projection``
rather than with OpenGL, so it opens everywhere, offscreen included (PyOpenGL is
not a dependency of the app).  Drag in the plot or use the sliders to turn it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
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
from gui.tabs.vectors.space_model import AZIMUTH_RANGE, ELEVATION_RANGE, SpaceModel
from gui.tabs.vectors.table import TableRow, VectorTable
from gui.widgets.rotating_view import RotatingViewBox

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
    """Vectors a, b and a × b in space, with |a × b| = |a||b| sin θ worked out.

    Everything shown is :class:`SpaceModel`'s; the table's cells, the sliders and a
    drag in the plot send it intents.
    """

    def __init__(self, model: SpaceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
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
        self.azimuth = self._slider("azimuth_slider", AZIMUTH_RANGE,
                                    "Turn the picture about the z axis (degrees).")
        self.elevation = self._slider("elevation_slider", ELEVATION_RANGE,
                                      "Tilt the picture up or down (degrees).")
        self.table = VectorTable("space_table", 3, ["|v|"],
                                 "Components of a and b (editable) and of a × b.")
        self.table.edited.connect(model.type_component)
        self.message_label = QLabel()
        self.message_label.setObjectName("space_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.VERMILLION};")
        self.formulas = FormulaPanel("space_formulas")
        self._build_layout()
        model.connect("vectors", self.refresh)
        model.connect("view", self._show_view)
        model.connect("message", self.message_label.setText)
        self.refresh()

    @property
    def vectors(self) -> dict[str, np.ndarray]:
        """a and b in use (the model's)."""
        return self.model.vectors

    def _slider(self, name: str, limits: tuple[int, int], tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setRange(*limits)
        slider.setToolTip(tip)
        slider.valueChanged.connect(self._on_slider)
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
        """Type ``text`` into component ``index`` of a or b, as the table does."""
        return self.model.type_component(key, index, text)

    def _on_rotated(self, dx: float, dy: float) -> None:
        """A drag to the right turns the picture to the right; down tilts it."""
        model = self.model
        model.turn(model.azimuth - dx * DEGREES_PER_PIXEL,
                   model.elevation + dy * DEGREES_PER_PIXEL)

    def _on_slider(self, _: int) -> None:
        self.model.turn(self.azimuth.value(), self.elevation.value())

    # ---- output -----------------------------------------------------------------------
    def _range(self) -> float:
        """Half the width of the picture: room for the longest of a, b and a × b."""
        product = self.model.cross().value
        lengths = [vec.magnitude(v).value for v in (*self.vectors.values(), product)]
        return 1.15 * max(1.0, *lengths)

    def refresh(self) -> None:
        """Recompute every number from the engine, then repaint."""
        a, b = self.vectors["a"], self.vectors["b"]
        product = self.model.cross()
        rows = [TableRow(key, key, v, [vec.format_number(vec.magnitude(v).value)],
                         editable=key != "a × b", role=role)
                for key, v, role in (("a", a, "a"), ("b", b, "b"),
                                     ("a × b", product.value, "result"))]
        self.table.show_rows(rows)
        self.formulas.show_lines([product, vec.cross_magnitude_identity(a, b), vec.dot(a, b)])
        self.message_label.setText(self.model.message)
        self._show_view()
        reach = self._range()
        self.view_box.setRange(xRange=(-reach, reach), yRange=(-reach, reach), padding=0.02)

    def _show_view(self) -> None:
        """Sliders at the model's angles (without emitting), and the picture turned so."""
        for slider, value in ((self.azimuth, self.model.azimuth),
                              (self.elevation, self.model.elevation)):
            with QSignalBlocker(slider):
                slider.setValue(value)
        self._paint()

    def _paint(self) -> None:
        model = self.model
        reach = self._range()

        def flat(points) -> np.ndarray:
            return vec.view_projection(points, model.azimuth, model.elevation)

        origin = np.zeros(2)
        for item, (_, axis) in zip(self.axes, BASIS, strict=True):
            ends = flat(np.outer([-reach, reach], axis))
            item.setData(ends[:, 0], ends[:, 1])
        # a, b and a × b first: where one ends where an axis does, it names both (a = i).
        arrows = [("a", self.vectors["a"], "a", "a"), ("b", self.vectors["b"], "b", "b"),
                  ("cross", model.cross().value, "result", "a × b")]
        arrows += [(name, np.array(axis), "axis", name) for name, axis in BASIS]
        tips = {key: flat(vector)[0] for key, vector, _, _ in arrows}
        labels = merged_labels([(key, tips[key], label, not np.any(vector))
                                for key, vector, _, label in arrows],
                               LABEL_MERGE * reach)
        zeros = 0
        for key, vector, role, _ in arrows:
            self.glyphs[key].show(origin, tips[key], role, labels[key])
            if np.any(vector):
                # Labels just beyond the tip read better than at mid-shaft in a projection.
                spot = tips[key] * 1.12
            else:  # a zero vector is a point at O: "a × b = 0" goes in the lower left corner
                spot = np.array([-0.95, ZERO_LABEL_STEP * zeros - 0.95]) * reach
                zeros += 1
                self.glyphs[key].label.setAnchor((0.0, 1.0))
            self.glyphs[key].label.setPos(*spot)
        corners = flat([np.zeros(3), self.vectors["a"], self.vectors["a"] + self.vectors["b"],
                        self.vectors["b"]])
        self.area.setPolygon(QPolygonF([pg.Point(float(x), float(y)) for x, y in corners]))

    def shutdown(self) -> None:
        self.formulas.shutdown()
