"""The first run waits for its trainer until the first picture is painted: the picture
is the run's true first snapshot, the trainer process starts after it, and Play, Step or
a changed η pressed before that start it at once and work."""

import subprocess
import sys
from dataclasses import replace

import numpy as np

from engine.network.datasets import xor
from engine.network.network import Network


def _tab(qtbot):
    from gui.tabs.network import NetworkTab

    tab = NetworkTab()
    qtbot.addWidget(tab)
    tab.ui.transport.speed.setCurrentIndex(0)  # as fast as possible
    return tab


def _trained_epochs(tab) -> int:
    t = tab.latest.training if tab.latest is not None else None
    return 0 if t is None else t.epoch


def test_the_first_picture_is_the_seeds_first_snapshot_and_the_trainer_follows_it(qtbot):
    tab = _tab(qtbot)
    try:
        # before any event: the picture's snapshot is there, no trainer has the run yet
        assert tab.has_first_picture and tab.model.held is not None
        assert not tab.worker.has_job and tab.worker.state == "idle"
        settings, data = tab.settings, xor()
        expected = Network(settings.layers, settings.activations, settings.loss,
                           seed=settings.seed)
        t = tab.latest.training
        assert t.epoch == 0
        for W, b, W0, b0 in zip(t.weights, t.biases, expected.W, expected.b, strict=True):
            assert np.array_equal(W, W0) and np.array_equal(b, b0)
        # a^L on the boundary grid, recomputed here: z = W a + b, tanh then σ
        grid = t.grid
        x1, x2 = np.meshgrid(grid.xs, grid.ys)
        a = np.stack([x1.ravel(), x2.ravel()])
        a = np.tanh(expected.W[0][0] @ a + expected.b[0][0])
        a_L = 1.0 / (1.0 + np.exp(-(expected.W[1][0] @ a + expected.b[1][0])))
        # the grid is kept in float32
        np.testing.assert_allclose(grid.values[0][0], a_L.reshape(x1.shape), rtol=1e-6)
        assert np.array_equal(tab.dataset.X_train, data.X_train)
        tab.resize(1280, 760)
        tab.show()
        qtbot.waitUntil(lambda: tab.worker.has_job, timeout=20_000)  # after the paint
        assert tab.model.held is None and tab.worker.state == "paused"
        assert tab.ui.transport.play_button.text() == "Play"
    finally:
        tab.shutdown()


def test_play_before_the_trainer_is_up_trains(qtbot):
    tab = _tab(qtbot)
    try:
        assert not tab.worker.has_job
        tab.ui.transport.play_button.click()  # before the tab is even shown
        assert tab.worker.has_job and tab.worker.state == "running"
        assert tab.ui.transport.play_button.text() == "Pause"
        tab.show()
        qtbot.waitUntil(lambda: _trained_epochs(tab) > 20, timeout=60_000)
        tab.pause()
        assert tab.worker.state in ("paused", "finished"), tab.worker.state
    finally:
        tab.shutdown()


def test_a_new_run_after_play_goes_to_the_trainer_at_once(qtbot):
    tab = _tab(qtbot)
    try:
        tab.play()  # before the first paint: the trainer starts with the held run
        tab.model.edit(replace(tab.settings, layers=(2, 3, 3, 1),
                               activations=("tanh", "tanh", "sigmoid")))
        assert tab.model.held is None and tab.worker.state == "paused"
        assert len(tab.latest.training.weights) == 3
    finally:
        tab.shutdown()


def test_step_before_the_trainer_is_up_moves_one_epoch(qtbot):
    tab = _tab(qtbot)
    try:
        tab.ui.transport.step_button.click()
        qtbot.waitUntil(lambda: _trained_epochs(tab) == 1, timeout=60_000)
        assert tab.worker.state == "paused"
    finally:
        tab.shutdown()


def test_a_learning_rate_changed_before_the_trainer_is_up_is_the_one_it_trains_with(qtbot):
    tab = _tab(qtbot)
    try:
        eta = tab.settings.learning_rate / 4
        tab.model.edit(replace(tab.settings, learning_rate=eta))
        assert tab.worker.has_job  # the rule went to the trainer with the run
        tab.step()
        qtbot.waitUntil(lambda: _trained_epochs(tab) == 1, timeout=60_000)
        assert tab.latest.training.learning_rate == eta
    finally:
        tab.shutdown()


def test_a_tab_closed_before_its_first_paint_starts_no_trainer(qtbot):
    from gui.first_paint import UNPAINTED_MS

    tab = _tab(qtbot)
    tab.show()
    tab.shutdown()
    qtbot.wait(UNPAINTED_MS + 500)  # past the paint, and past the wait for an unpainted tab
    assert not tab.worker.has_job and tab.worker.state == "idle"


def test_the_window_draws_its_networks_without_scipy():
    script = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.tabs.network import NetworkTab
tab = NetworkTab()
print(tab.has_first_picture, 'scipy.special' in sys.modules)
tab.resize(1280, 760)
tab.show()
from PySide6.QtCore import QDeadlineTimer, QEventLoop
deadline = QDeadlineTimer(60_000)
while not tab.ui.side_panels_built and not deadline.hasExpired():
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
tab.reset()
tab.model.apply_preset("notes")  # sigmoid units
print(tab.ui.side_panels_built, tab.latest is not None, 'scipy.special' in sys.modules)
tab.shutdown()
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=180, check=True).stdout.split()
    assert out[-5:] == ["True", "False", "True", "True", "False"]


def test_every_start_worked_out_on_the_gui_thread_needs_no_scipy():
    """A first snapshot small enough to be made on the GUI thread (starting.costly_start)
    takes each layer's sigmoid over the boundary grid in one call: the C library's route
    takes them all."""
    from engine.network.activations import LIBM_MAX_ELEMENTS
    from gui.tabs.network.build import GRID_RESOLUTION
    from gui.tabs.network.starting import costly_start

    data = xor()
    for width in range(1, 65):
        for layers in ((2, width, 1), (2, width, width, 1)):
            network = Network(layers, ("sigmoid",) * (len(layers) - 1), "cross_entropy")
            if not costly_start(network, data):
                assert width * GRID_RESOLUTION**2 <= LIBM_MAX_ELEMENTS, layers
