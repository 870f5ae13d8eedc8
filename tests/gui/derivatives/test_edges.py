"""Issue 13 on screen: corners, poles and domain gaps, checked against SymPy's own limits
and closed forms (routes independent of the app's engine)."""

import math

import numpy as np
import pytest
import sympy

from gui.tabs.derivatives.numbers import number
from tests.gui.derivatives.test_screen import enter

X = sympy.Symbol("x", real=True)
H = sympy.Symbol("h", positive=True)


def quotient_limit(f, x0, side):
    """lim (f(x0 + Δx) − f(x0))/Δx as Δx → 0± (SymPy, on a formula built here)."""
    dx = H if side > 0 else -H
    return float(sympy.limit((f.subs(X, x0 + dx) - f.subs(X, x0)) / dx, H, 0))


def table_rows(table):
    return [[table.cell_text(r, c) for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def headers(table):
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


@pytest.mark.parametrize(("text", "f"), [("abs(x)", sympy.Abs(X)),
                                         ("relu(x)", sympy.Max(X, 0))])
def test_at_a_corner_no_tangent_and_both_one_sided_limits(qtbot, tab, text, f):
    enter(qtbot, tab, text)
    tab.point_controls.x0.setValue(0.0)
    left, right = quotient_limit(f, 0, -1), quotient_limit(f, 0, 1)
    assert left != right
    label = tab.ui.tangent_label.text()
    assert (f"f′(0) does not exist: the one-sided limits are {number(left)} and "
            f"{number(right)}") in label
    assert "tangent slope" not in label and "0.5" not in label  # never Heaviside(0) = ½
    xs, _ = tab.ui.plot.tangent.getData()
    assert xs is None or len(xs) == 0  # no tangent line drawn
    table = tab.ui.secant_table
    assert headers(table) == ["|Δx|", "Δy/Δx, Δx > 0", "Δy/Δx, Δx < 0"]
    rows = table_rows(table)
    assert rows[-1] == ["→ 0", number(right), number(left)]
    f_num = sympy.lambdify(X, f, "math")
    for dx_cell, right_cell, left_cell in rows[:-1]:
        dx = float(dx_cell.split()[0].replace("−", "-"))
        assert float(right_cell.replace("−", "-")) == pytest.approx(
            (f_num(dx) - f_num(0)) / dx, abs=1e-12)
        assert float(left_cell.replace("−", "-")) == pytest.approx(
            (f_num(-dx) - f_num(0)) / -dx, abs=1e-12)


def test_where_the_derivative_exists_the_table_keeps_one_side_and_the_error(qtbot, tab):
    enter(qtbot, tab, "abs(x)")
    tab.point_controls.x0.setValue(0.5)
    assert headers(tab.ui.secant_table) == ["Δx", "Δy/Δx", "|Δy/Δx − f′(x₀)|"]
    assert "<b>tangent slope f′(x₀) = 1</b>" in tab.ui.tangent_label.text()
    xs, ys = tab.ui.plot.tangent.getData()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(1.0)


@pytest.mark.parametrize(("text", "f", "poles", "orders"), [
    ("1/x", 1 / X, [0.0], (0, 1, 2)),
    ("1/(x-1)^2", 1 / (X - 1) ** 2, [1.0], (0, 1, 2)),
    ("ln|x|", sympy.log(X**2) / 2, [0.0], (0, 1, 2)),  # = ln|x|, written without sgn, δ
    ("tan(x)", sympy.tan(X), [-math.pi / 2, math.pi / 2], (0, 1, 2)),
])
def test_curves_break_at_poles_instead_of_drawing_a_vertical_line(qtbot, tab, text, f, poles,
                                                                  orders):
    enter(qtbot, tab, text)
    for index in orders:
        xs, ys = tab.ui.plot.curves[index].getData()
        for pole in poles:
            i = int(np.searchsorted(xs, pole))  # xs[i − 1] < pole ≤ xs[i]
            assert not (np.isfinite(ys[i - 1]) and np.isfinite(ys[i])), (index, pole)
        # elsewhere the curve is drawn, and it is f, f′, f″ as SymPy has them
        exact = sympy.lambdify(X, sympy.diff(f, X, index), "numpy")(xs)
        drawn = np.isfinite(ys)
        assert drawn.mean() > 0.95
        # pyqtgraph clamps points far off screen (dynamicRangeLimit): compare the rest
        near = drawn & (np.abs(exact) < 1e4)
        np.testing.assert_allclose(ys[near], exact[near], rtol=1e-9, atol=1e-9)


def test_derivatives_of_ln_are_drawn_only_where_ln_is_defined(qtbot, tab):
    enter(qtbot, tab, "ln(x)")
    for index, exact in ((1, lambda x: 1 / x), (2, lambda x: -1 / x**2)):
        xs, ys = tab.ui.plot.curves[index].getData()
        assert not np.isfinite(ys[xs <= 0]).any()
        np.testing.assert_allclose(ys[xs > 0], exact(xs[xs > 0]), rtol=1e-12)
    tab.point_controls.x0.setValue(-1.0)
    rows = table_rows(tab.ui.secant_table)
    assert not any(cell == "−1" for row in rows for cell in row)  # no slope where f is not
    assert "not defined at x₀ = −1" in tab.ui.tangent_label.text()
