"""The f and ‖∇f‖ side plots draw a long run thinned to the screen, losing no spike."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.strokes import SMOOTH_BUDGET, traversals
from gui.tabs.descent.side_plots import MAX_DRAWN, HistoryPlot, peak_thinned


@pytest.mark.parametrize("n", [1, 2, 799, 1600, 1601, 13_138, 100_003])
def test_thinning_keeps_order_ends_and_every_blocks_extremes(n):
    rng = np.random.default_rng(n)
    x, y = np.arange(n, dtype=float) * 4, rng.lognormal(size=n)
    tx, ty = peak_thinned(x, y, 800)
    assert len(tx) <= max(n, 2 * 800 + 2) and (n <= 1600) == (len(tx) == n)
    assert np.all(np.diff(tx) > 0) and tx[0] == x[0] and tx[-1] == x[-1]
    np.testing.assert_array_equal(ty, y[np.searchsorted(x, tx)])  # points of the run
    size = -(-n // 800)
    for start in range(0, n, size):  # no block's lowest or highest value is lost
        block = y[start:start + size]
        assert block.min() in ty and block.max() in ty


def test_a_long_run_is_drawn_with_at_most_max_drawn_points(qtbot):
    plot = HistoryPlot("value_plot", "f(x, y) against step", "")
    qtbot.addWidget(plot.widget)
    steps = np.arange(0, 52_548, 4.0)
    values = 10 ** (1 + np.sin(steps / 500))
    values[777] = 1e9  # a spike
    plot.set_curves([(steps, values, "#56B4E9", 1)])
    x, y = plot.curves[0].getData()
    assert len(x) <= MAX_DRAWN + 2 and x[-1] == steps[-1]
    assert y.max() == pytest.approx(9.0)  # log₁₀ of the spike, on the log axis


def test_a_curve_zigzagging_across_the_plot_is_drawn_solid_without_antialiasing(qtbot):
    # a run that oscillates between 1e-8 and 1e8 every step: Qt took over a second to
    # stroke four such dashed, antialiased curves (the 2,000-action battery's 2 s block)
    plot = HistoryPlot("value_plot", "f(x, y) against step", "")
    qtbot.addWidget(plot.widget)
    steps = np.arange(13_000, dtype=float)
    jagged = np.where(np.arange(13_000) % 2 == 0, 1e-8, 1e8)
    smooth = np.exp(-steps / 3000)
    plot.set_curves([(steps, jagged, "#0072B2", 1), (steps, smooth, "#0072B2", 1)])
    zigzag, calm = plot.curves
    _, drawn = zigzag.getData()  # log10 f: the plot's log axis
    assert traversals(np.arange(len(drawn)), drawn, (0, len(drawn)), (-8, 8)) > SMOOTH_BUDGET
    assert zigzag.opts["pen"].style() == Qt.PenStyle.SolidLine and not zigzag.opts["antialias"]
    # the curve still shows the whole band the run swept
    assert drawn.min() == -8 and drawn.max() == 8
    assert calm.opts["pen"].style() == Qt.PenStyle.DashLine and calm.opts["antialias"]
