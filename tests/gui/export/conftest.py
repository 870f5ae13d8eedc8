"""The three tabs with plots, shown at a real size with their examples worked out.

Critical-point searches get a budget for the work, not the machine: a loaded machine
ran the default 1.5 s out and the exported tables came back short."""

import pytest


def shown(qtbot, tab):
    """``tab`` at a real size with the export menus the main window gives every tab."""
    from gui.export_plots import install_export_menus

    qtbot.addWidget(tab)
    tab.resize(1360, 800)
    tab.show()
    install_export_menus(tab.export_plots())
    return tab


@pytest.fixture
def network(qtbot):
    from gui.tabs.network import NetworkTab

    tab = shown(qtbot, NetworkTab())
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    tab.play()
    qtbot.waitUntil(lambda: tab.model.epoch() >= 30 and len(tab.model.history.trails()[0]) > 2,
                    timeout=30_000)
    tab.pause()
    yield tab
    tab.shutdown()


@pytest.fixture
def descent(qtbot, monkeypatch):
    from gui.tabs.descent import DescentTab, analysis

    monkeypatch.setattr(analysis, "CRITICAL_TIME_LIMIT", 60.0)
    tab = shown(qtbot, DescentTab())
    qtbot.waitUntil(lambda: tab.ready and tab.model.analysis.critical is not None,
                    timeout=60_000)
    tab.play_pause()
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and tab.model.run_snapshot.step >= 20, timeout=20_000)
    tab.play_pause()
    yield tab
    tab.shutdown()


@pytest.fixture
def derivatives(qtbot, monkeypatch):
    from gui.tabs.derivatives import DerivativesTab, jobs

    monkeypatch.setattr(jobs, "CRITICAL_TIME_LIMIT", 60.0)
    tab = shown(qtbot, DerivativesTab())
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    yield tab
    tab.shutdown()
