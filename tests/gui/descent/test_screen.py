"""Gradient descent tab as a person sees it: windows, formula panel, markers, keys, tables."""

import pytest
from PySide6.QtWidgets import QApplication

from engine.descent.optimizers import OPTIMIZERS
from gui.main_window import MainWindow
from gui.tabs.descent import DescentTab
from tests.gui.screen import shows_text, stray_windows


@pytest.fixture
def tab(qtbot):
    widget = DescentTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 770)
    widget.show()
    yield widget
    widget.shutdown()


def wait_field(qtbot, tab):
    qtbot.waitUntil(lambda: tab.analysis is not None and tab.analysis.field is not None,
                    timeout=10_000)


def test_no_stray_window_after_building_the_tab_and_ticking_every_optimizer(qtbot, tab):
    assert stray_windows(tab) == []
    tab.ui.optimizers.set_chosen(list(OPTIMIZERS))
    tab.ui.optimizers.selection_changed.emit()
    QApplication.processEvents()
    assert stray_windows(tab) == []


def test_the_formula_panel_names_each_chosen_optimizer_above_its_rule(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.optimizers.set_chosen(["gd", "adam"])
    tab.ui.optimizers.selection_changed.emit()
    tab.ui.tables.setCurrentWidget(tab.ui.formulas)
    panel = tab.ui.formulas
    qtbot.waitUntil(lambda: not panel.queue.busy, timeout=20_000)
    for key, (name, rule) in panel.rules.items():
        chosen = key in ("gd", "adam")
        assert name.isVisible() == chosen and rule.isVisible() == chosen
        if chosen:
            assert OPTIMIZERS[key].name in name.text()
            assert shows_text(name) and shows_text(rule)
            assert name.window() is tab and name.y() < rule.y()  # the name heads its rule


def test_closing_the_main_window_leaves_no_window_open(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, start_tab="descent")
    qtbot.addWidget(window)
    window.show()
    descent = window.tab("descent")
    qtbot.waitUntil(lambda: descent.analysis is not None, timeout=10_000)
    assert stray_windows(window) == []
    window.close()
    QApplication.processEvents()
    assert stray_windows() == []
