"""The three tabs with plots, shown at a real size with their examples worked out."""

import pytest


@pytest.fixture
def network(qtbot):
    from gui.export_plots import install_export_menus
    from gui.tabs.network import NetworkTab

    tab = NetworkTab()
    qtbot.addWidget(tab)
    tab.resize(1360, 800)
    tab.show()
    install_export_menus(tab.export_plots())  # as the main window does for every tab
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    tab.play()
    qtbot.waitUntil(lambda: tab.model.epoch() >= 30 and len(tab.model.history.trails()[0]) > 2,
                    timeout=30_000)
    tab.pause()
    yield tab
    tab.shutdown()


@pytest.fixture
def descent(qtbot):
    from gui.export_plots import install_export_menus
    from gui.tabs.descent import DescentTab

    tab = DescentTab()
    qtbot.addWidget(tab)
    tab.resize(1360, 800)
    tab.show()
    install_export_menus(tab.export_plots())
    qtbot.waitUntil(lambda: tab.ready and tab.model.analysis.critical is not None,
                    timeout=30_000)
    tab.play_pause()
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and tab.model.run_snapshot.step >= 20, timeout=20_000)
    tab.play_pause()
    yield tab
    tab.shutdown()


@pytest.fixture
def derivatives(qtbot):
    from gui.export_plots import install_export_menus
    from gui.tabs.derivatives import DerivativesTab

    tab = DerivativesTab()
    qtbot.addWidget(tab)
    tab.resize(1360, 800)
    tab.show()
    install_export_menus(tab.export_plots())
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    yield tab
    tab.shutdown()
