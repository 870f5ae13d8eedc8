"""The Many starts and Landscape panels sit behind side tabs: they are built after the
tab's first picture, one per turn of the event loop (or when asked for), and the
landscape gets the run and its path as if it had been there from the start."""

import numpy as np

from gui.tabs.network.history import theta_of


def _tab(qtbot):
    from gui.tabs.network import NetworkTab

    tab = NetworkTab()
    qtbot.addWidget(tab)
    return tab


def test_the_side_panels_follow_the_first_picture_with_the_run_and_its_path(qtbot):
    tab = _tab(qtbot)
    try:
        assert tab.has_first_picture and not tab.ui.side_panels_built
        tab.resize(1360, 860)
        tab.show()
        qtbot.waitUntil(lambda: tab.ui.side_panels_built, timeout=20_000)
        panel = tab.ui.landscape
        assert panel.template is not None and panel.dataset is tab.model.dataset
        t = tab.model.latest.training
        assert len(panel.model.path) == 1
        assert np.array_equal(panel.model.path[0], theta_of(t.weights, t.biases))
    finally:
        tab.shutdown()


def test_a_panel_asked_for_is_built_and_wired_at_once(qtbot):
    tab = _tab(qtbot)
    try:
        panel = tab.ui.many_starts  # as a lesson's many-starts step asks for it
        assert tab.ui.side_tabs.indexOf(panel) == 1 and panel.model is tab.model
        assert tab.ui.landscape.template is not None
        assert tab.ui.side_panels_built and tab.ui.side_tabs.indexOf(tab.ui.landscape) == 2
    finally:
        tab.shutdown()
