"""The main window as a user first meets it: fresh settings of its own, shown."""

import pytest


@pytest.fixture
def window(qtbot, tmp_path):
    """A MainWindow with settings in ``tmp_path``, shown and exposed; shut down after."""
    from PySide6.QtCore import QSettings  # here: the Qt-free model tests import nothing of Qt

    from gui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()
