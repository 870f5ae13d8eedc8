"""Which curves of a plot keep their antialiased (and dashed) pen, and which are drawn plain.

Qt strokes an antialiased pen wider than a pixel, and any dashed pen, through its
path stroker at a cost that grows with the length drawn: here a 2.5-px path
zigzagging 650 times across a 700-px view took 2.5 s to paint, 13 s at 3,900 times
(an optimizer oscillating in a valley, a run diverging step by step), and dashed
without antialiasing 4.7 s.  The same pen solid and without antialiasing took
20 ms at 3,900 times (44 ms with a light colour's edge under it).  Such a curve is a
dense band on screen, in which neither smooth edges nor dashes can be seen, so it
loses nothing by being drawn plain.

The measure is the curve's length in view sizes (:func:`traversals`); a plot's curves
together keep their smooth pens for at most :data:`SMOOTH_BUDGET` view sizes, the
shortest first (:func:`smooth_pens`), so a paint stays within tens of milliseconds
however many curves there are.  A path's points closer together on screen than half
a pixel are left out first (:func:`screen_kept`): they change no pixel, and 24 slow
runs of up to 20,000 steps each took Qt 220 ms a paint of the Gradient descent tab's
paths and history curves, 31 ms thinned.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

#: View sizes of smooth stroke a plot may draw: at ~1 ms per view size for a 2.5-px
#: antialiased or a dashed pen on a 700-px plot, a few tens of milliseconds per paint.
SMOOTH_BUDGET = 30.0
#: Points closer than this on screen draw nothing new: a slow run's 20,000 steps may lie
#: within a few pixels, and Qt strokes every one of them.
THIN_CELL_PX = 0.5
LAID_OUT_PX = 20.0


def traversals(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
               y_range: tuple[float, float]) -> float:
    """Σᵢ √((Δxᵢ / width)² + (Δyᵢ / height)²) over the points clipped to the view
    ``x_range`` × ``y_range`` (width × height): the length drawn, in view sizes.

    A straight line across the view measures about 1; a path that zigzags n times from
    one side of the view to the other measures about n; a branch of tan x running far
    past the view counts only its part inside (a step with both ends past one side
    counts nothing; one crossing the view counts its clipped length, about).  Steps
    from or to a non-finite point are not drawn and not counted; a view of zero or
    non-finite size counts nothing.
    """
    width, height = x_range[1] - x_range[0], y_range[1] - y_range[0]
    if len(x) < 2 or not (np.isfinite(width) and np.isfinite(height)) \
            or width <= 0.0 or height <= 0.0:
        return 0.0
    u = (np.asarray(x, float) - x_range[0]) / width  # the view is the unit square
    v = (np.asarray(y, float) - y_range[0]) / height
    with np.errstate(invalid="ignore"):
        # a step with both ends past one side of the view draws nothing in it
        beyond = [(side[:-1] & side[1:]) for side in (u < 0, u > 1, v < 0, v > 1)]
        steps = np.hypot(np.diff(np.clip(u, 0, 1)), np.diff(np.clip(v, 0, 1)))
    seen = np.isfinite(steps) & ~np.logical_or.reduce(beyond)
    return float(steps[seen].sum())


def screen_kept(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                y_range: tuple[float, float], pixels: tuple[float, float],
                cell_px: float = THIN_CELL_PX) -> np.ndarray:
    """A mask of the points of a polyline that take it into another square of
    ``cell_px`` pixels (the view ``x_range`` × ``y_range`` drawn ``pixels`` wide and
    high), and of its first and last: a run of points inside one square is drawn from
    its first point, so no point moves by more than the square's diagonal on screen.
    A step across the view keeps both its ends; a non-finite point is kept (a gap).
    A view not laid out yet (under :data:`LAID_OUT_PX` a side) keeps every point: its
    owner draws again when it is resized.
    """
    n = len(x)
    width, height = x_range[1] - x_range[0], y_range[1] - y_range[0]
    if n <= 2 or not (np.isfinite(width) and np.isfinite(height)) \
            or width <= 0.0 or height <= 0.0 or min(pixels) < LAID_OUT_PX:
        return np.ones(n, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        column = np.floor((np.asarray(x, float) - x_range[0]) * (pixels[0] / width / cell_px))
        row = np.floor((np.asarray(y, float) - y_range[0]) * (pixels[1] / height / cell_px))
        moved = (column[1:] != column[:-1]) | (row[1:] != row[:-1])
    kept = np.concatenate(([True], moved))
    kept[-1] = True
    return kept


def smooth_pens(lengths: Sequence[float], budget: float = SMOOTH_BUDGET) -> list[bool]:
    """Per curve, whether it keeps its smooth pen: the shortest curves do, in order, while
    their lengths (:func:`traversals`) add up to at most ``budget``; the rest are drawn
    :func:`plain`."""
    keep = [False] * len(lengths)
    spent = 0.0
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        spent += lengths[index]
        if spent > budget:
            break
        keep[index] = True
    return keep


def plain(pen: QPen) -> QPen:
    """``pen`` solid, for a curve drawn without antialiasing: a dense band shows no dash."""
    solid = QPen(pen)
    solid.setStyle(Qt.PenStyle.SolidLine)
    return solid


def draw(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, pen: QPen,
         smooth: bool) -> None:
    """Give ``item`` the points and ``pen``: as it is if ``smooth``, else :func:`plain`
    and without antialiasing (a light colour's edge, :func:`gui.themed.edge`, follows
    the item's antialiasing, so it stays cheap too)."""
    item.setPen(pen if smooth else plain(pen))
    item.setData(x, y, antialias=smooth)
