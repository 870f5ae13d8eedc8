"""The Landscape panel's picture: log C as colours and contours over the plane, the
training path, θ now, the racers' paths and the slice's critical points."""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize

from engine.descent.optimizers import OPTIMIZERS
from engine.network.landscape import Curvature
from engine.network.race import RaceSnapshot
from engine.network.slice_points import SlicePoints
from gui.strokes import draw, smooth_pens, traversals
from gui.tabs.network.landscape_model import Picture
from gui.tabs.network.notation import sub, sup
from gui.theme import ORANGE, VERMILLION, optimizer_color

PATH_PEN = pg.mkPen(ORANGE, width=2)
KIND_SYMBOLS = {"minimum": "t", "maximum": "t1", "saddle": "x", "inconclusive": "o"}  # ▼ ▲ ×


class LandscapePlot(pg.PlotWidget):
    """C over the plane θ + s·d₁ + t·d₂ with everything drawn on it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("landscape_plot")
        self.setToolTip("C over the plane θ + s·d₁ + t·d₂ (log colours); the orange line is "
                        "the training path, the ring is θ now. Click to race from a point.")
        self.setMinimumHeight(220)
        item = self.getPlotItem()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.colormap.get("cividis").getLookupTable(nPts=256))
        item.addItem(self.image)
        # contour lines at evenly spaced log levels, drawn in the image's coordinates
        self.contours = [pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110)) for _ in range(7)]
        for curve in self.contours:
            curve.setParentItem(self.image)
        self.path_curve = item.plot(pen=PATH_PEN, name="path")
        self._view = ((0.0, 1.0), (0.0, 1.0))  # the plane's extent, once a picture shows
        self.racer_curves: dict[str, pg.PlotDataItem] = {}
        self.kinds = pg.ScatterPlotItem(size=13, pen=pg.mkPen("w", width=1.5))
        item.addItem(self.kinds)
        self.here = pg.ScatterPlotItem(size=14, symbol="o", pen=pg.mkPen(VERMILLION, width=3),
                                       brush=pg.mkBrush(0, 0, 0, 0))
        item.addItem(self.here)

    def sizeHint(self) -> QSize:
        # pyqtgraph asks for 480 px: the panel's other parts must fit below it in a column
        return QSize(super().sizeHint().width(), 300)

    def show_picture(self, picture: Picture, racing: bool) -> None:
        grid = picture.landscape
        values = np.log10(np.fmax(grid.losses, 1e-12))
        finite = values[np.isfinite(values)]
        levels = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if levels[0] == levels[1]:
            levels = (levels[0] - 1.0, levels[1] + 1.0)
        image = np.nan_to_num(values, nan=levels[1])
        self.image.setImage(image, levels=levels)
        for level, curve in zip(np.linspace(*levels, len(self.contours) + 2)[1:-1],
                                self.contours, strict=True):
            curve.setData(image.T)  # IsocurveItem reads column-major data
            curve.setLevel(level)
        ds, dt = grid.s[1] - grid.s[0], grid.t[1] - grid.t[0]
        self.image.setRect(grid.s[0] - ds / 2, grid.t[0] - dt / 2,
                           ds * len(grid.s), dt * len(grid.t))
        self._view = ((float(grid.s[0]), float(grid.s[-1])), (float(grid.t[0]), float(grid.t[-1])))
        path = picture.path[:-1] if racing else picture.path  # a race's start ends it
        length = traversals(path[:, 0], path[:, 1], *self._view)
        draw(self.path_curve, path[:, 0], path[:, 1], PATH_PEN, smooth_pens([length])[0])
        self.kinds.setData([])
        self.here.setData([picture.current[0]], [picture.current[1]])
        item = self.getPlotItem()
        item.setLabel("bottom", f"s along {display_name(picture.plane.names[0])}")
        item.setLabel("left", f"t along {display_name(picture.plane.names[1])}")
        item.autoRange()

    def show_racers(self, picture: Picture | None, race: RaceSnapshot | None) -> None:
        """Each racer's path projected on the plane, in its optimizer's colour."""
        item = self.getPlotItem()
        for key in list(self.racer_curves):
            if race is None or picture is None or key not in race.keys:
                item.removeItem(self.racer_curves.pop(key))
        if picture is None or race is None:
            return
        projected = [picture.plane.project(path) for path in race.paths]
        smooth = smooth_pens([traversals(c[:, 0], c[:, 1], *self._view) for c in projected])
        for key, coords, keep_smooth in zip(race.keys, projected, smooth, strict=True):
            curve = self.racer_curves.get(key)
            if curve is None:
                curve = self.racer_curves[key] = item.plot(name=OPTIMIZERS[key].name)
            draw(curve, coords[:, 0], coords[:, 1], pg.mkPen(optimizer_color(key), width=2.5),
                 keep_smooth)

    def show_points(self, found: SlicePoints) -> None:
        points = found.points
        self.kinds.setData([p.s for p in points], [p.t for p in points],
                           symbol=[KIND_SYMBOLS.get(p.kind, "o") for p in points],
                           brush=[pg.mkBrush(VERMILLION if p.kind == "saddle" else ORANGE)
                                  for p in points])

    def plane_point(self, scene_position: QPointF) -> tuple[float, float] | None:
        """(s, t) under a scene position, or None outside the plot's area."""
        view_box = self.getPlotItem().vb
        if not view_box.sceneBoundingRect().contains(scene_position):
            return None
        point = view_box.mapSceneToView(scene_position)
        return point.x(), point.y()


def describe_picture(picture: Picture) -> tuple[str, str]:
    """The words under the picture (the range of C, the PCA plane's share) and a tooltip."""
    grid, share = picture.landscape, picture.plane.variance_share
    low, high = float(np.min(grid.losses)), float(np.max(grid.losses))
    words = [f"C = {number(low)} … {number(high)} on this plane (colours: log₁₀ C)."]
    if share is not None:
        words.append(f"The plane holds {share:.0%} of the path's variance: "
                     + ("a faithful picture." if share > 0.8 else
                        "much of the path leaves it, so read it with care."))
    centre = float(grid.losses[len(grid.t) // 2, len(grid.s) // 2])
    return " ".join(words), f"C at the centre of the picture: {number(centre)}"


def describe_curvature(result: Curvature) -> str:
    largest = ", ".join(number(v) for v in result.largest)
    smallest = ", ".join(number(v) for v in result.smallest)
    return (f"<b>{result.verdict.capitalize()}</b>: {result.message}. "
            f"Largest eigenvalues {largest}; smallest {smallest}.")


def describe_points(found: SlicePoints) -> str:
    points = found.points
    if not points:
        text = "No critical point of this slice in the picture"
    else:
        text = f"{len(points)} critical point{'s' if len(points) > 1 else ''} " + (
            "(found symbolically, the descent tab's search)" if found.route == "symbolic"
            else "(found numerically)") + ": " + "; ".join(
            f"{p.kind} at s = {number(p.s)}, t = {number(p.t)} (C = {number(p.value)})"
            for p in points[:6])
    note = f" ({found.note})" if found.note else ""
    return text + note + "."


def display_name(name: str) -> str:
    """An engine parameter name as the notes print it: "W^1_21" → W¹₂₁; others unchanged."""
    match = re.fullmatch(r"([Wb])\^(\d+)_([\d,]+)", name)
    if match is None:
        return name
    letter, m, indices = match.groups()
    if "," in indices:
        parts = [int(i) for i in indices.split(",")]
    else:
        parts = [int(i) for i in indices] if letter == "W" else [int(indices)]
    return f"{letter}{sup(m)}{sub(*parts)}"


def number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")
