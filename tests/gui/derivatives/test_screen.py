"""What the Derivatives tab puts on screen: real sizes, pictures, the example at first start."""

import itertools

import numpy as np
import pytest
import sympy

X = sympy.Symbol("x", real=True)


def enter(qtbot, tab, text):
    """Type ``text`` into the formula box as a person would and wait for the tab to settle."""
    tab.ui.formula.line.clear()
    qtbot.keyClicks(tab.ui.formula.line, text)
    qtbot.waitUntil(lambda: tab.model.expression is not None and tab.model.expression.text == text,
                    timeout=3000)
    qtbot.waitUntil(tab.is_steady, timeout=20_000)


def _shows_a_picture(label) -> bool:
    pixmap = label.pixmap()
    return (label.isVisible() and not pixmap.isNull() and label.height() >= pixmap.height() > 4
            and label.width() >= pixmap.width() > 4)


@pytest.mark.parametrize("formula", ["(x^4+2)cos(x)", "x^5", "sin(x)/x"])
def test_f_f1_f2_are_each_shown_as_a_picture_with_real_size(qtbot, tab, formula):
    if tab.model.expression.text != formula:
        enter(qtbot, tab, formula)
    labels = [tab.ui.formulas.labels[key] for key in ("f", "first", "second")]
    # a layout pass follows the pictures' arrival: wait for it, not for the clock
    qtbot.waitUntil(lambda: all(_shows_a_picture(label) for label in labels), timeout=3000)
    for label in labels:
        assert not label.wordWrap()  # a picture is scaled to fit, never wrapped
        assert label.pixmap().height() >= label.font_size  # at least one line of maths


def test_first_start_shows_the_notes_example_on_axes_matching_the_range(qtbot, fresh_tab):
    tab = fresh_tab
    # no start_demo(): the main window does not call it on a normal start
    assert tab.ui.formula.text() == "(x^4+2)cos(x)"
    # drawn from the NumPy route right after the layout's first paint; the SymPy route
    # takes over once it has loaded
    qtbot.waitUntil(lambda: tab.has_first_picture, timeout=10_000)
    qtbot.waitUntil(lambda: tab.model.expression is not None, timeout=20_000)
    assert tab.model.expression.text == "(x^4+2)cos(x)"
    assert tab.range_controls.x_range() == (-3.0, 3.0)
    # f is sampled on the curve worker (issue 14): it arrives with the event loop running
    qtbot.waitUntil(lambda: tab.ui.plot.curves[0].getData()[0] is not None, timeout=20_000)
    x_view, y_view = tab.ui.plot.getPlotItem().viewRange()
    assert x_view == pytest.approx([-3.0, 3.0])
    xs, ys = tab.ui.plot.curves[0].getData()
    expected = sympy.lambdify(X, (X**4 + 2) * sympy.cos(X), "numpy")(xs)
    np.testing.assert_allclose(ys, expected, rtol=1e-12, atol=1e-12)
    # f spans about −82…2 on [−3, 3]: the y axis shows it, not 0…1
    assert y_view[0] < -82 and y_view[1] > 2
    qtbot.waitUntil(tab.is_steady, timeout=20_000)
    assert tab.ui.critical_table.rowCount() > 0


def test_in_a_small_window_the_plot_keeps_a_readable_height(qtbot, tab):
    tab.resize(1000, 600)  # the tab inside a 1024×700 window
    qtbot.waitUntil(lambda: tab.ui.plot.height() >= 240, timeout=3000)
    table = tab.ui.secant_table
    assert table.isVisible() and table.height() >= 110  # header and four rows at least


def test_a_curve_with_hundreds_of_turns_is_drawn_plain(qtbot, tab):
    # issue 14: sin x on [−10000, 10000] took 17 s to paint with the 2.5 px antialiased pen
    tab.ui.formula.set_text("sin(x)")
    tab.range_controls.x_min.setValue(-10000.0)
    tab.range_controls.x_max.setValue(10000.0)
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    _, ys = tab.ui.plot.curves[0].getData()
    ups = [b > a for a, b in itertools.pairwise(ys) if b != a]
    assert sum(u != v for u, v in itertools.pairwise(ups)) > 1000  # counted plainly
    assert not tab.ui.plot.curves[0].opts["antialias"]  # gui.strokes: a dense band
    tab.range_controls.x_min.setValue(-3.0)
    tab.range_controls.x_max.setValue(3.0)
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    assert all(curve.opts["antialias"] for curve in tab.ui.plot.curves)  # readable: smooth
    assert tab.ui.plot.curves[0].opts["pen"].widthF() == 2.5


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_a_formula_for_a_dense_screen_keeps_its_size_where_it_fits(qtbot, ratio):
    """A picture typeset at a 200 % screen's pixel ratio is as wide, in the label's pixels,
    as at 100 %: it is shrunk only when wider than the label, and then to the label's width
    (it was shrunk to half size, and f″ fell back to words, at QT_SCALE_FACTOR=2)."""
    from PySide6.QtGui import QColor, QPixmap

    from gui.tabs.derivatives.fitted_label import FittedMathLabel

    label = FittedMathLabel()
    qtbot.addWidget(label)
    label.resize(300, 40)
    label.show()
    qtbot.waitExposed(label)
    label.fallback = "words"
    for logical, expected in ((200, 200), (400, 300)):
        picture = QPixmap(round(logical * ratio), round(30 * ratio))
        picture.fill(QColor("black"))
        picture.setDevicePixelRatio(ratio)
        label.setPixmap(picture)
        shown = label.pixmap()
        assert not shown.isNull(), "shown as words"
        assert expected - 5 <= shown.deviceIndependentSize().width() <= expected + 0.5


def test_at_150_percent_a_shrunk_formula_stays_inside_its_label(qtbot):
    """f″ of the notes' example at 150 %: 788 × 34 device pixels into a 435 px label. The
    label takes a whole number of pixels of height, so a naive scale came out 444 px wide."""
    from PySide6.QtGui import QColor, QPixmap

    from gui.tabs.derivatives.fitted_label import FittedMathLabel

    label = FittedMathLabel()
    qtbot.addWidget(label)
    label.resize(435, 40)
    label.show()
    qtbot.waitExposed(label)
    picture = QPixmap(788, 34)
    picture.fill(QColor("black"))
    picture.setDevicePixelRatio(1.5)
    label.setPixmap(picture)
    assert 420 <= label.pixmap().deviceIndependentSize().width() <= 435
