"""The decision boundary: a^L over the plane as a heat map, the data on top.

One output unit: a^L = P(class 1) on the fixed diverging scale, levels 0 … 1,
so the background colour is the boundary a^L = ½; a colour bar beside the plot reads colours
back as values.  Several classes: each class's colour mixed by the softmax
outputs (the bar, which is for one output, is hidden).  Training points are
filled discs, test points hollow diamonds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from engine.network.datasets import Dataset
from engine.network.grids import GridMap
from gui import themed
from gui.tabs.network.axes import cache_axes
from gui.tabs.network.colors import LUT_SIZE, blend_classes, class_color, lut, scaled_indices
from gui.theme import GREY

if TYPE_CHECKING:
    from collections.abc import Callable

POINT_LIMIT = 2000  # more points would hide the boundary and slow every frame


class BoundaryView(QWidget):
    """``set_data`` once per data set, ``set_grid`` per snapshot, ``show_message`` for words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(enableMenu=False)  # pyqtgraph's menu is not made at all
        self.plot.setObjectName("boundary_plot")
        self.plot.setToolTip("a^L over the plane: blue → class 1, vermillion → class 0, "
                             "the background colour is the boundary a^L = ½")
        item = self.plot.getPlotItem()
        item.setAspectLocked(False)
        item.setLabel("bottom", "x₁")
        item.setLabel("left", "x₂")
        item.setTitle("Decision boundary a<sup>L</sup>(x₁, x₂)", size="10pt")
        cache_axes(item)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(lut())
        self.image.setZValue(-10)
        item.addItem(self.image)
        # the default brush and pen are what the legend shows; each point has its class colour
        self.train_points = pg.ScatterPlotItem(
            size=13, pen=pg.mkPen(themed.foreground(), width=1.5), brush=pg.mkBrush(GREY))
        self.test_points = pg.ScatterPlotItem(size=13, symbol="d",
                                              brush=pg.mkBrush(themed.background()),
                                              pen=pg.mkPen(GREY, width=2))
        item.addItem(self.train_points)
        item.addItem(self.test_points)
        legend = item.addLegend(offset=(-4, 4), labelTextSize="8pt")
        legend.addItem(self.train_points, "train")
        self._legend = legend
        # The points and the legend hold still while the heat map under them changes
        # every frame: paint them once into pixmaps rather than in Python per frame.
        for still in (self.train_points, self.test_points, legend):
            still.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.color_bar = self._color_bar(item)
        self.message = QLabel()
        self.message.setObjectName("boundary_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        self.grid_shown = False
        self._grid: tuple[GridMap, int] | None = None
        # One brush (filled discs) and one pen (hollow diamonds) per class, kept: pyqtgraph
        # draws a symbol once per distinct pen/brush object, and a new one per point drew
        # 4,000 symbols for 2,000 points (0.2–0.35 s of the GUI thread per data set).
        self._class_brushes = _Styles(lambda c: pg.mkBrush(class_color(c)))
        self._class_pens = _Styles(lambda c: pg.mkPen(class_color(c), width=2))
        self._paper = _Styles(pg.mkBrush)  # the hollow diamonds' fill, per theme background
        themed.follow(self.restyle)

    def restyle(self) -> None:
        """The colour map's neutral middle follows the theme's background."""
        self.image.setLookupTable(lut())
        self.color_bar.setColorMap(pg.ColorMap(np.linspace(0.0, 1.0, LUT_SIZE), lut()))
        if self._grid is not None and self._grid[0].values[self._grid[1]].shape[0] > 1:
            self.set_grid(*self._grid)  # blended classes carry their colours, not LUT rows

    @staticmethod
    def _color_bar(item: pg.PlotItem) -> pg.ColorBarItem:
        """The scale of a^L right of the plot, on the heat map's own LUT and fixed levels."""
        colormap = pg.ColorMap(np.linspace(0.0, 1.0, LUT_SIZE), lut())
        bar = pg.ColorBarItem(values=(0.0, 1.0), width=12, colorMap=colormap,
                              interactive=False, colorMapMenu=False)
        bar.setObjectName("boundary_color_bar")
        bar.axis.setTicks([[(0.0, "0"), (0.5, "½"), (1.0, "1")]])
        bar.axis.setLabel("a<sup>L</sup> = P(class 1)")
        bar.setToolTip("a^L: 0 → class 0 (vermillion), ½ the boundary (background), "
                       "1 → class 1 (blue)")
        # beside the plot, where pyqtgraph's own colour bars go (ColorBarItem.setImageItem);
        # not linked to the image, whose uint8 LUT rows already carry the levels
        item.layout.addItem(bar, 2, 5)
        return bar

    def set_data(self, dataset: Dataset, domain: tuple[float, float, float, float] | None) -> None:
        """Show the data's points and frame the plane (None: not a 2-D problem)."""
        self.image.clear()
        self.grid_shown = False
        if domain is None:
            self.train_points.clear()
            self.test_points.clear()
            return
        X, y = dataset.X_train[:POINT_LIMIT], dataset.y_train[:POINT_LIMIT]
        self.train_points.setData(pos=X, brush=_per_point(y, self._class_brushes))
        Xt, yt = dataset.X_test[:POINT_LIMIT], dataset.y_test[:POINT_LIMIT]
        self.test_points.setData(pos=Xt, brush=self._paper[themed.background()],
                                 pen=_per_point(yt, self._class_pens))
        self._legend.removeItem(self.test_points)
        if len(Xt):
            self._legend.addItem(self.test_points, "test")
        x0, x1, y0, y1 = domain
        self.plot.getPlotItem().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def set_grid(self, grid: GridMap | None, k: int = 0) -> None:
        """Paint network k's a^L from a snapshot's grid (levels fixed at 0 … 1)."""
        if grid is None:
            return
        self._grid = (grid, k)
        values = grid.values[k]
        self.color_bar.setVisible(values.shape[0] == 1)
        if values.shape[0] == 1:
            # LUT rows as uint8: pyqtgraph then paints an indexed image, the fast path
            rows = scaled_indices(values[0], 0.0, 1.0).astype(np.uint8)
            self.image.setImage(rows, levels=(0, LUT_SIZE - 1), autoLevels=False)
        else:
            self.image.setImage(blend_classes(values), autoLevels=False)
        if not self.grid_shown:
            xs, ys = grid.xs, grid.ys
            dx, dy = (xs[-1] - xs[0]) / (len(xs) - 1), (ys[-1] - ys[0]) / (len(ys) - 1)
            # pixel centres sit on the grid points
            self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2,
                                      xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy))
            self.grid_shown = True

    def show_message(self, text: str, color: str) -> None:
        """A line above the plot (empty text hides it)."""
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.message.setVisible(bool(text))

    def point_count(self) -> int:
        return len(self.train_points.data) + len(self.test_points.data)



class _Styles(dict):
    """Class index (or colour) → its pen or brush, made on first use, then shared."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        self[key] = style = self._make(key)
        return style


def _per_point(y: np.ndarray, styles: _Styles) -> list[Any]:
    """Each point's class style: a few shared objects, not one new object per point."""
    return [styles[c] for c in np.asarray(y, dtype=int).tolist()]
