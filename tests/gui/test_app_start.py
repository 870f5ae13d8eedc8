"""The window opens as ``gradient-lab`` opens it: SymPy's helper process is started only
once the first tab is ready (its first picture drawn), off the way to the first picture."""

import engine.symbolic.bounded as bounded
from gui.app import open_window


def test_the_sympy_helper_starts_after_the_first_tab_is_ready(qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    started = []
    window = open_window("derivatives", QSettings(str(tmp_path / "s.ini"),
                                                  QSettings.Format.IniFormat))  # fmt: skip
    qtbot.addWidget(window)
    page = window.pages[window.tabs.currentIndex()]
    monkeypatch.setattr(bounded, "warm_up", lambda: started.append(page.tab.has_first_picture))
    assert page.tab is None and not started  # nothing built, no helper yet
    window.show()
    qtbot.waitUntil(lambda: page.tab is not None, timeout=30_000)
    assert not started  # built: the picture paints first
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    assert started == [True]
    window.shutdown()
