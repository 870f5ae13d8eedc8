"""A main window on a fresh settings directory, at a laptop's size, watched by the guard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gui.main_window import MainWindow
from tests.gui.screen.checks import visible_top_levels

WINDOW_SIZE = (1400, 900)


@pytest.fixture
def window(qtbot, fresh_settings, hang_watchdog, event_loop_guard, no_modal_dialogs):
    """The main window, shown, on a first start."""
    w = MainWindow(settings=fresh_settings)
    qtbot.addWidget(w)
    w.resize(*WINDOW_SIZE)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.close()
    for stray in visible_top_levels():  # the test has judged them: spare the next test
        stray.close()


@pytest.fixture
def shots(request) -> Path | None:
    """Where the tour saves a screenshot per step (GRADIENT_LAB_SCREENSHOTS), if anywhere."""
    folder = os.environ.get("GRADIENT_LAB_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder) / request.node.name.replace("/", "_")
    path.mkdir(parents=True, exist_ok=True)
    return path
