"""The Landscape panel's race, click-to-race, critical points and saved settings, as the
user sees them, each number against an independent route."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from engine.descent.optimizers import make
from engine.network.landscape import gradient_at, losses_at
from gui.state_code import decode, encode
from gui.tabs.network.history import theta_of
from gui.tabs.network.landscape_model import LandscapeSettings
from gui.tabs.network.tab import NetworkTab
from gui.theme import optimizer_color


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=10_000)
    yield widget
    widget.shutdown()


def _open(tab):
    tabs = tab.ui.side_tabs
    tabs.setCurrentIndex(tabs.indexOf(tab.ui.landscape))
    return tab.ui.landscape


def _choose_race(panel, alphas: dict, epochs: int) -> None:
    for key, tick in panel.race.ticks.items():
        tick.setChecked(key in alphas)
    for key, alpha in alphas.items():
        panel.race.alphas[key].setValue(alpha)
    panel.race.epochs.setValue(epochs)


def _by_hand(panel, theta0, key, alpha, epochs):
    """The descent rule on θ with backprop's gradient, epoch by epoch (full batch)."""
    data, rule = panel.dataset, make(key, alpha=alpha)
    x, state = theta0[None, :].copy(), rule.init_state(1, theta0.size)
    grad = lambda p: gradient_at(panel.template, p[0], data.X_train, data.y_train)[None]  # noqa
    for _ in range(epochs):
        x = rule.update(x, grad, state)
    return x[0]


def test_a_race_from_theta_trains_each_optimizer_and_draws_its_path(qtbot, tab):
    panel = _open(tab)
    _choose_race(panel, {"nesterov": 0.5, "adam": 0.05}, 40)
    assert panel.model.settings.race == ("nesterov", "adam")
    theta0 = theta_of(tab.latest.training.weights, tab.latest.training.biases)
    qtbot.mouseClick(panel.race.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.race is not None and panel.model.race.epoch == 40
                    and panel.racer.state == "finished", timeout=30_000)
    race = panel.model.race
    np.testing.assert_array_equal(panel.model.race_start, theta0)
    for k, (key, alpha) in enumerate((("nesterov", 0.5), ("adam", 0.05))):
        np.testing.assert_allclose(race.paths[k, -1], _by_hand(panel, theta0, key, alpha, 40),
                                   rtol=0, atol=1e-12)
        # the curve shown is C where each epoch started
        y = panel.race.curves[key].yData  # as given: the plot shows log₁₀ of it
        expected = losses_at(panel.template, race.paths[k, :-1],
                             panel.dataset.X_train, panel.dataset.y_train)
        np.testing.assert_allclose(y, expected, rtol=1e-6)
        assert panel.race.curves[key].opts["pen"].color().name() == optimizer_color(key).lower()
    # the paths lie on the landscape drawn for the race, in the optimizers' colours
    qtbot.waitUntil(lambda: panel.model.picture is not None and np.array_equal(
        panel.model.picture.plane.origin, theta0), timeout=30_000)
    qtbot.waitUntil(lambda: len(panel.plot.racer_curves) == 2, timeout=10_000)
    plane = panel.model.picture.plane
    for k, key in enumerate(race.keys):
        x, y = panel.plot.racer_curves[key].getData()
        np.testing.assert_allclose(np.c_[x, y], plane.project(race.paths[k]))
    assert "Adam C =" in panel.race.result.text()
    assert panel.race.plot.isVisible() and panel.race.plot.height() >= 100


def _click_view(qtbot, panel, s: float, t: float) -> None:
    view_box = panel.plot.getPlotItem().vb
    scene_point = view_box.mapViewToScene(QPointF(s, t))
    where = panel.plot.mapFromScene(scene_point)
    qtbot.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_a_click_on_the_slice_races_from_that_point(qtbot, tab):
    panel = _open(tab)
    panel.mode.setCurrentIndex(panel.mode.findData("parameters"))
    panel.half_width.setValue(3.0)
    panel.request_picture()
    qtbot.waitUntil(lambda: panel.model.picture is not None, timeout=20_000)
    picture = panel.model.picture
    _choose_race(panel, {"gd": 0.5}, 5)
    s0, t0 = picture.current
    _click_view(qtbot, panel, s0 + 1.5, t0 - 1.0)
    qtbot.waitUntil(lambda: panel.model.race_start is not None, timeout=10_000)
    moved = panel.model.race_start - picture.plane.origin
    d1, d2 = picture.plane.d1, picture.plane.d2
    # exactly the two chosen weights moved, by where the click landed (to a pixel)
    assert np.count_nonzero(moved) == 2
    pixel = (picture.box[0][1] - picture.box[0][0]) / panel.plot.width()
    assert moved @ d1 == pytest.approx(1.5, abs=3 * pixel)
    assert moved @ d2 == pytest.approx(-1.0, abs=3 * pixel)
    qtbot.waitUntil(lambda: panel.racer.state == "finished", timeout=20_000)
    np.testing.assert_array_equal(panel.model.race.paths[0, 0], panel.model.race_start)


def test_critical_points_of_the_slice_are_marked_and_are_critical(qtbot, tab):
    panel = _open(tab)
    panel.mode.setCurrentIndex(panel.mode.findData("parameters"))
    panel.first.setCurrentIndex(panel.first.findData("W^2_11"))
    panel.second.setCurrentIndex(panel.second.findData("b^2_1"))
    panel.half_width.setValue(8.0)
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.picture is not None, timeout=20_000)
    qtbot.mouseClick(panel.points_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.points is not None, timeout=60_000)
    found = panel.model.points
    plane, data = panel.model.picture.plane, panel.dataset
    assert len(panel.plot.kinds.data) == len(found.points)
    h = 1e-4
    for p in found.points:
        c = lambda s, t: losses_at(panel.template, plane.points(np.array([s]), np.array([t])),  # noqa
                                   data.X_train, data.y_train)[0]
        grad = [(c(p.s + h, p.t) - c(p.s - h, p.t)) / (2 * h),
                (c(p.s, p.t + h) - c(p.s, p.t - h)) / (2 * h)]
        assert np.hypot(*grad) < 1e-6
        assert p.kind in panel.points_text.text()
    assert "critical point" in panel.points_text.text()


def test_landscape_settings_travel_in_sessions_and_state_codes(qtbot, tab):
    panel = _open(tab)
    panel.mode.setCurrentIndex(panel.mode.findData("parameters"))
    panel.first.setCurrentIndex(panel.first.findData("b^1_2"))
    panel.resolution.setValue(31)
    panel.half_width.setValue(2.5)
    _choose_race(panel, {"rmsprop": 0.02, "gd": 0.3}, 250)
    state = json.loads(json.dumps(tab.state()))
    assert state["landscape"]["race"] == ["gd", "rmsprop"]
    other = NetworkTab()
    qtbot.addWidget(other)
    try:
        other.set_state(decode(encode({"network": state}))["network"])
        shown = other.ui.landscape
        assert shown.mode.currentData() == "parameters"
        assert shown.first.currentData() == "b^1_2" and shown.first.currentText() == "b¹₂"
        assert shown.resolution.value() == 31 and shown.half_width.value() == 2.5
        assert shown.race.ticks["rmsprop"].isChecked() and not shown.race.ticks["adam"].isChecked()
        assert shown.race.alphas["gd"].value() == 0.3 and shown.race.epochs.value() == 250
        assert shown.model.settings == panel.model.settings
    finally:
        other.shutdown()


@pytest.mark.parametrize("bad, message", [
    ({"resolution": 5000}, "resolution must be a whole number from 11 to 101"),
    ({"resolution": "41"}, "resolution must be a number"),
    ({"half_width": float("nan")}, "range must be a number from 0 to 1000"),
    ({"mode": "hessian"}, "unknown landscape plane 'hessian'"),
    ({"first": "__import__('os')"}, "must be named like W^1_21"),
    ({"race": ["adam", "lbfgs"]}, "the race must list optimizers"),
    ({"alphas": {"adam": -1}}, "α for Adam must be a number from 1e-06 to 10"),
    ({"colour": 1}, "unknown landscape setting 'colour'"),
    ("everything", "must be a mapping"),
])
def test_bad_landscape_settings_are_refused_with_nothing_changed(qtbot, tab, bad, message):
    before = tab.state()
    state = json.loads(json.dumps(before))
    state["landscape"] = bad if isinstance(bad, str) else {**state["landscape"], **bad}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("^", r"\^")):
        tab.set_state(state)
    assert tab.state()["landscape"] == before["landscape"]


def test_weights_a_session_names_but_the_network_lacks_are_said(qtbot, tab):
    state = tab.state()
    state["landscape"] = {**state["landscape"], "first": "W^3_11", "second": "W^1_11"}
    tab.set_state(state)
    panel = tab.ui.landscape
    assert "W³₁₁" in panel.info.text() and "not parameters of this network" in panel.info.text()
    offered = [panel.first.itemData(i) for i in range(panel.first.count())]
    assert panel.model.settings.first in offered
    assert LandscapeSettings.from_dict(panel.state()) == panel.model.settings


def test_the_panel_fits_the_side_column_of_a_fresh_window_without_scrolling(qtbot, tab):
    # the app's first window is 1360 wide; the tab gets its width less the window frame
    tab.resize(1340, 780)
    panel = _open(tab)
    area = panel.parentWidget().parentWidget()  # the side column's Sideways scroll area
    qtbot.waitUntil(lambda: 0 < panel.width() <= area.viewport().width(), timeout=5000)
    assert panel.minimumSizeHint().width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()
    for widget in (panel.mode, panel.second, panel.race.stop, *panel.race.alphas.values()):
        right = widget.mapTo(area.viewport(), widget.rect().topRight()).x()
        assert right < area.viewport().width(), widget.objectName()
