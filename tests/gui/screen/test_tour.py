"""A scripted tour of each tab, the interactions of issue 12, in one window: no step may
let an exception or a Qt warning reach the event loop, and no stray window may appear.

Run in a real X server by .ci/run (marker ``xvfb_tour``, a screenshot per step into
GRADIENT_LAB_SCREENSHOTS); offscreen in the README's test command.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from gui.main_window import tab_keys
from tests.gui.screen.test_first_start import open_tab, settle, settled
from tests.gui.screen.tour import Tour, choose, drag, type_into, view_point

pytestmark = pytest.mark.xvfb_tour

DERIVATIVE_FORMULAS = ("sin(x)/x", "x^3 - 3x", "1/(1+e^(-β x))", "((x*1e100)^999)^999",
                       "2^3000", "sin(", "x + 10^400", "abs(x)", "(x^4+2)cos(x)")
SURFACES = ("x^2 + 3y^2", "2x^2 + 4y", "(y/1e100)^999", "sin(x)cos(y)",
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
LAYERS = ("2-8-8-1", "2-4-1", "2-1", "2-4-", "2-²-1", "2-8-8-1")


@pytest.fixture
def tour(qtbot, window, event_loop_guard, shots):
    return Tour(qtbot, window, event_loop_guard, shots)


def _vectors(tour: Tour, qtbot, tab) -> None:
    plane = tab.plane.plot_widget
    tour.step("drag B to (4, -1)", lambda: drag(plane.viewport(), view_point(plane, 3, 2),
                                                 view_point(plane, 4, -1)))
    tour.step("drag A onto B", lambda: drag(plane.viewport(), view_point(plane, 1, 1),
                                            view_point(plane, 4, -1)))
    tour.step("drag B outside the view", lambda: drag(plane.viewport(), view_point(plane, 4, -1),
                                                      QPoint(plane.width() + 40, -40)))
    tour.step("a = (0, 0) typed", lambda: (tab.table.edit_cell("a", 0, "0"),
                                           tab.table.edit_cell("a", 1, "0")))
    tour.step("a cell 1/2 and sqrt(2)", lambda: (tab.table.edit_cell("b", 0, "1/2"),
                                                 tab.table.edit_cell("b", 1, "sqrt(2)")))
    for index in range(tab.operation_combo.count()):
        tour.step(f"operation {tab.operation_combo.itemText(index)}",
                  lambda i=index: tab.operation_combo.setCurrentIndex(i))
    tour.step("k = 0", lambda: tab.k_slider.setValue(0))
    tour.step("k = -3", lambda: tab.k_slider.setValue(tab.k_slider.minimum()))
    tour.step("snap off", lambda: tab.snap_check.setChecked(False))
    tour.step("tails back home", tab.reset_tails_button.click)
    tour.step("3-D view", lambda: tab.views.setCurrentIndex(1))
    space = tab.space.plot_widget.viewport()
    centre = space.rect().center()
    tour.step("turn the 3-D view", lambda: drag(space, centre, centre + QPoint(80, 30)))
    tour.step("a parallel to b in 3-D", lambda: [tab.space.set_component("b", i, str(2 * v))
                                                 for i, v in enumerate(tab.space.vectors["a"])])
    tour.step("azimuth 1e30 typed", lambda: tab.space.set_component("a", 0, "1e30"))
    tour.step("back to the plane", lambda: tab.views.setCurrentIndex(0))
    tour.step("notes' example", tab.reset_button.click)


def _derivatives(tour: Tour, qtbot, tab) -> None:
    line = tab.ui.formula.line
    for text in DERIVATIVE_FORMULAS:
        tour.step(f"type {text}", lambda t=text: type_into(qtbot, line, t),
                  until=lambda: settled("derivatives", tab))
    presets = tab.ui.formula.presets
    for index in range(presets.count()):
        tour.step(f"preset {presets.itemText(index)}", lambda i=index: choose(presets, i),
                  until=lambda: settled("derivatives", tab))
    points = tab.ui.point_controls
    tour.step("x0 = -1.495", lambda: points.x0.setValue(-1.495))
    tour.step("dx smallest", lambda: points.dx.slider.setValue(points.dx.slider.minimum()))
    ranges = tab.ui.range_controls
    tour.step("x range -50…50", lambda: (ranges.x_min.setValue(-50), ranges.x_max.setValue(50)),
              until=lambda: settled("derivatives", tab))
    tour.step("x min above x max", lambda: ranges.x_min.setValue(60),
              until=lambda: settled("derivatives", tab))
    tour.step("reset", tab.reset, until=lambda: settled("derivatives", tab))


def _descent(tour: Tour, qtbot, tab) -> None:
    ui = tab.ui
    for text in SURFACES:
        tour.step(f"type {text}", lambda t=text: type_into(qtbot, ui.formula.line, t),
                  until=lambda: settled("descent", tab))
    for key, box in ui.optimizers.checks.items():
        tour.step(f"tick {key}", lambda b=box: b.setChecked(True))
    contour = ui.contour.widget
    tour.step("click a start", lambda: qtbot.mouseClick(
        contour.viewport(), Qt.MouseButton.LeftButton,
        pos=ui.contour.view_to_widget(1.0, 1.0).toPoint()))
    tour.step("play", tab.play_pause)
    tour.step("pause", tab.play_pause)
    tour.step("step", tab.step)
    tour.step("alpha largest", lambda: ui.optimizers.alpha.slider.setValue(
        ui.optimizers.alpha.slider.maximum()))
    for index in range(ui.optimizers.alpha_target.count()):
        tour.step(f"α for {ui.optimizers.alpha_target.itemText(index)}",
                  lambda i=index: choose(ui.optimizers.alpha_target, i))
    for key, box in list(ui.optimizers.checks.items())[1:]:
        tour.step(f"untick {key}", lambda b=box: b.setChecked(False))
    tour.step("3-D view", lambda: ui.views.setCurrentIndex(1))
    widget = ui.surface.widget.viewport()
    tour.step("turn the surface", lambda: drag(widget, widget.rect().center(),
                                               widget.rect().center() + QPoint(60, 20)))
    tour.step("contour view", lambda: ui.views.setCurrentIndex(0))
    # choosing the basin map starts its sweep; Play while it runs would pause it, so the
    # tour waits for the sweep to end and then plays it again
    tour.step("basin map", lambda: ui.mode.set_mode("basins"), until=tab.is_steady)
    tour.step("play basins again", tab.play_pause, until=tab.is_steady)
    tour.step("trajectories", lambda: ui.mode.set_mode("trajectories"))
    tour.step("clear starts", ui.mode.clear.click)
    tour.step("reset", tab.reset)


def _network(tour: Tour, qtbot, tab) -> None:
    controls = tab.ui.controls
    transport = tab.ui.transport
    tour.step("fastest", lambda: transport.speed.setCurrentIndex(0))
    tour.step("play", tab.play_pause)
    for text in LAYERS:
        tour.step(f"layers {text} while playing",
                  lambda t=text: type_into(qtbot, controls.layers, t))
    tour.step("pause", tab.play_pause)
    tour.step("layers 2-4-1 while paused", lambda: type_into(qtbot, controls.layers, "2-4-1"))
    tour.step("step", tab.step)
    dialog = []
    tour.step("open the inspector", lambda: dialog.append(tab.open_inspector(1)))
    tour.expect_only(tuple(dialog))
    tour.step("layers 2-8-8-1 with the inspector open",
              lambda: type_into(qtbot, controls.layers, "2-8-8-1"))
    if dialog:
        combo = dialog[0].sample
        tour.step("pick a sample", lambda: choose(combo, combo.count() - 1))
        tour.step("close the inspector", dialog[0].close)
    for index in range(controls.preset.count()):
        tour.step(f"preset {controls.preset.itemText(index)}",
                  lambda i=index: choose(controls.preset, i))
    for index in range(controls.dataset.count()):
        tour.step(f"data {controls.dataset.itemText(index)}",
                  lambda i=index: choose(controls.dataset, i))
    tour.step("play", tab.play_pause)
    tour.step("η smallest live", lambda: controls.learning_rate.slider.setValue(
        controls.learning_rate.slider.minimum()))
    tour.step("pause", tab.play_pause)
    tour.step("reset", tab.reset)


TOURS = {"vectors": _vectors, "derivatives": _derivatives, "descent": _descent,
         "network": _network}


@pytest.mark.parametrize("key", tab_keys())
def test_tour_lets_nothing_reach_the_event_loop(qtbot, window, tour, key):
    tab = open_tab(qtbot, window, key)
    tour.step(f"open {key}", lambda: settle(qtbot, key, tab))
    TOURS[key](tour, qtbot, tab)
    tour.expect_only()
    tour.step("close the window", window.close)
    tour.expect_only()
    assert tour.problems == [], "\n".join(tour.problems)
