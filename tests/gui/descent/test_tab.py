"""Gradient descent tab: clicks start runs, optimizers race, divergence in words, basins."""

import numpy as np
import pytest
import sympy
from PySide6.QtCore import Qt

from engine.descent.surfaces import surface
from engine.symbolic.expressions import parse
from gui.tabs.descent import DescentTab
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.tables import STATUS_COLUMN

HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
X, Y = sympy.symbols("x y", real=True)


def wait_steady(qtbot, tab, timeout=15_000):
    qtbot.waitUntil(tab.is_steady, timeout=timeout)


def click_plot(qtbot, tab, x, y):
    view = tab.ui.contour
    pos = view.view_to_widget(x, y).toPoint()
    qtbot.mouseClick(view.widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def wait_field(qtbot, tab):
    qtbot.waitUntil(lambda: tab.model.analysis is not None and tab.model.analysis.field is not None,
                    timeout=30_000)  # SymPy loads after the first picture


def test_a_click_on_the_plot_starts_a_trajectory_per_optimizer(qtbot, tab):
    wait_field(qtbot, tab)
    tab.clear_starts()
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and not tab.model.run_snapshot.trajectories, timeout=5000)
    click_plot(qtbot, tab, 1.0, 1.0)
    qtbot.waitUntil(lambda: len(tab.model.run_snapshot.trajectories) == 3
                    and all(t.step > 0 for t in tab.model.run_snapshot.trajectories), timeout=5000)
    for t in tab.model.run_snapshot.trajectories:
        assert t.start == pytest.approx((1.0, 1.0), abs=0.1)  # within a pixel or two
    assert tab.model.starts and tab.model.starts[-1] == pytest.approx((1.0, 1.0), abs=0.1)


def test_two_optimizers_draw_two_paths_in_their_colours(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.optimizers.set_chosen(["gd", "adam"])
    tab.ui.optimizers.selection_changed.emit()
    tab.clear_starts()
    tab.add_start(-1.0, -0.5)
    # A run with no starts is finished too: wait for the two new paths to end.
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and tab.model.run_snapshot.finished
                    and len(tab.model.run_snapshot.trajectories) == 2, timeout=10_000)
    items = tab.ui.contour.paths.items
    assert len(items) == 2
    colours = {item.opts["pen"].color().name().upper() for item in items}
    assert colours == {optimizer_color("gd").upper(), optimizer_color("adam").upper()}
    for item in items:
        x, y = item.getData()
        assert len(x) > 2 and np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    # both end at a listed minimum of Himmelblau, where ∇f = 0 by the closed form
    for t in tab.model.run_snapshot.trajectories:
        x, y = t.position
        fx = 4 * x * (x * x + y - 11) + 2 * (x + y * y - 7)
        fy = 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)
        assert t.status == "converged" and np.hypot(fx, fy) < 1e-5


def test_a_too_large_step_size_shows_the_divergence_in_words(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.optimizers.alpha.set_value(0.5)
    tab.play_pause()
    message = tab.ui.contour.message
    qtbot.waitUntil(lambda: message.isVisible() and "diverged" in message.text(), timeout=5000)
    assert "too large" in message.text()
    # the message names the first run to diverge; the table's first row may follow later
    qtbot.waitUntil(lambda: "diverged" in tab.ui.runs.item(0, STATUS_COLUMN).text(), timeout=5000)
    for item in tab.ui.contour.paths.items:  # NaN never reaches the plot
        x, y = item.getData()
        assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))


def test_play_pause_and_step_go_through_the_worker(qtbot, tab):
    wait_field(qtbot, tab)
    tab.reset()
    qtbot.waitUntil(lambda: tab.run_worker.state == "paused" and tab.model.run_snapshot is not None
                    and tab.model.run_snapshot.step == 0, timeout=5000)
    tab.step()
    qtbot.waitUntil(lambda: tab.model.run_snapshot.step == 1, timeout=5000)
    tab.step()
    qtbot.waitUntil(lambda: tab.model.run_snapshot.step == 2, timeout=5000)
    assert tab.run_worker.state == "paused"
    with qtbot.waitSignal(tab.run_worker.state_changed, timeout=5000):
        tab.play_pause()
    assert tab.run_worker.state in ("running", "finished")
    wait_steady(qtbot, tab)
    assert tab.model.run_snapshot.finished
    assert tab.ui.transport.play_button.text() == "Play"


def wait_critical(qtbot, tab):
    qtbot.waitUntil(lambda: tab.ready and tab.model.analysis.critical is not None,
                    timeout=20_000)


def test_the_critical_point_table_agrees_with_sympy(qtbot, tab):
    wait_critical(qtbot, tab)
    f = (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2
    r, s, t = sympy.diff(f, X, 2), sympy.diff(f, X, Y), sympy.diff(f, Y, 2)
    table = tab.ui.critical
    known = surface("himmelblau").critical_points
    assert table.rowCount() == len(known)
    rows = []
    for row in range(table.rowCount()):
        values = [float(table.item(row, c).text()) for c in range(7)]
        rows.append((values, table.item(row, 7).text()))
    for point in known:
        values, kind = min(rows, key=lambda rv: np.hypot(rv[0][0] - point.x, rv[0][1] - point.y))
        assert np.hypot(values[0] - point.x, values[1] - point.y) < 1e-3
        at = {X: point.x, Y: point.y}
        rr, ss, tt = (float(e.subs(at)) for e in (r, s, t))
        assert values[3:6] == pytest.approx([rr, ss, tt], rel=1e-3, abs=1e-3)
        assert values[6] == pytest.approx(rr * tt - ss * ss, rel=1e-3, abs=1e-2)
        assert kind == point.kind


def test_partial_derivatives_shown_match_finite_differences(qtbot, tab):
    wait_field(qtbot, tab)
    partials = tab.model.analysis.partials
    f = parse(HIMMELBLAU, ("x", "y"))
    fx, fy = (parse(text, ("x", "y")) for text in (partials.fx_plain, partials.fy_plain))
    h = 1e-6
    for x, y in [(0.3, -1.2), (2.0, 1.5), (-3.1, 0.4)]:
        x_, y_ = np.array(x), np.array(y)
        assert float(fx(x_, y_)) == pytest.approx(
            float((f(x_ + h, y_) - f(x_ - h, y_)) / (2 * h)), rel=1e-5, abs=1e-5)
        assert float(fy(x_, y_)) == pytest.approx(
            float((f(x_, y_ + h) - f(x_, y_ - h)) / (2 * h)), rel=1e-5, abs=1e-5)


def _independent_share(n, alpha, eps, max_steps):
    """Plain descent on six-hump camel with its hand-written gradient, from the grid centres."""
    x0, x1, y0, y1 = surface("six_hump_camel").domain
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    X_, Y_ = np.meshgrid(xs, ys)
    p = np.column_stack([X_.ravel(), Y_.ravel()])
    moving = np.ones(len(p), dtype=bool)
    for _ in range(max_steps):
        x, y = p[:, 0], p[:, 1]
        g = np.column_stack([8 * x - 8.4 * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3])
        moving &= np.hypot(g[:, 0], g[:, 1]) >= eps
        if not moving.any():
            break
        p[moving] -= alpha * g[moving]
    best = np.array([(0.0898420, -0.7126564), (-0.0898420, 0.7126564)])
    d = np.min(np.hypot(*(p[:, None, :] - best[None]).transpose(2, 0, 1)), axis=1)
    return float(np.mean(d < 0.04))


def test_basin_map_reports_the_share_reaching_the_global_minimum(qtbot, tab):
    tab.ui.formula.set_text("(4 - 2.1x^2 + x^4/3)x^2 + x y + (4y^2 - 4)y^2")
    tab.ui.mode.grid.setValue(20)
    tab.ui.mode.set_mode("basins")
    wait_steady(qtbot, tab, timeout=30_000)
    snapshot = tab.model.basin_snapshot
    expected = _independent_share(20, 0.01, 1e-6, 20_000)
    assert snapshot.global_share == pytest.approx(expected, abs=0.01)
    assert f"{snapshot.global_share:.1%}" in tab.ui.basins.report.text()
    assert tab.ui.contour.basins.isVisible()
    assert not tab.ui.contour.paths.legend.isVisible()


def test_bad_domain_and_formula_are_refused_in_words(qtbot, tab):
    wait_field(qtbot, tab)
    edit = tab.ui.domain.edits["domain_x_min"]
    for text in ("abc", "1e308", "nan", "7"):
        edit.setText(text)
        edit.editingFinished.emit()
        assert tab.ui.domain.error.isVisible(), text
        assert tab.model.surface.domain == (-5.0, 5.0, -5.0, 5.0)
    tab.ui.formula.line.setText("x +* y")
    tab.ui.formula.apply()
    assert tab.ui.formula.error.isVisible()
    assert tab.model.surface.key == "himmelblau"


def test_a_formula_undefined_everywhere_says_so_on_the_plot(qtbot, tab):
    tab.ui.formula.set_text("ln(-(x^2 + y^2) - 1)")
    qtbot.waitUntil(lambda: "not defined" in tab.ui.contour.message.text(), timeout=10_000)
    assert np.all(np.isfinite(tab.model.analysis.field.image))


def test_state_round_trips_and_rejects_nonsense(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.optimizers.set_chosen(["nesterov", "rmsprop"])
    tab.add_start(1.0, 2.0)
    saved = tab.state()
    other = DescentTab()
    qtbot.addWidget(other)
    try:
        other.set_state(saved)
        assert other.state() == saved
        with pytest.raises(ValueError):
            other.set_state({**saved, "domain": [1, 0, 0, 1]})
        with pytest.raises(ValueError):
            other.set_state({**saved, "hyperparameters": {"alpha": float("nan")}})
        with pytest.raises(ValueError):
            other.set_state({**saved, "formula": "import os"})
        assert other.state() == saved
    finally:
        other.shutdown()


def test_a_letter_in_f_gets_a_slider_that_reshapes_the_surface(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.formula.set_text("a*(x - 1)^2 + (y + a)^2")
    qtbot.waitUntil(lambda: "a" in tab.ui.parameters.sliders, timeout=5000)
    tab.ui.parameters.sliders["a"].set_value(2.0)
    qtbot.waitUntil(lambda: tab.model.surface.params.get("a") == 2.0, timeout=5000)
    wait_critical(qtbot, tab)
    # f = 2(x − 1)² + (y + 2)², by its own formula: minimum 0 at (1, −2)
    field = tab.model.analysis.field
    gx, gy = np.meshgrid(field.xs, field.ys)
    np.testing.assert_allclose(field.values, 2 * (gx - 1) ** 2 + (gy + 2) ** 2, rtol=1e-9)
    (point,) = tab.model.analysis.critical.points
    assert (point.x, point.y) == pytest.approx((1.0, -2.0), abs=1e-8) and point.kind == "minimum"
    state = tab.state()
    assert state["parameters"] == {"a": 2.0}
    tab.ui.parameters.sliders["a"].set_value(-1.0)
    tab.set_state(state)  # a session brings the value back
    assert tab.ui.parameters.values() == {"a": 2.0} and tab.model.surface.params["a"] == 2.0


def test_each_optimizer_can_have_its_own_alpha(qtbot, tab):
    wait_field(qtbot, tab)
    opts = tab.ui.optimizers
    opts.set_chosen(["gd", "momentum"])
    opts.selection_changed.emit()
    for key, alpha in (("gd", 0.002), ("momentum", 0.02)):
        opts.alpha_target.setCurrentIndex(opts.alpha_target.findData(key))
        opts.alpha.set_value(alpha)
    assert tab.model.settings.alphas == pytest.approx({"gd": 0.002, "momentum": 0.02})
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("gd"))
    assert opts.alpha.value() == pytest.approx(0.002)  # the slider shows whose α it sets
    tab.clear_starts()
    tab.add_start(1.0, 1.0)  # sets both off
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and len(tab.model.run_snapshot.trajectories) == 2
                    and all(len(t.path) >= 2 for t in tab.model.run_snapshot.trajectories),
                    timeout=5000)
    # the first step of either is x₀ − α∇f(x₀) (velocity starts at 0), ∇f by SymPy
    f = (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2
    gradient = [float(sympy.diff(f, v).subs({X: 1, Y: 1})) for v in (X, Y)]
    for t in tab.model.run_snapshot.trajectories:
        alpha = 0.002 if t.optimizer == "gd" else 0.02
        expected = np.array([1.0, 1.0]) - alpha * np.array(gradient)
        np.testing.assert_allclose(t.path[1], expected, rtol=1e-9)
    # a session keeps them; "every optimizer" makes α one again
    state = tab.state()
    assert state["alphas"] == pytest.approx({"gd": 0.002, "momentum": 0.02})
    opts.alpha_target.setCurrentIndex(0)
    opts.alpha.set_value(0.01)
    settings = tab.model.settings
    assert settings.alphas == {} and settings.hyperparameters["alpha"] == pytest.approx(0.01)
    tab.set_state(state)
    assert settings.alphas == pytest.approx({"gd": 0.002, "momentum": 0.02})
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("momentum"))
    assert opts.alpha.value() == pytest.approx(0.02)


def _pieces(plain: str) -> list[tuple[object, str, object, object]]:
    """(value, comparison, left, right) of each "value if left < right" piece."""
    found = []
    for part in plain.split("; "):
        if part.startswith("undefined"):
            continue
        if " if " not in part:  # no switch in this variable: one formula everywhere
            found.append((parse(part, ("x", "y")), "everywhere", None, None))
            continue
        value, condition = part.split(" if ")
        for op in ("≤", "≥", "<", ">"):
            if f" {op} " in condition:
                left, right = condition.split(f" {op} ")
                found.append(tuple([parse(value, ("x", "y")), op,
                                    *(parse(t, ("x", "y")) for t in (left, right))]))
                break
    return found


@pytest.mark.parametrize("text", ["abs(x) + y^2", "abs(x - y)", "max(x, y) + x*y"])
def test_partials_of_corners_are_shown_piece_by_piece_and_match_finite_differences(
        qtbot, tab, text):
    f = parse(text, ("x", "y"))
    tab.model.set_expression(f)
    qtbot.waitUntil(lambda: tab.model.analysis is not None and tab.model.analysis.surface
                    .expression.text == f.text and tab.model.analysis.partials is not None,
                    timeout=20_000)
    partials = tab.model.analysis.partials
    shown = " ".join((partials.fx_plain, partials.fy_plain, tab.ui.formulas.fx.toolTip(),
                      tab.ui.formulas.fx.accessibleName()))
    assert not any(word in shown for word in ("sgn", "H(", "δ", "Heaviside", "sign("))
    rng = np.random.default_rng(0)
    h = 1e-6
    for plain, dx, dy in ((partials.fx_plain, h, 0.0), (partials.fy_plain, 0.0, h)):
        pieces = _pieces(plain)
        assert pieces, plain
        for value, op, left, right in pieces:
            checked = 0
            for x, y in rng.uniform(-3, 3, size=(200, 2)):
                x_, y_ = np.array(x), np.array(y)
                gap = 0.0 if left is None else float(left(x_, y_)) - float(right(x_, y_))
                inside = {"<": gap < -1e-3, ">": gap > 1e-3, "≤": gap < -1e-3,
                          "≥": gap > 1e-3, "everywhere": True}[op]
                if not inside or min(abs(x), abs(y), abs(x - y)) < 1e-3:
                    continue
                slope = (f(x_ + dx, y_ + dy) - f(x_ - dx, y_ - dy)) / (2 * h)
                assert float(value(x_, y_)) == pytest.approx(float(slope), abs=1e-5)
                checked += 1
            assert checked > 5
