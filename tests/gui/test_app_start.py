"""The window opens as ``gradient-lab`` opens it: SymPy's helper process is started only
once the first tab is built, off the way to the first paint."""

import engine.symbolic.bounded as bounded
from gui.app import open_window


def test_the_sympy_helper_starts_after_the_first_tab_is_built(qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    started = []
    monkeypatch.setattr(bounded, "warm_up", lambda: started.append(True))
    window = open_window("vectors", QSettings(str(tmp_path / "s.ini"),
                                              QSettings.Format.IniFormat))  # fmt: skip
    qtbot.addWidget(window)
    page = window.pages[window.tabs.currentIndex()]
    assert page.tab is None and not started  # nothing built, no helper yet
    window.show()
    qtbot.waitUntil(lambda: page.tab is not None, timeout=30_000)
    assert started == [True]
    window.shutdown()
