"""The Landscape side tab: the picture is the engine's C, the path is θ's, nothing blocks."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.network.landscape import losses_at, parameter_names
from gui.tabs.network.history import theta_of
from gui.tabs.network.landscape_model import LandscapeModel
from gui.tabs.network.tab import NetworkTab


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=10_000)
    yield widget
    widget.shutdown()


def _train(qtbot, tab, frames: int) -> None:
    """``frames`` single steps, each waited for, so the path records each one."""
    for i in range(1, frames + 1):
        tab.step()
        qtbot.waitUntil(lambda i=i: tab.latest.training.epoch >= i, timeout=10_000)
    assert len(tab.ui.landscape.model.path) >= 3


def _open(tab):
    tabs = tab.ui.side_tabs
    tabs.setCurrentIndex(tabs.indexOf(tab.ui.landscape))
    return tab.ui.landscape


def test_the_drawn_landscape_is_c_around_the_weights_now(qtbot, tab):
    _train(qtbot, tab, 6)
    panel = _open(tab)
    panel.mode.setCurrentIndex(panel.mode.findData("parameters"))
    panel.first.setCurrentIndex(panel.first.findData("W^1_11"))
    panel.second.setCurrentIndex(panel.second.findData("b^2_1"))
    assert panel.first.currentText() == "W¹₁₁" and panel.second.currentText() == "b²₁"
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.picture is not None, timeout=20_000)
    picture = panel.model.picture
    grid = picture.landscape
    theta = theta_of(tab.latest.training.weights, tab.latest.training.biases)
    np.testing.assert_array_equal(picture.plane.origin, theta)
    # the picture's numbers, by hand: C with those two parameters moved
    names = parameter_names(panel.template)
    data = tab.model.dataset
    for j, i in ((0, 0), (20, 13), (40, 40)):
        moved = theta.copy()
        moved[names.index("W^1_11")] += grid.s[i]
        moved[names.index("b^2_1")] += grid.t[j]
        expected = losses_at(panel.template, moved[None, :], data.X_train, data.y_train)[0]
        assert abs(grid.losses[j, i] - expected) <= 1e-12
    # the path drawn is θ's projection, ending where θ is now (the ring)
    x, y = panel.plot.path_curve.getData()
    np.testing.assert_allclose(np.c_[x, y], picture.plane.project(np.array(panel.model.path)))
    assert tuple(picture.current) == (x[-1], y[-1])
    assert panel.plot.isVisible() and panel.plot.height() >= 200
    assert "log₁₀ C" in panel.info.text()


def test_the_path_plane_says_how_much_of_the_path_it_holds(qtbot, tab):
    _train(qtbot, tab, 8)
    panel = _open(tab)
    panel.mode.setCurrentIndex(panel.mode.findData("path"))
    panel.request_picture()
    qtbot.waitUntil(lambda: panel.model.picture is not None, timeout=20_000)
    share = panel.model.picture.plane.variance_share
    assert f"{share:.0%}" in panel.info.text()


def test_the_curvature_at_theta_is_named(qtbot, tab):
    _train(qtbot, tab, 4)
    panel = _open(tab)
    qtbot.mouseClick(panel.curvature_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.curvature is not None, timeout=30_000)
    verdict = panel.model.curvature.verdict
    assert verdict.capitalize() in panel.curvature_text.text()


def test_before_any_path_the_pca_plane_says_what_it_needs():
    model = LandscapeModel()
    said = []
    model.connect("problem", said.append)
    model.choose("path")
    assert model.request() is None and "no network yet" in said[-1]
    model.record(np.zeros(9))
    model.record(np.ones(9))
    assert model.request() is None and "three recorded points" in said[-1]
    model.record(np.arange(9.0))
    assert model.request() is not None


def test_the_path_stays_bounded_and_keeps_its_newest_point():
    model = LandscapeModel()
    for i in range(2000):
        model.record(np.full(3, float(i)))
    assert len(model.path) <= 401 and model.path[-1][0] == 1999.0
    model.record(np.zeros(5))  # a new architecture starts a new path
    assert len(model.path) == 1


def test_parameter_names_print_as_in_the_notes():
    from gui.tabs.network.landscape_plot import display_name

    assert display_name("W^1_21") == "W¹₂₁"
    assert display_name("b^2_1") == "b²₁"
    assert display_name("W^1_12,3") == "W¹₁₂,₃"
    assert display_name("direction 1") == "direction 1"
