"""Trajectories on the contour plot as they are painted: a run that zigzags across the
view thousands of times is drawn plain (gui.strokes), one that settles stays smooth, a
slow one is thinned to the screen's pixels, and a zoom draws the paths afresh."""

import numpy as np
import pytest

from gui.tabs.descent.paths import PATH_WIDTH
from tests.gui.descent.test_tab import wait_field


def run_to_the_end(qtbot, tab, formula, alpha, start):
    wait_field(qtbot, tab)
    tab.ui.formula.set_text(formula)
    qtbot.waitUntil(lambda: tab.model.analysis is not None  # the new surface is in place
                    and tab.model.analysis.surface is tab.model.surface
                    and tab.model.surface.expression.text == formula, timeout=30_000)
    tab.ui.optimizers.set_chosen(["gd"])
    tab.ui.optimizers.selection_changed.emit()
    tab.ui.optimizers.alpha.set_value(alpha)
    tab.clear_starts()
    tab.add_start(*start)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and tab.model.run_snapshot.finished
                    and len(tab.model.run_snapshot.trajectories) == 1, timeout=30_000)
    qtbot.waitUntil(lambda: len(tab.ui.contour.paths.items) == 1, timeout=5000)
    return tab.model.run_snapshot.trajectories[0], tab.ui.contour.paths.items[0]


def test_a_run_oscillating_across_a_valley_is_drawn_plain_and_whole(qtbot, tab):
    # gd on x² + 3y² with α = 0.333: y ← (1 − 6α) y = −0.998 y, a zigzag of thousands
    # of strokes across the valley (Qt took 0.9 s a paint to stroke it smooth)
    trajectory, item = run_to_the_end(qtbot, tab, "x^2 + 3y^2", 0.333, (0.5, 2.5))
    assert tab.ui.optimizers.alpha.value() == pytest.approx(0.333)
    y = trajectory.path[:, 1]
    assert np.count_nonzero(np.sign(y[1:]) != np.sign(y[:-1])) > 500
    assert not item.opts["antialias"] and item.opts["pen"].widthF() == PATH_WIDTH
    drawn_x, drawn_y = item.getData()
    # the band is drawn whole: each stroke across the valley a pixel or more long is kept
    assert len(drawn_y) > 1000 and set(drawn_y) <= set(y)
    assert drawn_y.max() == y.max() and drawn_y.min() == y.min()
    assert (drawn_x[-1], drawn_y[-1]) == tuple(trajectory.path[-1])


def test_a_run_that_settles_keeps_its_smooth_pen(qtbot, tab):
    trajectory, item = run_to_the_end(qtbot, tab, "x^2 + 3y^2", 0.05, (0.5, 2.5))
    assert trajectory.status == "converged"
    assert item.opts["antialias"] and item.opts["pen"].widthF() == PATH_WIDTH


def test_a_slow_run_is_thinned_to_the_pixels_and_redrawn_on_zoom(qtbot, tab):
    trajectory, item = run_to_the_end(qtbot, tab, "x^2 + 3y^2", 1e-4, (0.5, 2.5))
    path = trajectory.path
    assert len(path) > 10_000  # 20,000 steps that move the point a few pixels
    drawn_x, _ = item.getData()
    assert len(drawn_x) < len(path) // 10
    view = tab.ui.contour.plot.getViewBox()
    (x0, x1), (y0, y1) = (path[:, 0].min(), path[:, 0].max()), (path[:, 1].min(), path[:, 1].max())
    view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)  # zoom onto the run
    qtbot.waitUntil(lambda: len(item.getData()[0]) > 4 * len(drawn_x), timeout=5000)
