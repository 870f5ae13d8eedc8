"""Which curves keep a smooth pen: lengths in view sizes, checked against closed forms."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from gui.strokes import (
    SMOOTH_BUDGET,
    THIN_CELL_PX,
    draw,
    plain,
    screen_kept,
    smooth_pens,
    traversals,
)


def test_a_diagonal_across_the_view_measures_its_length_in_view_sizes():
    x = np.linspace(-2.0, 2.0, 101)
    assert traversals(x, 10 * x, (-2.0, 2.0), (-20.0, 20.0)) == pytest.approx(np.sqrt(2))
    assert traversals(x, np.zeros_like(x), (-2.0, 2.0), (-1.0, 1.0)) == pytest.approx(1.0)


def test_a_zigzag_counts_each_crossing():
    # n strokes from the bottom of the view to the top and back: n view heights
    y = np.tile([0.0, 1.0], 50)
    x = np.zeros_like(y)
    assert traversals(x, y, (-1.0, 1.0), (0.0, 1.0)) == pytest.approx(99.0)


def test_only_the_part_inside_the_view_counts():
    # tan x on [−1.5, 1.5] in a view 2 high: only the arc between tan x = ±1 is drawn;
    # its length in view sizes is ∫ √((1/3)² + (sec²x / 2)²) dx over [−π/4, π/4]
    from scipy.integrate import quad

    x = np.linspace(-1.5, 1.5, 30_001)
    arc, _ = quad(lambda t: np.hypot(1 / 3, 1 / (2 * np.cos(t) ** 2)), -np.pi / 4, np.pi / 4)
    assert traversals(x, np.tan(x), (-1.5, 1.5), (-1.0, 1.0)) == pytest.approx(arc, rel=1e-3)
    # a path wholly past the view's top draws nothing there
    assert traversals(x, x + 5.0, (-1.5, 1.5), (-1.0, 1.0)) == 0.0


def test_non_finite_points_and_empty_views_count_nothing():
    x = np.array([0.0, 1.0, np.nan, 2.0, 3.0])
    y = np.zeros(5)
    assert traversals(x, y, (0.0, 3.0), (-1.0, 1.0)) == pytest.approx(2 / 3)
    assert traversals(x, y, (0.0, 0.0), (-1.0, 1.0)) == 0.0
    assert traversals(x, y, (0.0, np.inf), (-1.0, 1.0)) == 0.0
    assert traversals(np.array([1.0]), np.array([1.0]), (0.0, 1.0), (0.0, 1.0)) == 0.0


def test_the_shortest_curves_keep_smooth_pens_within_the_budget():
    assert smooth_pens([1.0, 500.0, 2.0]) == [True, False, True]
    assert smooth_pens([20.0, 20.0]) == [True, False]  # together they would spend 40
    assert smooth_pens([SMOOTH_BUDGET]) == [True]
    assert smooth_pens([]) == []


def test_a_plain_curve_is_solid_without_antialiasing_and_keeps_colour_and_width(qtbot):
    pen = pg.mkPen("#E69F00", width=2.5, style=Qt.PenStyle.DashLine)
    assert plain(pen).style() == Qt.PenStyle.SolidLine
    assert plain(pen).widthF() == 2.5 and plain(pen).color() == pen.color()
    item = pg.PlotDataItem()
    draw(item, np.arange(3.0), np.arange(3.0), pen, smooth=False)
    assert not item.opts["antialias"] and item.opts["pen"].style() == Qt.PenStyle.SolidLine
    draw(item, np.arange(3.0), np.arange(3.0), pen, smooth=True)
    assert item.opts["antialias"] and item.opts["pen"].style() == Qt.PenStyle.DashLine
    np.testing.assert_array_equal(item.getData()[1], np.arange(3.0))


def _pixels(x, y, x_range, y_range, size):
    return ((x - x_range[0]) * size[0] / (x_range[1] - x_range[0]),
            (y - y_range[0]) * size[1] / (y_range[1] - y_range[0]))


def test_screen_thinning_moves_no_point_more_than_a_cell_diagonal():
    rng = np.random.default_rng(3)
    # a slow run: 20,000 small steps that wander over a few dozen pixels
    x = np.cumsum(rng.normal(0, 1e-3, 20_000))
    y = np.cumsum(rng.normal(0, 1e-3, 20_000))
    view, size = ((-3.0, 3.0), (-2.0, 2.0)), (600.0, 400.0)
    kept = screen_kept(x, y, *view, size)
    tx, ty = x[kept], y[kept]
    assert len(tx) < len(x) // 2  # a random walk keeps stepping over cell borders
    assert (tx[0], ty[0], tx[-1], ty[-1]) == (x[0], y[0], x[-1], y[-1])
    # every point of the run is drawn within a cell's diagonal of the last point kept
    # before it (checked point by point, in pixels)
    px, py = _pixels(x, y, *view, size)
    kept = iter(zip(tx, ty, strict=True))
    anchor = next(kept)
    upcoming = next(kept)
    for xi, yi, pxi, pyi in zip(x, y, px, py, strict=True):
        if (xi, yi) == upcoming:
            anchor, upcoming = upcoming, next(kept, None)
        ax, ay = _pixels(anchor[0], anchor[1], *view, size)
        assert np.hypot(pxi - ax, pyi - ay) <= THIN_CELL_PX * np.sqrt(2) + 1e-9


def test_screen_thinning_keeps_every_stroke_of_a_zigzag_and_every_gap():
    y = np.tile([-1.0, 1.0], 500)
    x = np.linspace(0, 1e-4, 1000)  # all in one column of pixels
    assert screen_kept(x, y, (0.0, 1.0), (-2.0, 2.0), (500.0, 500.0)).all()
    x = np.array([0.0, 1e-9, np.nan, 2e-9, 3e-9])
    kept = screen_kept(x, np.zeros(5), (0.0, 1.0), (-1.0, 1.0), (500.0, 500.0))
    assert kept.tolist() == [True, False, True, True, True]  # first, the gap, the next, last
