"""A screen reader can name every control and hears the news in the status bar."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QSpinBox, QWidget

from gui.accessibility import accessible_name_for, describe_controls
from gui.main_window import MainWindow, tab_keys
from tests.gui.test_controls_named import _controls


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    yield window
    window.close()


@pytest.mark.parametrize("key", tab_keys())
def test_every_control_has_an_accessible_name_and_description(window, key):
    tab = window.tab(key)
    window.tabs.setCurrentIndex(tab_keys().index(key))
    controls = list(_controls(tab))
    unnamed = [w.objectName() for w in controls if not w.accessibleName().strip()]
    undescribed = [w.objectName() for w in controls if not w.accessibleDescription().strip()]
    assert len(controls) >= 5
    assert unnamed == [] and undescribed == []


def test_the_status_bars_own_controls_are_named(window):
    controls = list(_controls(window.statusBar()))
    assert controls, "the status bar holds no control"
    assert [w.objectName() for w in controls if not w.accessibleName().strip()] == []


def test_a_name_comes_from_the_text_then_the_label_then_the_tooltip(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    button = QPushButton("&Play", box)
    spin = QSpinBox(box)
    spin.setToolTip("Learning rate η: how far each step goes. Larger is faster.")
    assert accessible_name_for(button) == "Play"
    assert accessible_name_for(spin, "Seed:") == "Seed:"
    assert accessible_name_for(spin) == "Learning rate η"
    assert describe_controls(box) == 2
    assert spin.accessibleDescription().startswith("Learning rate η")
    spin.setAccessibleName("rate")
    describe_controls(box)
    assert spin.accessibleName() == "rate"  # a view's own name is kept


def test_news_is_announced_progress_is_not(window, monkeypatch):
    announced = []
    monkeypatch.setattr("gui.main_window.announce", lambda label: announced.append(label.text()))
    window.show_status("epoch 1,000, loss 0.25")
    window.show_status("epoch 2,000, loss 0.125")
    window.show_status("diverged: the loss grew past 1e10; try α = 0.05")
    assert announced == ["epoch 1,000, loss 0.25",
                         "diverged: the loss grew past 1e10; try α = 0.05"]
