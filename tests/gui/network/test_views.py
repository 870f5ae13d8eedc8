"""Curves, decision boundary and backprop inspector: any values, any change of layers, and a
colour scale a person can read."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from engine.network.grids import GridMap
from gui.tabs.network import NetworkTab
from gui.tabs.network.boundary import BoundaryView
from gui.tabs.network.curves import CurvesView
from gui.theme import configure_pyqtgraph

configure_pyqtgraph()


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=5000)
    yield widget
    widget.shutdown()


def set_layers(tab, text):
    tab.ui.controls.layers.setText(text)
    tab.ui.controls.layers.editingFinished.emit()


def layers_shown(tab):
    if tab.latest is None:  # a big network's first snapshot is being prepared on a worker
        return None
    weights = tab.latest.training.weights  # W^m: K × N^m × N^{m−1}
    return (weights[0].shape[2], *(W.shape[1] for W in weights))


def test_curves_paint_huge_epochs_and_non_finite_losses(qtbot):
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(380, 600)
    view.show()
    view.clear_run(2)
    # issue 14 item 11: a session's loss history at epochs [1, 1e300]
    view.show_losses(np.array([1.0, 1e300]), np.array([0.5, 0.4]), np.array([np.inf, np.nan]))
    view.show_losses(np.array([1.0, 2.0, 3.0]), np.array([np.inf, 1e308, -1.0]), None)
    # rows: train accuracy, test accuracy, ‖∂C/∂θ^m‖ per layer
    view.show_trails(np.array([1.0, 1e300]), np.array([[0.5, np.nan, np.inf, 1e-300],
                                                      [np.nan, 0.5, 1e308, 0.0]]))
    # a row of a run with 3 layers still in flight after the curves were set up for 2, and back
    view.show_trails(np.array([1.0, 2.0]), np.full((2, 5), 0.5))
    view.clear_run(3)
    view.show_trails(np.array([1.0]), np.array([[0.5, np.nan, 0.1, 0.2]]))
    assert not view.grab().isNull()
    assert len(view.gradient_curves[2].getData()[0] or []) == 0


def test_the_colour_bar_of_a_l_sits_beside_the_boundary_whole_and_in_its_colours(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(600, 420)
    view.show()
    qtbot.waitExposed(view)
    xs = ys = np.linspace(-1, 1, 30)
    one = np.broadcast_to(xs[None, :], (30, 30))[None, None].astype(np.float32) / 2 + 0.5
    view.set_grid(GridMap(xs, ys, one))
    bar, plot = view.color_bar, view.plot
    qtbot.waitUntil(lambda: bar.sceneBoundingRect().width() > 0)
    box = plot.getPlotItem().vb.sceneBoundingRect()
    rect = bar.sceneBoundingRect()
    assert bar.isVisible() and rect.width() >= 30 and rect.height() >= 0.8 * box.height()
    assert rect.left() >= box.right() - 1  # beside the plot, not over it
    assert plot.viewport().rect().toRectF().contains(rect)  # whole, not clipped
    assert "a<sup>L</sup>" in bar.axis.labelText
    image = plot.grab().toImage()
    bar_x = round(bar.bar.sceneBoundingRect().center().x())
    top = image.pixelColor(bar_x, round(rect.top() + 0.1 * rect.height()))
    bottom = image.pixelColor(bar_x, round(rect.bottom() - 0.1 * rect.height()))
    assert top.blue() > top.red() + 40  # 1 → class 1, blue
    assert bottom.red() > bottom.blue() + 40  # 0 → class 0, vermillion
    three = np.full((1, 3, 30, 30), 1 / 3, dtype=np.float32)
    view.set_grid(GridMap(xs, ys, three))
    assert not bar.isVisible()  # softmax colours mix classes: a 0 … 1 bar would mislead


@pytest.mark.parametrize("playing", [False, True])
def test_fewer_layers_while_paused_or_playing_repaint_without_error(qtbot, tab, playing):
    # issue 12 item 5: 2-8-8-1 → 2-4-1 raised IndexError in the diagram
    tab.ui.transport.speed.setCurrentIndex(0)
    for text, sizes in (("2-8-8-1", (2, 8, 8, 1)), ("2-4-1", (2, 4, 1)), ("2-1", (2, 1)),
                        ("2-64-64-1", (2, 64, 64, 1)), ("2-4-1", (2, 4, 1))):
        set_layers(tab, text)
        if playing:
            tab.play()
        qtbot.waitUntil(lambda s=sizes: layers_shown(tab) == s, timeout=5000)
        qtbot.waitUntil(lambda s=sizes: tab.ui.diagram.data.layer_sizes == s, timeout=5000)
        tab.ui.diagram.repaint()
        tab.ui.curves.repaint()
    assert tab.ui.diagram.describe(QPointF(1, 1)) is not None


def test_inspector_follows_a_change_of_layers_and_data(qtbot, tab):
    # issue 14 item 10: open it, change the layers, pick a sample → traceback
    dialog = tab.open_inspector(0)
    qtbot.waitUntil(lambda: dialog.inspection is not None, timeout=5000)
    set_layers(tab, "2-3-3-1")
    qtbot.waitUntil(lambda: dialog.inspection is not None and len(dialog.inspection.layers) == 3,
                    timeout=5000)
    dialog.sample.setCurrentIndex(2)
    dialog.sample.activated.emit(2)
    qtbot.waitUntil(lambda: "Largest relative error" in dialog.summary.text()
                    and np.array_equal(dialog.inspection.a0[:, 0], tab.dataset.X_train[2]),
                    timeout=5000)
    assert len(dialog.inspection.layers) == 3 and dialog.inspection.max_relative_error < 1e-6
    controls = tab.ui.controls
    controls.dataset.setCurrentIndex(controls.dataset.findData("two moons"))
    controls.dataset.activated.emit(controls.dataset.currentIndex())
    qtbot.waitUntil(lambda: dialog.sample.count() == len(tab.dataset.y_train), timeout=5000)
    last = dialog.sample.count() - 1
    dialog.sample.setCurrentIndex(last)
    dialog.sample.activated.emit(last)
    qtbot.waitUntil(lambda: "Largest relative error" in dialog.summary.text()
                    and np.array_equal(dialog.inspection.a0[:, 0], tab.dataset.X_train[last]),
                    timeout=5000)
