"""The frame: tabs in order, menus, remembered state, clean close mid-run."""

import time

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction

from engine.descent.demo import Descent1D
from gui.main_window import MainWindow, fits_first_size
from gui.tabs.base import LabTab
from gui.worker import Worker, live_threads


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    yield w
    w.shutdown()


def test_four_tabs_in_order(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Vectors", "Derivatives", "Gradient descent", "Neural network"]
    assert window.tabs.objectName() == "tabs"


def test_every_tab_says_what_it_holds(window):
    for key in ("vectors", "derivatives", "descent", "network"):
        tab = window.tab(key)
        assert isinstance(tab, LabTab)
        assert tab.findChildren(object), f"{key} tab is blank"


def test_menus_hold_the_promised_actions(window):
    names = {a.objectName() for a in window.findChildren(QAction)}
    for name in ("open_action", "save_action", "export_action", "quit_action",
                 "about_action", "errata_action", "play_action", "step_action", "reset_action"):
        assert name in names
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[0] == "File" and "Help" in menus


def test_geometry_and_last_tab_are_remembered(qtbot, settings):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.resize(701, 502)
    first.tabs.setCurrentIndex(2)
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2
    assert (second.width(), second.height()) == (701, 502)
    second.close()


def test_start_tab_overrides_the_remembered_one(qtbot, settings):
    w = MainWindow(settings=settings, start_tab="network")
    qtbot.addWidget(w)
    assert w.tabs.tabText(w.tabs.currentIndex()) == "Neural network"
    w.close()


class _RunningTab(LabTab):
    def __init__(self):
        super().__init__()
        self.worker = Worker(self)

    def shutdown(self):
        self.worker.shutdown()


def test_closing_mid_run_is_fast_and_leaves_no_thread(qtbot, window):
    tab = _RunningTab()
    window.pages[0].tab = tab
    tab.worker.start(Descent1D(alpha=1e-9, max_steps=10**12))
    qtbot.waitUntil(lambda: tab.worker.is_running, timeout=1000)
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 1.0
    assert live_threads() == []


def test_help_errata_and_about_open(qtbot, window):
    from PySide6.QtWidgets import QTextBrowser

    from gui import dialogs

    texts = {}
    for show in (dialogs.show_help, dialogs.show_errata, dialogs.show_about):
        dialog = show(window)
        assert dialog.isVisible()
        texts[dialog.objectName()] = dialog.findChild(QTextBrowser).toPlainText()
        dialog.close()
    assert "1/(1 + e−z)" in texts["errata_dialog"]
    assert "rt − s²" in texts["errata_dialog"]
    assert "Space" in texts["help_dialog"]
    assert "scikit-learn" in texts["about_dialog"]


def test_keyboard_shortcuts(window):
    keys = {a.objectName(): a.shortcut().toString() for a in window.findChildren(QAction)}
    expected = {"play_action": "Space", "step_action": "S", "reset_action": "R",
                "save_action": "Ctrl+S", "open_action": "Ctrl+O", "export_action": "Ctrl+E",
                "help_action": "F1", "goto_vectors_action": "Ctrl+1",
                "goto_network_action": "Ctrl+4"}
    assert {name: keys[name] for name in expected} == expected


def test_ctrl_number_switches_tabs(qtbot, window):
    window.findChild(QAction, "goto_descent_action").trigger()
    assert window.tabs.currentIndex() == 2


def test_command_line_opens_a_session(tmp_path):
    from gui.app import parse_args

    args = parse_args(["lesson.json", "--tab", "network"])
    assert (args.session, args.tab) == ("lesson.json", "network")


@pytest.mark.parametrize(("available", "fits"), [
    ((1600, 960), True), ((1360, 860), True),  # room for 1360 × 860
    ((1280, 770), False), ((1366, 738), False), ((1440, 860), True),  # laptops: maximised
    ((800, 600), True),  # the offscreen platform's virtual screen: no real screen
])
def test_a_first_window_is_maximised_on_a_screen_smaller_than_it(available, fits):
    assert fits_first_size(QSize(*available)) is fits
