"""The 3-D view: f as a shaded surface with axes, its critical points and the paths on it.

Drawn in an ordinary 2-D plot through ``engine.vectors.view_projection`` (the
same projection as the Vectors tab's space view), because pyqtgraph's OpenGL
views need PyOpenGL, which the app does not depend on.  What is behind the
surface stays hidden by the painter's algorithm: the surface's patches and the
paths' segments are painted far to near (``engine.vectors.view_depth``), so a
hill in front covers a path behind it.  Heights use the contour plot's display
scale (log₁₀ where the contours are logarithmic) and are fitted into a box as
tall as the domain is wide.  A left-drag in the plot turns it, as do the sliders.

It draws what the tab's model holds (the analysis's field and critical points,
the race's snapshot, the azimuth and elevation in its settings) and sends turns
to the model; it keeps only the patches it computed from the field it drew.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QVBoxLayout, QWidget

from engine.vectors import view_depth, view_projection
from gui import theme
from gui.tabs.descent.choices import AZIMUTH_RANGE, ELEVATION_RANGE
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.contour_view import KIND_SYMBOLS, faded_lookup_table
from gui.tabs.descent.field import Field
from gui.widgets.rotating_view import RotatingViewBox

if TYPE_CHECKING:
    from engine.symbolic.calculus import CriticalPoint
    from gui.tabs.descent.model import DescentModel

WIRES = 31
HEIGHT = 1.2  # the surface's height in units of the domain's half-width
DEGREES_PER_PIXEL = 0.5
MAX_PATH_POINTS = 400  # per path: enough for the eye, few enough to sort at drag speed
#: Paths and points count as this share of a patch's diagonal nearer than they are, so
#: they are painted over the patch they lie on but under the patches in front of them.
LIFT = 0.6
REDRAW_MS = 100
RADIUS = float(np.sqrt(2.0 + (HEIGHT / 2) ** 2))  # from the box's centre to a corner


def _sample(count: int, wires: int) -> np.ndarray:
    """About ``wires`` indices from 0 to count − 1, both ends included."""
    return np.unique(np.linspace(0, count - 1, min(count, wires)).round().astype(int))


def _inside_triangles(points: np.ndarray, a: np.ndarray, b: np.ndarray,
                      c: np.ndarray) -> np.ndarray:  # fmt: skip
    """``inside[k, n]``: 2-D point k lies in triangle n (a, b, c: n × 2), by edge signs."""
    p = points[:, None, :]

    def side(u, v):
        return (v[..., 0] - u[..., 0]) * (p[..., 1] - u[..., 1]) - \
               (v[..., 1] - u[..., 1]) * (p[..., 0] - u[..., 0])  # fmt: skip

    s1, s2, s3 = side(a, b), side(b, c), side(c, a)
    return ((s1 >= 0) & (s2 >= 0) & (s3 >= 0)) | ((s1 <= 0) & (s2 <= 0) & (s3 <= 0))


def _bilinear(xs: np.ndarray, ys: np.ndarray, heights: np.ndarray, x: np.ndarray,
              y: np.ndarray) -> np.ndarray:  # fmt: skip
    """``heights`` (rows along ys) interpolated at (x, y): the height of the drawn patches."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    j = np.clip(np.searchsorted(xs, x) - 1, 0, len(xs) - 2)
    i = np.clip(np.searchsorted(ys, y) - 1, 0, len(ys) - 2)
    tx = np.clip((x - xs[j]) / (xs[j + 1] - xs[j]), 0, 1)
    ty = np.clip((y - ys[i]) / (ys[i + 1] - ys[i]), 0, 1)
    return (heights[i, j] * (1 - tx) * (1 - ty) + heights[i, j + 1] * tx * (1 - ty)
            + heights[i + 1, j] * (1 - tx) * ty + heights[i + 1, j + 1] * tx * ty)


class _DepthScene(pg.GraphicsObject):
    """Patches and line segments painted in a given order (far to near)."""

    def __init__(self) -> None:
        super().__init__()
        self.polygons: list[QPolygonF] = []
        self.brushes: list = []
        self.lines: list[QLineF] = []
        self.pens: list = []
        self.order = np.zeros(0, dtype=int)
        self.edge = pg.mkPen(QColor(96, 96, 96, 110), width=1)
        self._rect = QRectF()

    def set_contents(self, polygons: list[QPolygonF], brushes: list, lines: list[QLineF],
                     pens: list, order: np.ndarray, rect: QRectF) -> None:  # fmt: skip
        self.prepareGeometryChange()
        self.polygons, self.brushes, self.lines, self.pens = polygons, brushes, lines, pens
        self.order, self._rect = order, rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self.polygons)
        for i in self.order:
            if i < n:
                painter.setPen(self.edge)
                painter.setBrush(self.brushes[i])
                painter.drawPolygon(self.polygons[i])
            else:
                painter.setPen(self.pens[i - n])
                painter.drawLine(self.lines[i - n])


class SurfaceView(QWidget):
    """A turnable, shaded surface of f with axes, critical points and trajectories.

    ``turned(azimuth, elevation)``: a drag or a slider asks for these angles.
    """

    turned = Signal(float, float)

    def __init__(self, model: DescentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view_box = RotatingViewBox()
        self.view_box.rotated.connect(self._on_dragged)
        self.widget = pg.PlotWidget(viewBox=self.view_box)
        self.widget.setObjectName("surface_plot")
        self.widget.setToolTip("f(x, y) as a surface (height on the contour plot's scale) with "
                               "the paths on it; drag to turn it.")  # fmt: skip
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideAxis("bottom")
        self.plot.hideAxis("left")
        self.axes = pg.PlotCurveItem(pen=pg.mkPen(theme.FOREGROUND, width=1.5))
        self.scene_item = _DepthScene()
        self.points = pg.ScatterPlotItem(size=11, pen=pg.mkPen(theme.BLACK, width=1))
        for z, item in enumerate((self.axes, self.scene_item, self.points)):
            item.setZValue(z)
            self.plot.addItem(item)
        self.axis_labels = [pg.TextItem("", color=theme.FOREGROUND, anchor=(0.5, 0.5))
                            for _ in range(4)]  # fmt: skip
        for label in self.axis_labels:
            label.setZValue(5)
            self.plot.addItem(label)
        self.azimuth = self._slider("surface_azimuth", AZIMUTH_RANGE,
                                    "Turn the surface about the vertical axis (degrees).")
        self.elevation = self._slider("surface_elevation", ELEVATION_RANGE,
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
        self._drawn: Field | None = None  # the field the patches below were computed from
        self._grid: tuple[np.ndarray, list] | None = None  # unit-box corners, brushes
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self.redraw)
        self.show_angles()

    def _slider(self, name: str, limits: tuple[int, int], tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setToolTip(tip)
        slider.setRange(*limits)
        slider.valueChanged.connect(
            lambda _v: self.turned.emit(self.azimuth.value(), self.elevation.value()))
        return slider

    # ---- what the model holds ------------------------------------------------------
    @property
    def field(self) -> Field | None:
        analysis = self.model.analysis
        return analysis.field if analysis is not None else None

    @property
    def critical(self) -> tuple[CriticalPoint, ...]:
        analysis = self.model.analysis
        found = analysis.critical if analysis is not None else None
        return tuple(found.points) if found is not None else ()

    def _angles(self) -> tuple[int, int]:
        return self.model.settings.azimuth, self.model.settings.elevation

    # ---- told by the tab's views -----------------------------------------------------
    def show_angles(self) -> None:
        """The sliders at the angles in use (without emitting), the surface turned so."""
        for slider, value in zip((self.azimuth, self.elevation), self._angles(), strict=True):
            slider.blockSignals(True)
            slider.setValue(value)
            slider.blockSignals(False)
        self.redraw()

    def paths_changed(self) -> None:
        """New paths; while a run plays they are re-sorted and painted at most
        every REDRAW_MS (a redraw takes tens of milliseconds)."""
        if self.isVisible() and not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def analysis_changed(self) -> None:
        """A new field or new critical points (or a new surface, none yet); hidden, the
        surface is drawn when shown (a redraw would hold up the first contour picture)."""
        if self.isVisible():
            self.redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()

    def _on_dragged(self, dx: float, dy: float) -> None:
        """A drag to the right turns the surface to the right; down tilts it toward you."""
        azimuth, elevation = self._angles()
        self.turned.emit(azimuth - dx * DEGREES_PER_PIXEL, elevation + dy * DEGREES_PER_PIXEL)

    # ---- geometry -------------------------------------------------------------------
    def _unit(self, x, y, heights) -> np.ndarray:
        """Points in the unit box: x, y across (−1…1), the scaled height up (0…HEIGHT)."""
        x0, x1, y0, y1 = self.field.domain
        low, high = self.field.levels
        # a path that leaves the domain is drawn along the box's edge, not far outside it
        u = np.clip((np.asarray(x, float) - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
        v = np.clip((np.asarray(y, float) - (y0 + y1) / 2) / ((y1 - y0) / 2), -1, 1)
        span = high - low
        if not (np.isfinite(span) and span > 0):  # a flat surface lies on the floor
            span = np.inf
        w = (np.clip(heights, low, high) - low) / span * HEIGHT
        return np.stack([u, v, w], axis=-1)

    def _patches(self, field: Field) -> tuple[np.ndarray, list]:
        """Corners (n × 4 × 3, unit box) and colours of the surface's patches."""
        rows, cols = _sample(len(field.ys), WIRES), _sample(len(field.xs), WIRES)
        heights = field.image[np.ix_(rows, cols)].astype(float)
        self._mesh = (field.xs[cols], field.ys[rows], heights)
        X, Y = np.meshgrid(field.xs[cols], field.ys[rows])
        box = self._unit(X, Y, heights)
        corners = np.stack([box[:-1, :-1], box[:-1, 1:], box[1:, 1:], box[1:, :-1]], axis=2)
        corners = corners.reshape(-1, 4, 3)
        corners = corners[np.isfinite(corners).all(axis=(1, 2))]  # where f is undefined: a hole
        table = faded_lookup_table()
        shade = np.clip(corners[:, :, 2].mean(axis=1) / HEIGHT, 0, 1)
        brushes = [pg.mkBrush(*table[round(float(s) * 255)]) for s in shade]
        return corners, brushes

    def _flat(self, points: np.ndarray) -> np.ndarray:
        return view_projection(points.reshape(-1, 3), *self._angles()).reshape(
            *points.shape[:-1], 2)  # fmt: skip

    def _depth(self, points: np.ndarray) -> np.ndarray:
        return view_depth(points.reshape(-1, 3), *self._angles()).reshape(points.shape[:-1])

    def _lift(self) -> float:
        corners, _ = self._grid
        diagonal = np.linalg.norm(corners[0, 2] - corners[0, 0])
        return LIFT * float(diagonal)

    def on_surface(self, x, y) -> np.ndarray:
        """Points (x, y) lifted onto the drawn surface, in the unit box.

        Heights are the patches' own (interpolated between their corners), not f's: a
        narrow funnel of a log scale falls between the patches' corners, and a path or a
        minimum drawn at its true depth would hang below the surface that is drawn.
        """
        return self._unit(x, y, _bilinear(*self._mesh, x, y))

    def path_points(self) -> list[tuple[str, np.ndarray]]:
        """Each trajectory as (optimizer key, points in the unit box), thinned for drawing."""
        snapshot = self.model.run_snapshot
        trajectories = snapshot.trajectories if snapshot and self.field else ()
        paths = []
        for t in trajectories:
            keep = _sample(len(t.path), MAX_PATH_POINTS)
            paths.append((t.optimizer, self.on_surface(t.path[keep, 0], t.path[keep, 1])))
        return paths

    def hidden(self, points: np.ndarray) -> np.ndarray:
        """Which unit-box points a patch nearer to the viewer covers on screen."""
        corners, _ = self._grid
        flat, depth = self._flat(corners), self._depth(corners).mean(axis=1)
        where, near = self._flat(points), self._depth(points) + self._lift()
        covered = (_inside_triangles(where, flat[:, 0], flat[:, 1], flat[:, 2])
                   | _inside_triangles(where, flat[:, 0], flat[:, 2], flat[:, 3]))
        return np.any(covered & (depth[None, :] > near[:, None]), axis=1)

    # ---- painting -------------------------------------------------------------------
    def redraw(self) -> None:
        field = self.field
        if field is None:
            return
        if field is not self._drawn:
            self._drawn, self._grid = field, self._patches(field)
        corners, brushes = self._grid
        flat = self._flat(corners)
        polygons = [QPolygonF([QPointF(*p) for p in quad]) for quad in flat]
        depths = [self._depth(corners).mean(axis=1)]
        lines, pens = [], []
        lift = self._lift()
        for key, points in self.path_points():
            if len(points) < 2:
                continue
            ends = self._flat(points)
            pen = pg.mkPen(optimizer_color(key), width=2.5)
            lines += [QLineF(*a, *b) for a, b in pairwise(ends)]
            pens += [pen] * (len(points) - 1)
            d = self._depth(points)
            depths.append((d[:-1] + d[1:]) / 2 + lift)
        order = np.argsort(np.concatenate(depths), kind="stable")
        rect = QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS + HEIGHT)
        self.scene_item.set_contents(polygons, brushes, lines, pens, order, rect)
        self._draw_points()
        self._draw_axes()
        centre = self._flat(np.array([0.0, 0.0, HEIGHT / 2]))
        self.view_box.setRange(xRange=(centre[0] - RADIUS, centre[0] + RADIUS),
                               yRange=(centre[1] - RADIUS, centre[1] + RADIUS), padding=0.02)

    def _draw_points(self) -> None:
        """Critical points on the surface; those behind a hill are drawn faint, hollow."""
        points = self.critical
        if not points:
            self.points.setData([])
            return
        box = self.on_surface([p.x for p in points], [p.y for p in points])
        flat, hidden = self._flat(box), self.hidden(box)
        spots = []
        for p, spot, behind in zip(points, flat, hidden, strict=True):
            color = QColor(theme.KIND_COLORS.get(p.kind, theme.PURPLE))
            if behind:
                color.setAlpha(70)
            spots.append({"pos": tuple(spot), "symbol": KIND_SYMBOLS.get(p.kind, "s"),
                          "brush": pg.mkBrush(color), "data": (p.kind, bool(behind)),
                          "pen": pg.mkPen(theme.BLACK if not behind else theme.GREY)})
        self.points.setData(spots)

    def _draw_axes(self) -> None:
        """x and y along the bottom edges nearest the viewer, f up from the end of x."""
        x0, x1, y0, y1 = self.field.domain
        bottom = np.array([(u, v, 0.0) for u in (-1, 1) for v in (-1, 1)])
        corner = bottom[int(np.argmax(self._depth(bottom)))]
        u, v = corner[0], corner[1]
        ends = np.array([corner, (-u, v, 0.0), corner, (u, -v, 0.0),
                         (-u, v, 0.0), (-u, v, HEIGHT)])  # fmt: skip
        flat = self._flat(ends)
        self.axes.setData(flat[:, 0], flat[:, 1], connect="pairs")
        low, high = self.field.unscale(np.array(self.field.levels))
        xs, ys = {-1: x0, 1: x1}, {-1: y0, 1: y1}
        scale = " (log scale)" if self.field.log else ""
        texts = (f"({xs[int(u)]:.3g}, {ys[int(v)]:.3g})", f"x = {xs[int(-u)]:.3g}",
                 f"y = {ys[int(-v)]:.3g}", f"f from {low:.3g} to {high:.3g}{scale}")
        # each label hangs off its point away from the box's centre, clear of the lines
        centre = self._flat(np.array([0.0, 0.0, HEIGHT / 2]))
        for label, text, spot in zip(self.axis_labels, texts, flat[[0, 1, 3, 5]], strict=True):
            away = spot - centre
            away = away / (np.hypot(*away) or 1.0)
            label.setText(text)
            label.setAnchor((0.5 - 0.5 * away[0], 0.5 + 0.5 * away[1]))
            label.setPos(float(spot[0]), float(spot[1]))
        # the top of the f axis: the words run above it toward the middle, inside the view
        self.axis_labels[3].setAnchor((0.0 if flat[5, 0] < centre[0] else 1.0, 1.0))
