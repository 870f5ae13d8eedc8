"""The Derivatives tab driven like a student would: numbers checked by independent routes
(SymPy's own diff built without the app's parser, closed forms, finite differences)."""

import math

import numpy as np
import pytest
import sympy
from PySide6.QtWidgets import QLabel, QSlider

from gui.tabs.derivatives import DerivativesTab
from gui.tabs.derivatives.model import SAMPLES
from gui.tabs.derivatives.plot import robust_y_range

X = sympy.Symbol("x", real=True)


@pytest.fixture
def tab(qtbot):
    widget = DerivativesTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    widget.start_demo()
    qtbot.waitUntil(widget.is_steady, timeout=10_000)
    yield widget
    widget.shutdown()


def curve(tab, index):
    return tab.ui.plot.curves[index].getData()


def enter(qtbot, tab, text):
    """Type ``text`` into the formula box as a person would and wait for the tab to settle."""
    tab.ui.formula.line.clear()
    qtbot.keyClicks(tab.ui.formula.line, text)
    qtbot.waitUntil(lambda: tab.model.expression is not None and tab.model.expression.text == text,
                    timeout=3000)
    qtbot.waitUntil(tab.is_steady, timeout=120_000)


def closed_form(expr, order=0):
    return sympy.lambdify(X, sympy.diff(expr, X, order) if order else expr, "numpy")


def test_demo_is_the_notes_product_rule_example(tab):
    assert tab.ui.formula.text() == "(x^4+2)cos(x)"
    assert (tab.model.x_range, tab.model.x0) == ((-3.0, 3.0), 1.0)
    f = (X**4 + 2) * sympy.cos(X)
    xs, _ = curve(tab, 0)
    assert len(xs) == SAMPLES
    for order in range(3):
        _, ys = curve(tab, order)
        np.testing.assert_allclose(ys, closed_form(f, order)(xs), rtol=1e-9, atol=1e-9)
    # the notes' result, 4x³cos x − x⁴sin x − 2 sin x, at x₀ = 1 is the tangent's slope
    slope = 4 * math.cos(1) - math.sin(1) - 2 * math.sin(1)
    assert tab.ui.secant_table.cell_text(tab.ui.secant_table.rowCount() - 1, 1) == \
        f"{slope:.9g}".replace("-", "−")
    assert "product rule" in [s.rule for s in tab.model.derivatives.steps]


def test_typing_a_formula_updates_the_curves(qtbot, tab):
    enter(qtbot, tab, "x^3 - 3x")
    xs, ys = curve(tab, 0)
    np.testing.assert_allclose(ys, xs**3 - 3 * xs, atol=1e-12)
    _, d1 = curve(tab, 1)
    np.testing.assert_allclose(d1, 3 * xs**2 - 3, atol=1e-12)
    _, d2 = curve(tab, 2)
    np.testing.assert_allclose(d2, 6 * xs, atol=1e-12)


def test_invalid_formula_shows_message_and_keeps_the_last_plot(qtbot, tab):
    _, before = curve(tab, 0)
    tab.ui.formula.line.clear()
    qtbot.keyClicks(tab.ui.formula.line, "x^2 + (3")
    qtbot.waitUntil(lambda: tab.ui.formula.error.isVisible(), timeout=3000)
    assert "column" in tab.ui.formula.error.text()
    _, after = curve(tab, 0)
    np.testing.assert_array_equal(before, after)
    assert tab.model.expression.text == "(x^4+2)cos(x)"


def test_moving_x0_moves_the_tangent(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    tab.ui.plot.x0_line.setValue(0.5)
    tab.ui.plot.x0_line.sigDragged.emit(tab.ui.plot.x0_line)  # as a mouse drag reports it
    assert tab.model.x0 == pytest.approx(0.5)
    assert tab.point_controls.x0.value() == pytest.approx(0.5)
    xs, ys = tab.ui.plot.tangent.getData()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(math.cos(0.5), rel=1e-12)
    assert ys[0] + slope * (0.5 - xs[0]) == pytest.approx(math.sin(0.5), rel=1e-12)
    tab.point_controls.x0.setValue(-1.25)  # the spin box moves the line too
    assert tab.ui.plot.x0_line.value() == pytest.approx(-1.25)
    xs, ys = tab.ui.plot.tangent.getData()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(math.cos(-1.25), rel=1e-12)


def test_secant_table_converges_to_the_slope(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    tab.point_controls.dx.set_value(0.1)
    tab.point_controls.dx.value_changed.emit(tab.point_controls.dx.value())
    table = tab.ui.secant_table
    errors = []
    for row in range(table.rowCount() - 1):
        dx = float(table.cell_text(row, 0).split()[0].replace("−", "-"))
        quotient = float(table.cell_text(row, 1).replace("−", "-"))
        assert quotient == pytest.approx((math.sin(1 + dx) - math.sin(1)) / dx, rel=1e-6)
        errors.append(abs(quotient - math.cos(1)))
    assert errors[-1] < 1e-5 < errors[0]
    xs, ys = tab.ui.plot.secant.getData()
    assert xs[1] - xs[0] == pytest.approx(tab.model.dx)
    assert ys[1] == pytest.approx(math.sin(1 + tab.model.dx))


def test_parameter_slider_appears_for_a_x_squared(qtbot, tab):
    enter(qtbot, tab, "a*x^2")
    slider = tab.findChild(QSlider, "param_a")
    assert slider is not None and slider.toolTip()
    slider.setValue(slider.maximum())  # a = 5
    assert tab.model.params == {"a": pytest.approx(5.0)}
    qtbot.waitUntil(tab.is_steady, timeout=120_000)  # the curves are sampled on a worker
    xs, ys = curve(tab, 0)
    np.testing.assert_allclose(ys, 5 * xs**2, atol=1e-9)
    _, d1 = curve(tab, 1)
    np.testing.assert_allclose(d1, 10 * xs, atol=1e-9)
    qtbot.waitUntil(lambda: tab.model.critical is not None
                    and tab.model.critical.params == (("a", 5.0),), timeout=5000)
    assert tab.ui.critical_table.cell_text(0, 3) == "minimum"
    assert tab.ui.critical_table.cell_text(0, 2) == "10"  # f″ = 2a


def test_logistic_preset_has_the_notes_beta_slider(qtbot, tab):
    combo = tab.ui.formula.presets
    index = next(i for i in range(combo.count()) if "logistic" in combo.itemText(i))
    combo.activated.emit(index)
    qtbot.waitUntil(tab.is_steady, timeout=120_000)
    slider = tab.findChild(QSlider, "param_beta")
    assert slider is not None
    spec = tab.ui.parameters.sliders["β"]
    assert (spec.spec.low, spec.spec.high, spec.value()) == (-1.0, 25.0, 5.0)
    xs, g = curve(tab, 0)
    _, dg = curve(tab, 1)
    # the notes: dg/dh = β g (1 − g)
    np.testing.assert_allclose(g, 1 / (1 + np.exp(-5 * xs)), atol=1e-12)
    np.testing.assert_allclose(dg, 5 * g * (1 - g), atol=1e-12)


def test_critical_points_of_x3_minus_3x_are_marked_and_classified(qtbot, tab):
    enter(qtbot, tab, "x^3 - 3x")
    table = tab.ui.critical_table
    rows = {table.cell_text(r, 0): (table.cell_text(r, 2), table.cell_text(r, 3))
            for r in range(table.rowCount())}
    assert rows == {"−1": ("−6", "maximum"), "1": ("6", "minimum")}
    xs, ys = tab.ui.plot.critical.getData()
    assert sorted(zip(xs, ys, strict=True)) == [(-1.0, 2.0), (1.0, -2.0)]
    assert "On [−3, 3], global maximum f = 18 at x = 3" in tab.ui.extrema.text()


def test_pole_and_undefined_values_leave_gaps_and_a_readable_range(qtbot, tab):
    enter(qtbot, tab, "ln(x)")
    _, ys = curve(tab, 0)
    assert np.isnan(ys).sum() == SAMPLES // 2  # x ≤ 0: a gap, not a line
    low, high = tab.ui.plot.getPlotItem().viewRange()[1]
    assert math.isfinite(low) and math.isfinite(high) and high - low < 100
    tab.set_x0(-1.0)
    assert "not defined" in tab.ui.tangent_label.text()


def test_robust_y_range_clips_a_pole_but_not_a_steep_curve():
    xs = np.linspace(-3, 3, SAMPLES)
    low, high = robust_y_range([1 / xs])
    assert -40 < low < -3 and 3 < high < 40
    low, high = robust_y_range([xs**5])
    assert low < -243 and high > 243
    assert robust_y_range([np.full(5, np.nan)]) is None


def test_bad_range_is_refused_with_a_message(qtbot, tab):
    tab.range_controls.x_max.setValue(-5.0)
    assert tab.ui.range_error.isVisible()
    assert tab.model.x_range == (-3.0, 3.0)
    tab.range_controls.x_max.setValue(2.0)
    assert not tab.ui.range_error.isVisible()
    assert tab.model.x_range == (-3.0, 2.0)
    qtbot.waitUntil(tab.is_steady, timeout=120_000)  # the curves are sampled on a worker
    xs, _ = curve(tab, 0)
    assert xs[-1] == 2.0


def test_state_round_trip_and_bad_state_is_refused(qtbot, tab):
    enter(qtbot, tab, "tanh(theta x)")
    tab.ui.parameters.sliders["θ"].slider.setValue(50)  # θ = −1 + 50·0.1 = 4
    tab.set_x0(0.25)
    tab.range_controls.toggles[2].setChecked(False)
    saved = tab.state()
    assert saved["parameters"] == {"θ": pytest.approx(4.0)}
    assert saved["shown"] == [True, True, False]
    tab.reset()
    assert tab.state()["formula"] == "(x^4+2)cos(x)"
    tab.set_state(saved)
    qtbot.waitUntil(tab.is_steady, timeout=120_000)
    assert tab.state() == saved
    assert not tab.ui.plot.curves[2].isVisible()
    for bad in ({"x0": float("nan")}, {"x_range": [1, 1e308]}, {"formula": "x +* 2"},
                {"parameters": {"a": "1e999"}}, {"shown": [1, 0, 1]}, {"dx": 0}):
        with pytest.raises(ValueError):
            tab.set_state({**saved, **bad})
    assert tab.state() == saved


def test_no_raw_powers_in_any_label(qtbot, tab):
    enter(qtbot, tab, "x**5 + 1/x")
    texts = [label.text() for label in tab.findChildren(QLabel)]
    assert texts and not any("**" in t for t in texts)


def test_formula_undefined_on_the_whole_range_says_so(qtbot, tab):
    enter(qtbot, tab, "ln(-x^2 - 1)")
    assert tab.ui.plot_message.isVisible()
    assert "not defined" in tab.ui.plot_message.text()
    assert not tab.ui.formula.set_text("x^2 + 1e308 x")
    assert "too large" in tab.ui.formula.error.text()
    enter(qtbot, tab, "e^(800x)")  # overflows to ∞ for x > 0.89: a gap, not a blank plot
    assert not tab.ui.plot_message.isVisible()
    _, ys = curve(tab, 0)
    assert np.isfinite(ys).any() and not np.isinf(ys).any()


def test_a_second_derivative_too_large_still_shows_f_prime_and_the_derivation(qtbot, tab):
    factors = ("sin(x)", "cos(x)", "exp(x)", "log(x)", "tan(x)", "sqrt(x)", "atan(x)",
               "sinh(x)", "cosh(x)", "tanh(x)", "asin(x)", "acos(x)")
    enter(qtbot, tab, "*".join(factors))
    assert tab.model.derivatives is not None and tab.model.derivatives.second is None
    second = tab.ui.formulas.labels["second"].text()
    assert "f″(x) is not shown" in second and "too large" in second
    assert tab.model.derivatives.steps  # the derivation is there
    # f′ is far too long to typeset legibly in the panel: its words are shown instead
    first = tab.ui.formulas.labels["first"]
    assert first.text().startswith("f′(x) = ") and "·" in first.text()
    assert first.pixmap().isNull()
    # f′ is plotted and agrees with SymPy's own derivative; f″ is not drawn
    f = sympy.Mul(*[getattr(sympy, name)(X) for name in
                    ("sin", "cos", "exp", "log", "tan", "sqrt", "atan", "sinh", "cosh", "tanh",
                     "asin", "acos")])
    xs, ys = curve(tab, 1)
    finite = np.isfinite(ys)
    assert finite.sum() > 10
    np.testing.assert_allclose(ys[finite], closed_form(f, 1)(xs[finite]), rtol=1e-7, atol=1e-9)
    assert tab.model.curve_values[2] is None
