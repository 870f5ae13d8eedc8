"""The curves are built in the turn after the tab's first picture: they get the room they
would have had, the run so far, the theme and their export menu."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from gui import theme
from gui.appearance import appearance


def _tab(qtbot):
    from gui.tabs.network import NetworkTab

    tab = NetworkTab()
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    return tab


def test_the_curves_come_after_the_picture_with_the_room_they_had_built_at_once(qtbot):
    late, early = _tab(qtbot), _tab(qtbot)
    try:
        assert late.has_first_picture and not late.ui.curves_built
        early.ui.build_curves()  # as a test or a lesson asking for them does
        for tab in (late, early):
            tab.show()
        qtbot.waitUntil(lambda: late.ui.curves_built, timeout=20_000)
        qtbot.waitUntil(lambda: late.ui.curves.height() == early.ui.curves.height(),
                        timeout=5_000)
        assert late.ui.curves.size() == early.ui.curves.size()
        assert late.ui.curves.height() > 3 * late.ui.table.height()
        assert late.ui.curves.isVisible() and late.ui.side_tabs.currentIndex() == 0
    finally:
        late.shutdown()
        early.shutdown()


def test_late_curves_draw_the_run_so_far(qtbot):
    trained = _tab(qtbot)
    restored = None
    try:
        trained.ui.transport.speed.setCurrentIndex(0)
        trained.step()
        for _ in range(29):
            qtbot.waitUntil(lambda: not trained.worker.is_running, timeout=20_000)
            trained.step()
        qtbot.waitUntil(lambda: trained.latest.training.epoch == 30, timeout=60_000)
        state = trained.state()
        restored = _tab(qtbot)
        restored.set_state(state)  # before the restored tab's first paint
        assert not restored.ui.curves_built
        restored.show()
        qtbot.waitUntil(lambda: restored.ui.curves_built, timeout=20_000)
        epochs, train, _ = restored.model.history.losses(restored.latest.training)
        assert len(epochs) == 30
        curve = restored.ui.curves.train_loss
        np.testing.assert_array_equal(curve.xData, epochs)
        np.testing.assert_array_equal(curve.yData, train)  # as given (drawn as log₁₀)
        x, _ = restored.ui.curves.train_accuracy.getData()
        assert len(x) == len(restored.model.history.trails()[0]) > 0
    finally:
        trained.shutdown()
        if restored is not None:
            restored.shutdown()


def test_late_curves_follow_a_dark_theme_and_offer_their_exports(qtbot, tmp_path):
    from gui.main_window import MainWindow

    appearance().set_mode("dark")
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        start_tab="network")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.tab("network") is not None
                        and window.tab("network").ui.curves_built, timeout=30_000)
        curves = window.tab("network").ui.curves
        qtbot.waitUntil(lambda: bool(getattr(curves, "_export_plots", None)), timeout=5_000)
        assert {p.name for p in curves._export_plots} == {
            "loss curve", "accuracy curve", "gradient norms"}
        assert QColor(curves.grab().toImage().pixel(2, 2)).lightnessF() < 0.2
        for axis in (i for i in curves.scene().items() if isinstance(i, pg.AxisItem)):
            assert axis.textPen().color() == QColor(theme.scheme().foreground)
    finally:
        appearance().set_mode("light")
        window.shutdown()
        window.close()
