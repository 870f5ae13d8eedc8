"""Gradient descent tab as a person sees it: windows, formula panel, markers, keys, tables."""

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from engine.descent.optimizers import OPTIMIZERS
from gui.main_window import MainWindow
from tests.gui.screen import shows_text, stray_windows


def wait_field(qtbot, tab):
    qtbot.waitUntil(lambda: tab.model.analysis is not None and tab.model.analysis.field is not None,
                    timeout=30_000)  # SymPy loads after the first picture


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
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    for key, (name, rule) in panel.rules.items():
        chosen = key in ("gd", "adam")
        assert name.isVisible() == chosen and rule.isVisible() == chosen
        if chosen:
            assert OPTIMIZERS[key].name in name.text()
            assert shows_text(name) and shows_text(rule)
            assert name.window() is tab and name.y() < rule.y()  # the name heads its rule


def _on_first_picture(tab, check) -> list:
    """What ``check()`` says at the moment the first picture is drawn."""
    seen = []
    tab.model.connect("first_picture", lambda _first, _field: seen.append(check()))
    return seen


def test_the_first_picture_is_drawn_first_and_formulas_wait_for_the_analysis(qtbot):
    from gui.tabs.descent import DescentTab

    tab = DescentTab()
    qtbot.addWidget(tab)
    panel = tab.ui.formulas
    seen = _on_first_picture(tab, lambda: (
        tab.model.ready, tab.model.expression, tab.symbolic_loader.is_running,
        tab.ui.contour.image.image is not None, panel.busy, panel.queue.busy))
    tab.show()
    try:
        # drawn in the turn after the layout's first paint, from the NumPy route, before
        # there is a surface to analyse and before SymPy starts loading
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        ready, expression, loading, drawn, busy, queue_busy = seen[0]
        assert not ready and expression is None and not loading
        assert drawn and tab.has_first_picture
        # held, so matplotlib's import does not compete with the first picture
        assert busy and not queue_busy
        # the plot spans the domain the picture fills, not the starts alone
        x0, x1, y0, y1 = tab.model.first_picture[0].domain
        (vx0, vx1), (vy0, vy1) = tab.ui.contour.plot.getViewBox().viewRange()
        assert vx0 <= x0 < x1 <= vx1 and vy0 <= y0 < y1 <= vy1
        assert vx1 - vx0 < 1.5 * (x1 - x0) and vy1 - vy0 < 1.5 * (y1 - y0)
        first = tab.model.first_picture[1]
        wait_field(qtbot, tab)
        # the analysis's picture replaces it: the same f (the routes agree, engine tests)
        exact = tab.model.analysis.field
        assert np.array_equal(tab.ui.contour.image.image, exact.image)
        np.testing.assert_allclose(first.values, exact.values, rtol=1e-9, atol=1e-9)
        qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
        assert panel.function.latex == f"f(x, y) = {tab.model.expression.latex}"
        assert not panel.function.pixmap().isNull()
        assert all(not rule.pixmap().isNull() for _, rule in panel.rules.values())
    finally:
        tab.shutdown()


def test_closing_the_main_window_leaves_no_window_open(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, start_tab="descent")
    qtbot.addWidget(window)
    window.show()
    descent = window.tab("descent")
    qtbot.waitUntil(lambda: descent.model.analysis is not None, timeout=10_000)
    assert stray_windows(window) == []
    window.close()
    QApplication.processEvents()
    assert stray_windows() == []


def test_starts_and_current_points_have_their_own_markers_and_a_key(qtbot, tab):
    from gui.tabs.descent.contour_view import KIND_SYMBOLS

    wait_field(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None, timeout=10_000)
    paths = tab.ui.contour.paths
    assert len(paths.starts.data) == 2 and len(paths.ends.data) == 6  # 2 starts × 3 optimizers
    start_symbols, now_symbols = {paths.starts.opts["symbol"]}, {paths.ends.opts["symbol"]}
    assert not start_symbols & set(KIND_SYMBOLS.values())
    assert not now_symbols & set(KIND_SYMBOLS.values()) and not start_symbols & now_symbols
    key = tab.ui.contour.kinds.text()
    assert "start" in key and "now" in key


def test_the_first_runs_shown_take_two_lines_a_row(qtbot, tab):
    """The table's first fill (the paused opening runs) measures its rows once the columns
    fit their text: two lines a row, not a name broken over four."""
    qtbot.waitUntil(lambda: tab.ui.runs.rowCount() > 0, timeout=15_000)
    table = tab.ui.runs
    for row in range(table.rowCount()):
        assert table.rowHeight(row) <= 2 * table.fontMetrics().lineSpacing() + 12


def test_the_run_table_shows_where_each_run_is_and_its_alpha(qtbot, tab):
    wait_field(qtbot, tab)
    opts = tab.ui.optimizers
    opts.set_chosen(["gd", "momentum"])
    opts.selection_changed.emit()
    for key, alpha in (("gd", 0.002), ("momentum", 0.02)):
        opts.alpha_target.setCurrentIndex(opts.alpha_target.findData(key))
        opts.alpha.set_value(alpha)
    tab.clear_starts()
    tab.add_start(1.0, 1.0)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and tab.model.run_snapshot.finished
                    and len(tab.model.run_snapshot.trajectories) == 2, timeout=15_000)
    table = tab.ui.runs
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    where, alpha = headers.index("now at"), headers.index("α")
    for row, t in enumerate(tab.model.run_snapshot.trajectories):
        x, y = t.position
        assert table.item(row, where).text() == f"x = {x:.4g}\ny = {y:.4g}"
        assert float(table.item(row, alpha).text()) == {"gd": 0.002, "momentum": 0.02}[t.optimizer]
        name = table.item(row, 0)
        assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(
            name.text().split("\n")[0])  # the name is not cut off


def test_the_side_plots_have_a_key_to_the_dash_of_each_start(qtbot, tab):
    from gui.tabs.descent.side_plots import DASHES

    wait_field(qtbot, tab)
    tab.clear_starts()
    tab.add_start(1.0, 1.0)
    tab.add_start(-2.0, 2.0)
    key = tab.ui.side.key

    def entries():
        return [(sample.item.opts["pen"].style(), label.text) for sample, label in key.items]

    # the old race's snapshot may still be the newest for a frame or two: wait for the new
    qtbot.waitUntil(lambda: entries() == [(DASHES[0], "start (1, 1)"),
                                          (DASHES[1], "start (-2, 2)")], timeout=10_000)
    assert key.isVisible()


@pytest.mark.parametrize(("low", "high"), [(0.15, 9.0), (1e-15, 1e3), (2.0, 2.6), (0.2, 0.21)])
def test_log_axis_labels_never_overlap(qtbot, tab, low, high):
    import numpy as np
    from PySide6.QtGui import QImage, QPainter

    plot = tab.ui.side.values
    plot.set_curves([(np.arange(3), np.array([high, (low + high) / 2, low]), "#000000", 0)])
    plot.plot.setYRange(np.log10(low), np.log10(high), padding=0)
    axis = plot.plot.getAxis("left")

    def drawn():
        plot.widget.grab()  # a paint: the axis widens for its widest label on the next one
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            return axis.generateDrawSpecs(painter)[2]
        finally:
            painter.end()

    qtbot.waitUntil(lambda: len(drawn()) >= 2, timeout=3000)
    texts = drawn()
    rects = [rect for rect, _, _ in texts]
    assert len(rects) >= 2
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), [t for _, _, t in texts]


def test_the_basin_map_says_which_optimizer_and_lets_the_user_choose(qtbot, tab):
    wait_field(qtbot, tab)
    tab.ui.mode.grid.setValue(10)
    tab.ui.mode.set_mode("basins")
    panel = tab.ui.basins
    assert panel.optimizer.isVisible() and panel.chosen() == "gd"
    qtbot.waitUntil(lambda: tab.model.basin_snapshot is not None
                    and tab.model.basin_snapshot.finished,
                    timeout=30_000)
    assert "Gradient descent" in panel.report.text()
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adam"))
    qtbot.waitUntil(lambda: "Adam" in panel.report.text()
                    and tab.model.basin_snapshot.finished, timeout=30_000)
    tab.ui.optimizers.set_chosen(["momentum"])  # Adam no longer ticked: follow the ticks
    tab.ui.optimizers.selection_changed.emit()
    assert panel.chosen() == "momentum"


def test_a_state_asked_for_before_sympy_loads_is_the_opening_surfaces(qtbot):
    from gui.tabs.descent import DescentTab
    from gui.tabs.descent.model import default_expression

    tab = DescentTab()  # no event processed: only the first picture is there
    qtbot.addWidget(tab)
    try:
        assert tab.model.expression is None
        assert tab.state()["formula"] == default_expression().text  # read at once
        qtbot.waitUntil(lambda: tab.ready, timeout=60_000)  # its analysis, as any other's
        assert tab.model.expression.text == default_expression().text
    finally:
        tab.shutdown()


def test_a_session_saved_before_sympy_read_the_opening_surface_reopens(qtbot):
    """Saved in the first moments (the opening picture from the NumPy route, no formula
    read yet): the state holds the surface on screen, and another tab opens it."""
    from gui.tabs.descent import DescentTab

    first = DescentTab()
    qtbot.addWidget(first)
    assert first.model.expression is None  # nothing read yet: no event has run
    state = first.model.state()
    assert state["formula"] == "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
    assert [tuple(p) for p in state["starts"]] == [(-0.5, 0.5), (0.5, -4.0)]
    second = DescentTab()
    qtbot.addWidget(second)
    second.model.set_state(state)
    assert second.model.settings.formula == state["formula"]
    assert second.model.starts == [(-0.5, 0.5), (0.5, -4.0)]
    for tab in (first, second):
        tab.shutdown()


def test_runs_not_finished_read_paused_until_play_and_running_while_playing(qtbot, tab):
    """The runs table and status bar say what the race is doing: the opening runs wait for
    Play ("paused", not "running"), run while it plays, and say paused again on Pause."""
    from gui.tabs.descent.tables import STATUS_COLUMN

    qtbot.waitUntil(lambda: tab.ui.runs.rowCount() > 0, timeout=15_000)
    table = tab.ui.runs

    def words():
        return {table.item(r, STATUS_COLUMN).text() for r in range(table.rowCount())}

    assert tab.model.run_worker.state != "running"
    assert words() == {"paused"} and "paused" in tab.status_text
    tab.ui.optimizers.max_steps.setValue(10**6)  # long enough to be caught running
    tab.model.play_pause()
    qtbot.waitUntil(lambda: "running" in words(), timeout=15_000)
    tab.model.play_pause()
    qtbot.waitUntil(lambda: "running" not in words() and "running" not in tab.status_text,
                    timeout=15_000)


def test_each_runs_status_stays_in_view_in_a_laptop_sized_window(qtbot, tab):
    """At 1280 px the runs panel is narrow: the numbers may scroll, the status may not."""
    from gui.tabs.descent.tables import STATUS_COLUMN

    wait_field(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None, timeout=15_000)
    tab.play_pause()
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and tab.model.run_snapshot.finished, timeout=60_000)  # fmt: skip
    table = tab.ui.runs
    QApplication.processEvents()
    assert {table.item(r, STATUS_COLUMN).text() for r in range(table.rowCount())} == {"converged"}
    right = table.columnViewportPosition(STATUS_COLUMN) + table.columnWidth(STATUS_COLUMN)
    assert table.horizontalScrollBar().value() == 0
    assert right <= table.viewport().width()
    assert table.columnWidth(STATUS_COLUMN) >= table.fontMetrics().horizontalAdvance("converged")
