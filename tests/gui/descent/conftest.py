"""A Gradient descent tab shown at a real size."""

import pytest


@pytest.fixture
def tab(qtbot):
    from gui.tabs.descent import DescentTab  # here: the model's tests need no Qt

    widget = DescentTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 770)
    widget.show()
    yield widget
    widget.shutdown()
