"""Trajectories on the contour plot: one path per (start, optimizer), coloured by optimizer."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.descent.run import DescentSnapshot
from gui import theme, themed
from gui.strokes import draw, screen_kept, smooth_pens, traversals
from gui.tabs.descent.colors import optimizer_color

PATH_WIDTH = 2.5
START_SYMBOL, START_SIZE = "star", 16
NOW_SYMBOL = "d"


class PathLayer:
    """Paths, start markers, current points and a legend with one entry per optimizer."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.items: list[pg.PlotDataItem] = []
        # Starts and current points differ in shape from the critical points' circles,
        # triangles, crosses and squares (and from each other): a white star, a diamond.
        self.starts = pg.ScatterPlotItem(size=START_SIZE, symbol=START_SYMBOL,
                                         pen=pg.mkPen(theme.BLACK, width=1.5),
                                         brush=pg.mkBrush("w"))  # fmt: skip
        self.ends = pg.ScatterPlotItem(size=9, symbol=NOW_SYMBOL,
                                       pen=pg.mkPen(theme.BLACK, width=1))
        for item in (self.starts, self.ends):
            item.setZValue(30)
            plot.addItem(item)
        self.legend = pg.LegendItem(offset=(-8, -8), brush=pg.mkBrush(255, 255, 255, 215),
                                    pen=pg.mkPen(theme.GREY))  # fmt: skip
        self.legend.setParentItem(plot.getViewBox())
        self._names: tuple[tuple[str, str], ...] = ()
        self._shown: DescentSnapshot | None = None
        # paths are thinned to the view's pixels: a zoom, a pan or a resize draws them afresh
        plot.getViewBox().sigRangeChanged.connect(self._draw_paths)
        plot.getViewBox().sigResized.connect(self._draw_paths)

    def set_optimizers(self, names: tuple[tuple[str, str], ...]) -> None:
        """One legend entry per (key, name) of the chosen optimizers, in its colour."""
        if names == self._names:
            return
        self._names = names
        self.legend.clear()
        for key, name in names:
            sample = pg.PlotDataItem(pen=pg.mkPen(optimizer_color(key), width=PATH_WIDTH))
            themed.edge(sample)
            self.legend.addItem(sample, name)

    def set_visible(self, shown: bool) -> None:
        for item in (*self.items, self.starts, self.ends, self.legend):
            item.setVisible(shown)

    def set_snapshot(self, snapshot: DescentSnapshot | None,
                     pending: tuple[tuple[float, float], ...] = ()) -> None:  # fmt: skip
        """Draw every trajectory of ``snapshot`` (paths are finite: the engine guarantees it)."""
        self._shown = snapshot
        self._draw_paths()
        trajectories = snapshot.trajectories if snapshot is not None else ()
        starts = {t.start for t in trajectories} | set(pending)
        self.starts.setData(pos=np.array(sorted(starts)).reshape(-1, 2))
        self.ends.setData(
            pos=np.array([t.position for t in trajectories]).reshape(-1, 2),
            brush=[pg.mkBrush(optimizer_color(t.optimizer)) for t in trajectories],
        )
        themed.edge(self.ends)

    def _draw_paths(self) -> None:
        """One item per trajectory, its points thinned to the view's pixels and its pen
        smooth within the plot's budget (:mod:`gui.strokes`)."""
        trajectories = self._shown.trajectories if self._shown is not None else ()
        while len(self.items) < len(trajectories):
            item = pg.PlotDataItem()
            item.setZValue(10)
            self.plot.addItem(item)
            self.items.append(item)
        while len(self.items) > len(trajectories):
            self.plot.removeItem(self.items.pop())
        view = self.plot.getViewBox()
        x_range, y_range = view.viewRange()
        pixels = (view.width(), view.height())
        drawn = []
        for t in trajectories:
            kept = screen_kept(t.path[:, 0], t.path[:, 1], x_range, y_range, pixels)
            drawn.append((t.path[kept, 0], t.path[kept, 1]))
        smooth = smooth_pens([traversals(x, y, x_range, y_range) for x, y in drawn])
        for item, t, (x, y), keep_smooth in zip(self.items, trajectories, drawn, smooth,
                                                strict=True):
            draw(item, x, y, pg.mkPen(optimizer_color(t.optimizer), width=PATH_WIDTH),
                 keep_smooth)
            themed.edge(item)
