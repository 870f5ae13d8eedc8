"""A Derivatives tab shown at a real size, as a student first sees it."""

import pytest


@pytest.fixture
def fresh_tab(qtbot):
    """A tab built and shown with nothing else done to it (fresh settings, no demo call)."""
    from gui.tabs.derivatives import DerivativesTab  # here: the model's tests need no Qt

    widget = DerivativesTab()
    qtbot.addWidget(widget)
    widget.resize(1360, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


@pytest.fixture
def tab(qtbot, fresh_tab):
    """The fresh tab once its example is fully worked out (derivatives, critical points)."""
    qtbot.waitUntil(fresh_tab.is_steady, timeout=20_000)
    return fresh_tab
