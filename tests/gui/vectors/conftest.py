"""A Vectors tab shown at a real size."""

import pytest


@pytest.fixture
def tab(qtbot):
    from gui.tabs.vectors import VectorsTab  # here: the model's tests need no Qt

    widget = VectorsTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
