"""The Neural network tab at a laptop's size, training as fast as it can."""

import pytest


@pytest.fixture
def tab(qtbot):
    from gui.tabs.network import NetworkTab

    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    widget.ui.transport.speed.setCurrentIndex(0)  # as fast as possible
    yield widget
    widget.shutdown()
