"""Reset's choice is explicit: the same starting weights, or a new start with the next seed."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.tabs.network import NetworkTab


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=5000)
    yield widget
    widget.shutdown()


def weights(tab):
    return [W[0].copy() for W in tab.latest.training.weights]


def test_reset_returns_to_the_same_start_and_new_start_takes_the_next_seed(qtbot, tab):
    transport = tab.ui.transport
    assert transport.reset_button.text() == "Reset to the same start"
    assert transport.new_start_button.isVisible() and transport.new_start_button.width() > 40
    seed, start = tab.settings.seed, weights(tab)
    for _ in range(3):
        tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch == 3, timeout=10_000)
    assert any((a != b).any() for a, b in zip(weights(tab), start, strict=True))
    qtbot.mouseClick(transport.reset_button, Qt.MouseButton.LeftButton)
    assert tab.latest.training.epoch == 0
    assert all((a == b).all() for a, b in zip(weights(tab), start, strict=True))
    assert tab.ui.controls.seed.value() == seed
    assert f"seed {seed}" in tab.status_text

    qtbot.mouseClick(transport.new_start_button, Qt.MouseButton.LeftButton)
    assert tab.settings.seed == seed + 1
    assert tab.ui.controls.seed.value() == seed + 1  # the seed box shows the seed in use
    fresh = weights(tab)
    assert any((a != b).any() for a, b in zip(fresh, start, strict=True))
    qtbot.mouseClick(transport.reset_button, Qt.MouseButton.LeftButton)  # that start again
    assert all(np.array_equal(a, b) for a, b in zip(weights(tab), fresh, strict=True))
