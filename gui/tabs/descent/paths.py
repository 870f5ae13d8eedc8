"""Trajectories on the contour plot: one path per (start, optimizer), coloured by optimizer."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.descent.run import DescentSnapshot
from gui import theme, themed
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
        trajectories = snapshot.trajectories if snapshot is not None else ()
        while len(self.items) < len(trajectories):
            item = pg.PlotDataItem()
            item.setDownsampling(auto=True, method="peak")
            item.setClipToView(True)
            item.setZValue(10)
            self.plot.addItem(item)
            self.items.append(item)
        while len(self.items) > len(trajectories):
            self.plot.removeItem(self.items.pop())
        for item, t in zip(self.items, trajectories, strict=True):
            item.setPen(pg.mkPen(optimizer_color(t.optimizer), width=PATH_WIDTH))
            themed.edge(item)
            item.setData(t.path[:, 0], t.path[:, 1])
        starts = {t.start for t in trajectories} | set(pending)
        self.starts.setData(pos=np.array(sorted(starts)).reshape(-1, 2))
        self.ends.setData(
            pos=np.array([t.position for t in trajectories]).reshape(-1, 2),
            brush=[pg.mkBrush(optimizer_color(t.optimizer)) for t in trajectories],
        )
        themed.edge(self.ends)
