"""The 3-D view: f as a wireframe surface with the paths running over it.

Drawn in an ordinary 2-D plot through ``engine.vectors.view_projection`` (the
same projection as the Vectors tab's space view), because pyqtgraph's OpenGL
views need PyOpenGL, which the app does not depend on.  Heights use the
contour plot's display scale (log₁₀ where the contours are logarithmic) and
are fitted into a box as tall as the domain is wide.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QVBoxLayout, QWidget

from engine.descent.run import DescentSnapshot
from engine.vectors import view_projection
from gui import theme
from gui.tabs.descent.choices import optimizer_color
from gui.tabs.descent.field import Field

WIRES = 31
HEIGHT = 1.2  # the surface's height in units of the domain's half-width
DEFAULT_AZIMUTH, DEFAULT_ELEVATION = -60, 30


class SurfaceView(QWidget):
    """A turnable wireframe of f with every trajectory lifted onto it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = pg.PlotWidget()
        self.widget.setObjectName("surface_plot")
        self.widget.setToolTip("f(x, y) as a surface (height on the contour plot's scale) "
                               "with the paths on it; turn it with the sliders.")  # fmt: skip
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideAxis("bottom")
        self.plot.hideAxis("left")
        self.plot.getViewBox().setAspectLocked(True, ratio=1.0)
        self.wire = pg.PlotCurveItem(pen=pg.mkPen(theme.GREY, width=1))
        self.plot.addItem(self.wire)
        self.paths: list[pg.PlotCurveItem] = []
        self.azimuth = self._slider("surface_azimuth", -180, 180, DEFAULT_AZIMUTH,
                                    "Turn the surface about the vertical axis (degrees).")
        self.elevation = self._slider("surface_elevation", 0, 89, DEFAULT_ELEVATION,
                                      "Tilt the surface toward you (degrees).")
        sliders = QGridLayout()
        sliders.addWidget(QLabel("Azimuth"), 0, 0)
        sliders.addWidget(self.azimuth, 0, 1)
        sliders.addWidget(QLabel("Elevation"), 1, 0)
        sliders.addWidget(self.elevation, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget, 1)
        layout.addLayout(sliders)
        self.field: Field | None = None
        self.snapshot: DescentSnapshot | None = None

    def _slider(self, name: str, low: int, high: int, value: int, tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setToolTip(tip)
        slider.setRange(low, high)
        slider.setValue(value)
        slider.valueChanged.connect(self._on_turned)
        return slider

    def set_field(self, field: Field) -> None:
        self.field = field
        self.redraw()

    def set_snapshot(self, snapshot: DescentSnapshot | None) -> None:
        self.snapshot = snapshot
        if self.isVisible():
            self._draw_paths()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()

    def _on_turned(self, _value: int) -> None:
        self.redraw()

    def redraw(self) -> None:
        if self.field is None:
            return
        field = self.field
        step_y = max(1, len(field.ys) // (WIRES - 1))
        step_x = max(1, len(field.xs) // (WIRES - 1))
        xs, ys = field.xs[::step_x], field.ys[::step_y]
        heights = field.image[::step_y, ::step_x].astype(float)
        X, Y = np.meshgrid(xs, ys)
        grid = self._project(X, Y, heights)
        rows = [grid[i] for i in range(grid.shape[0])]
        columns = [grid[:, j] for j in range(grid.shape[1])]
        points = np.concatenate(rows + columns)
        connect = np.ones(len(points), dtype=bool)
        ends = np.cumsum([len(line) for line in rows + columns]) - 1
        connect[ends] = False
        self.wire.setData(points[:, 0], points[:, 1], connect=connect)
        self._draw_paths()

    def _draw_paths(self) -> None:
        trajectories = self.snapshot.trajectories if self.snapshot and self.field else ()
        while len(self.paths) < len(trajectories):
            item = pg.PlotCurveItem()
            self.plot.addItem(item)
            self.paths.append(item)
        while len(self.paths) > len(trajectories):
            self.plot.removeItem(self.paths.pop())
        for item, t in zip(self.paths, trajectories, strict=True):
            heights = self.field.scale(t.values)
            projected = self._project(t.path[:, 0], t.path[:, 1], heights)
            item.setPen(pg.mkPen(optimizer_color(t.optimizer), width=2.5))
            item.setData(projected[..., 0], projected[..., 1])

    def _project(self, x: np.ndarray, y: np.ndarray, heights: np.ndarray) -> np.ndarray:
        """Points in the unit box (x, y across, scaled height up) projected to the screen."""
        x0, x1, y0, y1 = self.field.domain
        low, high = self.field.levels
        # a path that leaves the domain is drawn along the box's edge, not far outside it
        u = np.clip((np.asarray(x) - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
        v = np.clip((np.asarray(y) - (y0 + y1) / 2) / ((y1 - y0) / 2), -1, 1)
        w = (np.clip(heights, low, high) - low) / (high - low) * HEIGHT
        flat = np.column_stack([u.ravel(), v.ravel(), w.ravel()])
        screen = view_projection(flat, self.azimuth.value(), self.elevation.value())
        return screen.reshape(*np.shape(u), 2)
