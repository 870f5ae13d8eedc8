"""f′ and f″ of |x|, relu, max … on screen: typeset piece by piece (a brace, one row per
piece), never δ(x) or a unit step; the rows are checked against SymPy's derivative of
each branch, a route that does not go through the app's piecewise engine."""

import numpy as np
import pytest
import sympy
from PySide6.QtWidgets import QLabel

from tests.gui.derivatives.test_screen import enter

X = sympy.Symbol("x", real=True)
FORBIDDEN = ("δ", "H(", "Heaviside", "DiracDelta", "delta")


def _shown(label):
    """What a reader of the label gets: its plain text (also the accessible name)."""
    return label.accessibleName() or label.text()


@pytest.mark.parametrize(("text", "left", "right"), [
    ("abs(x)", -X, X), ("relu(x)", sympy.S.Zero, X), ("max(x, 0)^2", sympy.S.Zero, X**2),
])
def test_derivatives_are_shown_piece_by_piece(qtbot, tab, text, left, right):
    enter(qtbot, tab, text)
    labels = tab.ui.formulas.labels
    qtbot.waitUntil(lambda: not labels["first"].pixmap().isNull(), timeout=20_000)
    one_line = labels["f"].pixmap().height()
    for key, order, prime in (("first", 1, "f′"), ("second", 2, "f″")):
        label = labels[key]
        shown = _shown(label)
        assert not any(word in shown for word in FORBIDDEN), shown
        # the rows, as SymPy differentiates each branch of f
        dl, dr = (sympy.diff(branch, X, order) for branch in (left, right))
        pieces = shown.removeprefix(f"{prime}(x) = ").split("; ")
        if dl == dr:
            assert pieces[0] == f"{_plain(dl)} if x ≠ 0"
        else:
            closed = "≥" if _smooth(left, right, order) else ">"
            assert pieces[:2] == [f"{_plain(dl)} if x < 0", f"{_plain(dr)} if x {closed} 0"]
        assert (pieces[-1] == "undefined at x = 0") != _smooth(left, right, order)
        # typeset: a brace with one row per piece is taller than f's one line
        assert label.isVisible() and label.pixmap().height() > 1.5 * one_line


def _plain(e):
    return str(e).replace("**", "^").replace("*", "")


def _smooth(left, right, order):
    """Whether the order-th derivative exists at 0: branches agree to that order."""
    return all(sympy.diff(left, X, k).subs(X, 0) == sympy.diff(right, X, k).subs(X, 0)
               for k in range(order + 1))


def test_no_step_or_delta_anywhere_in_the_derivation(qtbot, tab):
    enter(qtbot, tab, "relu(2x - 1)^2 + abs(x)")
    steps = tab.ui.steps
    qtbot.waitUntil(lambda: not tab.ui.queue.busy, timeout=20_000)
    texts = [w.accessibleName() or w.text() for w in steps.findChildren(QLabel)]
    texts += [w.toolTip() for w in steps.findChildren(QLabel)]
    assert texts and not any(word in t for t in texts for word in FORBIDDEN)
    assert any("undefined at x = 0" in t for t in texts)  # the pieces end the derivation
    assert not any(word in tab.status_text for word in FORBIDDEN)


def test_ln_abs_x_reads_one_over_x(qtbot, tab):
    enter(qtbot, tab, "ln|x|")
    label = tab.ui.formulas.labels["first"]
    assert _shown(label) == f"f′(x) = {_plain(sympy.diff(sympy.log(X), X))}"


def _marks(tab, order):
    marks = tab.ui.plot.ends[order]
    xs, ys = marks.getData()
    return marks.isVisible(), sorted(zip(np.round(xs, 9).tolist(), np.round(ys, 9).tolist(),
                                         strict=True))


def test_where_a_derivative_does_not_exist_the_plot_shows_hollow_ends_not_a_line(qtbot, tab):
    enter(qtbot, tab, "abs(x)")
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    # |x|′ jumps from −1 to 1 at 0; |x|″ = 0 on both sides and does not exist at 0
    visible, first = _marks(tab, 1)
    assert visible and first == [(0.0, -1.0), (0.0, 1.0)]
    assert _marks(tab, 2) == (True, [(0.0, 0.0)])
    xs, second = tab.ui.plot.curves[2].getData()
    assert not any(abs(x) < 1e-12 and y == y for x, y in zip(xs, second, strict=True))
    tab.ui.range_controls.toggles[2].setChecked(False)  # the marks go with their curve
    assert not tab.ui.plot.ends[2].isVisible()
    enter(qtbot, tab, "x^2")
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    assert _marks(tab, 1)[1] == [] and _marks(tab, 2)[1] == []


XR = sympy.Symbol("x")


@pytest.mark.parametrize(("text", "f", "f_marks"), [
    ("sin(x)/x", sympy.sin(XR) / XR, [(0.0, 1.0)]),
    ("x/abs(x)", XR / sympy.Abs(XR), [(0.0, -1.0), (0.0, 1.0)]),
    ("x ln|x|", XR * sympy.log(sympy.Abs(XR)), [(0.0, 0.0)]),
    ("(x^2 - 1)/(x - 1)", (XR**2 - 1) / (XR - 1), [(1.0, 2.0)]),
])
def test_a_hole_in_f_is_drawn_as_a_hollow_circle_at_its_limit(qtbot, tab, text, f, f_marks):
    """f undefined at one point with limits either side: a hollow circle there at SymPy's
    limit (an independent route), two at a jump; f′ of sin(x)/x too (limit 0)."""
    enter(qtbot, tab, text)
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    visible, marks = _marks(tab, 0)
    assert visible and len(marks) == len(f_marks)
    for (c, y), expected in zip(marks, f_marks, strict=True):
        assert (c, y) == pytest.approx(expected, abs=1e-6)
        limits = [float(sympy.limit(f, XR, c, d)) for d in "+-"]
        assert y in [pytest.approx(v, abs=1e-6) for v in limits]
    if text == "sin(x)/x":
        assert _marks(tab, 1) == (True, [(0.0, 0.0)])
