"""The Neural network tab at a laptop's size, training as fast as it can; its model alone,
with a trainer the test drives by hand."""

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


@pytest.fixture
def model():
    from gui.tabs.network.model import NetworkModel
    from tests.gui.network.test_model import FakeTrainer, Recorder

    trainer = FakeTrainer()
    model = NetworkModel(trainer)
    trainer.model = model
    model.recorder = Recorder(model)
    assert model.rebuild(model.settings, "Ready")
    return model


@pytest.fixture
def shown_diagram(qtbot):
    """A network diagram of the given size, on screen: ``shown_diagram(width, height)``."""
    from gui.tabs.network.diagram import NetworkDiagram

    def show(width: int, height: int) -> NetworkDiagram:
        widget = NetworkDiagram()
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return show
