"""The one plot of the tab: f, f′, f″, the tangent and secant at x₀, critical points.

The plot only paints arrays the tab hands it. Curves are drawn with
``connect="finite"`` so NaN (ln x for x ≤ 0, a pole of 1/x) leaves a gap instead
of a line across the plot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor

from gui import themed
from gui.strokes import draw, smooth_pens, traversals
from gui.tabs.derivatives.numbers import x0_text
from gui.theme import (
    FOREGROUND,
    GREY,
    GRID_ALPHA,
    KIND_COLORS,
    ORANGE,
    PURPLE,
    readable,
    series_color,
)

CURVE_NAMES = ("f(x)", "f′(x)", "f″(x)")
#: Share of samples left outside the y range at each end, so a pole does not
#: flatten the rest of the curve to a line.
CLIP_PERCENT = 4.0
OUTLIER_STRETCH = 3.0
MAX_LABELLED_POINTS = 12
#: Share of the view near an edge where a point's label turns inwards.
EDGE_SHARE = 0.2
DASH = Qt.PenStyle.DashLine


def robust_y_range(arrays: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """A padded y range for the finite values of ``arrays``.

    The full range is used unless a few outliers (a pole) stretch it to more than
    ``OUTLIER_STRETCH`` times the range of the central values between the
    ``CLIP_PERCENT`` percentiles; then the central range is used.
    """
    values = np.concatenate([a[np.isfinite(a)] for a in arrays] or [np.empty(0)])
    if values.size == 0:
        return None
    low, high = float(values.min()), float(values.max())
    central_low, central_high = np.percentile(values, [CLIP_PERCENT, 100.0 - CLIP_PERCENT])
    if high - low > OUTLIER_STRETCH * (central_high - central_low):
        low, high = float(central_low), float(central_high)
    span = high - low
    pad = 0.08 * span if span > 0 else max(1.0, abs(high) * 0.1)
    return low - pad, high + pad


class DerivativePlot(pg.PlotWidget):
    """``x0_moved(float)`` fires while the user drags the x₀ line."""

    x0_moved = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("derivative_plot")
        self.setToolTip("f, f′ and f″; drag the dashed line to move x₀")
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
        item.setLabel("bottom", "x")
        item.setMenuEnabled(False)
        self._pens = [pg.mkPen(series_color(i), width=2.5 if i == 0 else 2)
                      for i in range(len(CURVE_NAMES))]
        self.curves = [item.plot([], [], pen=pen, connect="finite") for pen in self._pens]
        # hollow circles where a curve ends beside a point it does not exist at: |x|′
        # jumps from −1 to 1 at 0, |x|″ = 0 has a hole at 0, so has sin(x)/x; filled
        # with the paper, so the line stops at the rim, and above a critical point's mark
        self.ends = [pg.ScatterPlotItem(size=9, symbol="o", pen=pg.mkPen(series_color(i),
                                                                         width=2),
                                        brush=pg.mkBrush(themed.background()))
                     for i in range(len(CURVE_NAMES))]  # fmt: skip
        for ends in self.ends:
            ends.setObjectName("curve_ends")
            ends.setZValue(16)
            item.addItem(ends)
        self.secant = item.plot([], [], pen=pg.mkPen(PURPLE, width=2,
                                                    style=DASH),
                                symbol="o", symbolSize=9, symbolBrush=PURPLE,
                                symbolPen=None)
        self.tangent = item.plot([], [], pen=pg.mkPen(ORANGE, width=2))
        self.legend = self._legend_above(
            item, (*zip(self.curves, CURVE_NAMES, strict=True), (self.secant, "secant"),
                   (self.tangent, "tangent at x₀")))
        self.point = pg.ScatterPlotItem(size=11, brush=pg.mkBrush(ORANGE),
                                        pen=pg.mkPen(FOREGROUND, width=1))
        self.point.setZValue(20)
        item.addItem(self.point)
        self.critical = pg.ScatterPlotItem(size=12, symbol="d", pen=pg.mkPen(FOREGROUND))
        self.critical.setZValue(15)
        item.addItem(self.critical)
        self._labels: list[tuple[pg.TextItem, str]] = []  # (label, kind)
        self.x0_line = pg.InfiniteLine(
            angle=90, movable=True, pen=pg.mkPen(GREY, width=1.5, style=DASH),
            hoverPen=pg.mkPen(ORANGE, width=3), label="x₀",
            labelOpts={"position": 0.95, "color": FOREGROUND, "fill": (255, 255, 255, 200)},
        )
        self.x0_line.setObjectName("x0_line")
        self.x0_line.setZValue(10)
        item.addItem(self.x0_line, ignoreBounds=True)
        self.x0_line.sigDragged.connect(self._on_dragged)

    @staticmethod
    def _legend_above(item: pg.PlotItem, entries) -> pg.LegendItem:
        """One row of keys in the plot's (empty) title row: it never covers a curve,
        and it is part of the exported picture."""
        legend = pg.LegendItem(colCount=len(entries), labelTextColor=FOREGROUND,
                               horSpacing=14, frame=False)
        for curve, name in entries:
            legend.addItem(curve, name)
        item.layout.removeItem(item.titleLabel)
        item.titleLabel.hide()
        item.layout.addItem(legend, 0, 1, Qt.AlignmentFlag.AlignHCenter)
        item.layout.setRowFixedHeight(0, legend.boundingRect().height())
        return legend

    def set_curves(self, xs: np.ndarray, ys: Sequence[np.ndarray | None],
                   ends: Sequence[Sequence[tuple[float, float]] | None] = (None,) * 3) -> None:
        """Show f, f′, f″ (``None`` for a curve not known yet) and where each ends beside
        a point it does not exist at."""
        drawn = [y is not None and bool(np.isfinite(y).any()) for y in ys]
        # sin x on [−10⁴, 10⁴] zigzags ~3,000 times across the view: 17 s to stroke smooth
        x_range = (float(xs[0]), float(xs[-1])) if len(xs) else (0.0, 0.0)
        y_range = robust_y_range([y for y, shown in zip(ys, drawn, strict=True) if shown])
        smooth = smooth_pens([traversals(xs, y, x_range, y_range) if shown and y_range else 0.0
                              for y, shown in zip(ys, drawn, strict=True)])
        for curve, y, pen, shown, keep_smooth in zip(self.curves, ys, self._pens, drawn, smooth,
                                                      strict=True):
            if not shown:  # all-NaN data trips pyqtgraph's bounds
                curve.setData([], [])
            else:
                draw(curve, xs, y, pen, keep_smooth)
        for marks, points in zip(self.ends, ends, strict=True):
            points = points or ()
            marks.setData([p[0] for p in points], [p[1] for p in points])

    def set_visible_curves(self, shown: Sequence[bool]) -> None:
        for curve, marks, visible in zip(self.curves, self.ends, shown, strict=True):
            curve.setVisible(visible)
            marks.setVisible(visible)

    def set_view(self, x_range: tuple[float, float], shown: Sequence[np.ndarray]) -> None:
        """Show ``x_range`` and a y range fitted robustly to the ``shown`` curves."""
        item = self.getPlotItem()
        item.setXRange(*x_range, padding=0)
        y_range = robust_y_range(shown)
        if y_range is not None:
            item.setYRange(*y_range, padding=0)
        self.x0_line.setBounds(x_range)
        self._place_labels()

    def set_x0(self, x0: float, y0: float | None) -> None:
        """Place the x₀ line and the point (x₀, f(x₀)) (no point where f is undefined)."""
        self.x0_line.setValue(x0)  # only sigDragged reports back: no loop
        self.x0_line.label.setFormat(f"x₀ = {x0_text(x0)}")  # as the x₀ field shows it
        if y0 is None:
            self.point.setData([], [])
        else:
            self.point.setData([x0], [y0])

    def set_tangent(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        self.tangent.setData(list(xs), list(ys))

    def set_secant(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        self.secant.setData(list(xs), list(ys))

    def set_critical_points(self, points: Sequence[tuple[float, float, str]]) -> None:
        """Mark (x, f(x), kind) points, each labelled with its kind."""
        points = [p for p in points if math.isfinite(p[0]) and math.isfinite(p[1])]
        for label, _kind in self._labels:
            self.getPlotItem().removeItem(label)
        self._labels = []
        brushes = [pg.mkBrush(KIND_COLORS.get(kind, GREY)) for _, _, kind in points]
        self.critical.setData([p[0] for p in points], [p[1] for p in points], brush=brushes)
        for x, y, kind in points[:MAX_LABELLED_POINTS]:
            label = pg.TextItem(kind, color=QColor(readable(KIND_COLORS.get(kind, GREY))))
            label.setPos(x, y)
            self.getPlotItem().addItem(label, ignoreBounds=True)
            self._labels.append((label, kind))
        self._place_labels()

    def _place_labels(self) -> None:
        """Put each kind label where the view has room for it.

        A maximum is labelled below its point and a minimum above, so neither
        label leaves the plot at the top or bottom of the curve; near a side of
        the view the label leans inwards.
        """
        (x_low, x_high), (y_low, y_high) = self.getPlotItem().viewRange()
        for label, kind in self._labels:
            pos = label.pos()
            fx = (pos.x() - x_low) / (x_high - x_low)
            fy = (pos.y() - y_low) / (y_high - y_low)
            below = fy > EDGE_SHARE if kind == "maximum" else fy > 1 - EDGE_SHARE
            horizontal = 0.0 if fx < EDGE_SHARE else 1.0 if fx > 1 - EDGE_SHARE else 0.5
            label.setAnchor((horizontal, -0.3 if below else 1.3))

    def _on_dragged(self, line: pg.InfiniteLine) -> None:
        self.x0_moved.emit(float(line.value()))
