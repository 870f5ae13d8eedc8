"""Rewind in the window: a run rewound to a recorded epoch replays to the same weights and curve."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.tabs.network import NetworkTab
from gui.tabs.network.history import Trail


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=5000)
    yield widget
    widget.shutdown()


def finished_at(tab, epoch):
    t = tab.latest.training
    return t.epoch == epoch and tab.worker.state == "finished"


def test_rewind_to_a_recorded_epoch_replays_bit_for_bit(qtbot, tab):
    tab.ui.transport.speed.setCurrentIndex(0)  # as fast as possible
    tab.ui.controls.max_epochs.setValue(300)
    qtbot.waitUntil(lambda: tab.settings.max_epochs == 300, timeout=2000)
    tab.play()
    qtbot.waitUntil(lambda: finished_at(tab, 300), timeout=60_000)
    t = tab.latest.training
    weights, losses = [W.copy() for W in t.weights], t.loss_history.copy()
    combo = tab.ui.rewind.choice
    assert [combo.itemData(i) for i in range(combo.count())] == [
        256, 128, 64, 32, 16, 8, 4, 2, 1, 0]
    assert tab.ui.rewind.isVisible() and tab.ui.rewind.button.width() > 30
    # replayed at 100 epochs/s: frames (every 33 ms) surely show an epoch before 300;
    # as fast as possible the whole replay could fit between two frames
    tab.ui.transport.speed.setCurrentIndex(tab.ui.transport.speed.findData(100.0))
    seen = []
    tab.model.connect("snapshot", lambda s: seen.append(s.training.epoch))
    combo.setCurrentIndex(combo.findData(64))
    qtbot.mouseClick(tab.ui.rewind.button, Qt.MouseButton.LeftButton)
    assert "Rewound to epoch 64" in tab.status_text
    qtbot.waitUntil(lambda: any(e < 300 for e in seen) and finished_at(tab, 300),
                    timeout=60_000)
    t = tab.latest.training
    assert all(np.array_equal(a, b) for a, b in zip(t.weights, weights, strict=True))
    assert np.array_equal(t.loss_history, losses)  # the same curve, not approximately
    epochs, _ = tab.model.history.trails()
    assert np.all(np.diff(epochs) > 0)  # the accuracy trail was cut back, then grew again


def test_an_epoch_not_recorded_is_refused_in_words(qtbot, tab):
    assert tab.model.recorded_epochs() == [0]
    assert not tab.model.rewind(5)
    assert "Epoch 5 was not recorded: rewind to one of 0" in tab.status_text


def test_trail_cut_forgets_the_later_points():
    trail = Trail(8)
    for epoch in (1, 2, 4, 8, 16):
        trail.add(epoch, np.array([float(epoch)]))
    trail.cut(4)
    epochs, values = trail.arrays()
    assert epochs.tolist() == [1, 2, 4] and values[:, 0].tolist() == [1, 2, 4]
    trail.add(5, np.array([5.0]))  # a replay records again from there
    assert trail.arrays()[0].tolist() == [1, 2, 4, 5]
