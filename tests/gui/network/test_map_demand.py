"""Hidden units' maps are made while the diagram is on screen, and only then (issue 16)."""

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from gui.tabs.network import NetworkTab


@pytest.fixture
def tabs(qtbot):
    widget = QTabWidget()
    qtbot.addWidget(widget)
    network = NetworkTab()
    widget.addTab(network, "network")
    widget.addTab(QWidget(), "other")
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: network.latest is not None, timeout=5000)
    yield widget, network
    network.shutdown()


def _maps(network):
    return network.latest.training.hidden_grids


def test_maps_follow_the_diagram_on_and_off_screen_even_while_paused(qtbot, tabs):
    widget, network = tabs
    # on screen: the snapshots carry a map per hidden layer, and the diagram draws them
    qtbot.waitUntil(lambda: _maps(network) is not None, timeout=10000)
    assert len(_maps(network)) == len(network.settings.layers) - 2
    qtbot.waitUntil(lambda: network.ui.diagram.data.maps[0] is not None, timeout=10000)
    widget.setCurrentIndex(1)  # another tab: the diagram is hidden
    assert not network.ui.diagram.isVisible()
    qtbot.waitUntil(lambda: _maps(network) is None, timeout=10000)
    widget.setCurrentIndex(0)
    qtbot.waitUntil(lambda: _maps(network) is not None, timeout=10000)
    assert network.worker.state in ("paused", "idle")  # nobody pressed Play


def test_a_new_run_started_off_screen_makes_no_maps(qtbot, tabs):
    widget, network = tabs
    widget.setCurrentIndex(1)
    network.reset()
    epoch_before = network.model.epoch()
    pictures = []
    network.worker.snapshot.connect(lambda s: pictures.append(s) if s.picture else None)
    network.play()
    qtbot.waitUntil(lambda: network.model.epoch() > epoch_before + 5, timeout=20000)
    network.pause()
    qtbot.waitUntil(lambda: network.worker.state == "paused" and network.latest.picture,
                    timeout=10000)
    assert pictures and all(s.training.hidden_grids is None for s in pictures)
    assert network.latest.training.grid is not None  # the boundary's own grid stays

