"""f and ‖∇f‖ against step for every trajectory, on logarithmic y axes.

‖∇f‖ ≥ 0 always goes on a log axis (zeros are left out: log 0 is not a number).
f goes on a log axis while every value is positive; a surface that dips to
zero or below (a saddle, 2x² + 4y) gets a linear axis and says so.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.descent.run import DescentSnapshot
from gui import theme, themed
from gui.strokes import draw, screen_kept, smooth_pens, traversals
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.log_axis import LogAxis

EMPTY_STEPS = 10  # the step axis before a run has moved
#: Points drawn per curve at most: two per pixel of a wide plot.  A dashed 2-px line of
#: 13,000 points took Qt 0.5–0.8 s to paint (pyqtgraph's automatic thinning does not
#: follow a plot that keeps re-ranging); 1,600 take a few milliseconds.
MAX_DRAWN = 1600
MIN_BLOCKS = 100  # two points per pixel column, at least 200 points

#: Dash per start, so two starts of one optimizer stay apart in the same colour.
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine)  # fmt: skip


class HistoryPlot:
    """One quantity against step, one curve per trajectory."""

    def __init__(self, name: str, title: str, tooltip: str) -> None:
        self.widget = pg.PlotWidget(axisItems={"left": LogAxis("left")})
        self.widget.setObjectName(name)
        self.widget.setToolTip(tooltip)
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.setLabel("bottom", "step")
        self.plot.showGrid(x=True, y=True, alpha=theme.GRID_ALPHA)
        self.title = title
        self.log = True
        self.plot.setLogMode(y=True)
        self.plot.setTitle(title, size="10pt")
        self.curves: list[pg.PlotDataItem] = []
        self._fixed = False
        # the curves are thinned to the plot's pixels: a resize draws them afresh
        self._series: list[tuple[np.ndarray, np.ndarray, str, int]] = []
        self.plot.getViewBox().sigResized.connect(lambda: self.set_curves(self._series, self.log))

    def set_curves(self, series: list[tuple[np.ndarray, np.ndarray, str, int]],
                   log: bool = True) -> None:  # fmt: skip
        """``series``: (steps, values, colour, start index) per trajectory."""
        if log != self.log:
            self.log = log
            self.plot.setLogMode(y=log)
            suffix = "" if log else " (linear axis: f is not always positive)"
            self.plot.setTitle(self.title + suffix, size="10pt")
        while len(self.curves) < len(series):
            curve = pg.PlotDataItem()
            self.plot.addItem(curve)
            self.curves.append(curve)
        while len(self.curves) > len(series):
            self.plot.removeItem(self.curves.pop())
        self._series = series
        view = self.plot.getViewBox()
        pixels = (view.width(), view.height())
        blocks = int(min(MAX_DRAWN // 2, max(MIN_BLOCKS, pixels[0])))  # two points a column
        shown, thinned = [], []
        for steps, values, _, _ in series:
            keep = np.isfinite(values) & ((values > 0) if log else True)
            thinned.append(peak_thinned(steps[keep], values[keep], blocks))
            shown.append(values[keep])
        # the plot ranges itself around all the curves: that is the view they cross
        heights = [np.log10(y) if log else y for _, y in thinned]
        x_range, y_range = _span([x for x, _ in thinned]), _span(heights)
        drawn = []
        for (x, y), h in zip(thinned, heights, strict=True):
            kept = screen_kept(x, h, x_range, y_range, pixels)
            drawn.append((x[kept], y[kept], h[kept]))
        smooth = smooth_pens([traversals(x, h, x_range, y_range) for x, _, h in drawn])
        for curve, (x, y, _), (_, _, color, start), keep_smooth in zip(
                self.curves, drawn, series, smooth, strict=True):
            pen = pg.mkPen(color, width=2, style=DASHES[start % len(DASHES)])
            draw(curve, x, y, pen, keep_smooth)
            themed.edge(curve)
        self._frame(shown, log)

    def _frame(self, shown: list[np.ndarray], log: bool) -> None:
        """Follow the data once it has two steps; before that, a plain frame around it
        (autoranging one point gives a range of ±500 steps and a sliver of a decade)."""
        if max((len(v) for v in shown), default=0) > 1:
            if self._fixed:
                self._fixed = False
                self.plot.enableAutoRange()
            return
        self._fixed = True
        self.plot.disableAutoRange()
        self.plot.setXRange(0, EMPTY_STEPS, padding=0)
        points = np.concatenate(shown) if shown else np.empty(0)
        if not points.size:
            return
        if log:
            middle = float(np.log10(points).mean())
            self.plot.setYRange(np.floor(middle) - 1, np.ceil(middle) + 1, padding=0)
        else:
            low, high = float(points.min()), float(points.max())
            half = max(1.0, abs(high), abs(low))
            self.plot.setYRange(low - half, high + half, padding=0)


class SidePlots(QWidget):
    """The two history plots stacked: f on top, ‖∇f‖ below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = HistoryPlot("value_plot", "f(x, y) against step",
                                  "f at each step of each trajectory (log scale when f > 0).")
        self.gradients = HistoryPlot("gradient_plot", "‖∇f‖ against step",
                                     "The length of the gradient at each step (log scale): "
                                     "a run converges when it drops below ε.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.values.widget, 1)
        layout.addWidget(self.gradients.widget, 1)
        # The key to the dashes: one entry per start, in grey (colour is the optimizer's).
        self.key = pg.LegendItem(offset=(-4, 4), brush=pg.mkBrush(255, 255, 255, 215),
                                 pen=pg.mkPen(theme.GREY), labelTextSize="8pt")
        self.key.setParentItem(self.values.plot.getViewBox())
        self._keyed: tuple[tuple[float, float], ...] = ()

    def _show_key(self, starts: tuple[tuple[float, float], ...]) -> None:
        if starts == self._keyed:
            return
        self._keyed = starts
        self.key.clear()
        for index, (x, y) in enumerate(starts):
            sample = pg.PlotDataItem(pen=pg.mkPen(theme.GREY, width=2,
                                                  style=DASHES[index % len(DASHES)]))
            self.key.addItem(sample, f"start ({x:.3g}, {y:.3g})")
        self.key.setVisible(bool(starts))

    def set_snapshot(self, snapshot: DescentSnapshot | None) -> None:
        trajectories = snapshot.trajectories if snapshot is not None else ()
        starts: dict[tuple[float, float], int] = {}
        values, gradients = [], []
        for t in trajectories:
            start = starts.setdefault(t.start, len(starts))
            color = optimizer_color(t.optimizer)
            values.append((t.steps, t.values, color, start))
            gradients.append((t.steps, t.grad_norms, color, start))
        self._show_key(tuple(starts))
        positive = all(bool(np.all(t.values > 0)) for t in trajectories)
        self.values.set_curves(values, log=positive)
        self.gradients.set_curves(gradients, log=True)


def _span(arrays: list[np.ndarray]) -> tuple[float, float]:
    """(min, max) over all of ``arrays`` ((0, 0) when they are empty)."""
    values = np.concatenate(arrays) if arrays else np.empty(0)
    return (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)


def peak_thinned(x: np.ndarray, y: np.ndarray, blocks: int) -> tuple[np.ndarray, np.ndarray]:
    """At most about 2·``blocks`` of the points, in order: each block of consecutive points
    keeps its lowest and highest y (so no spike or dip is lost at screen resolution), and
    the first and last points stay."""
    n = len(x)
    if n <= 2 * blocks:
        return x, y
    size = -(-n // blocks)
    whole = n // size * size
    body = y[:whole].reshape(-1, size)
    offsets = np.arange(0, whole, size)
    kept = np.unique(np.concatenate([[0, n - 1], offsets + body.argmin(axis=1),
                                     offsets + body.argmax(axis=1), np.arange(whole, n)]))
    return x[kept], y[kept]
