"""Export: plots as PNG/SVG/CSV, tables as CSV, arrays as JSON/NPZ."""

import csv
import json

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from gui.export import (
    ExportDialog,
    save_plot,
    save_plot_data,
    table_rows,
    write_arrays,
    write_csv,
)
from gui.tabs.base import LabTab


def test_csv_round_trip_keeps_full_precision(tmp_path):
    path = tmp_path / "loss.csv"
    write_csv(path, ["epoch", "loss"], [[1, 0.1 + 0.2], [2, np.float64(1 / 3)]])
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["epoch", "loss"]
    assert float(rows[1][1]) == 0.1 + 0.2
    assert float(rows[2][1]) == 1 / 3


def test_arrays_as_json_and_npz(tmp_path):
    W1 = np.arange(6.0).reshape(3, 2)
    write_arrays(tmp_path / "p.json", {"W1": W1})
    assert json.loads((tmp_path / "p.json").read_text())["W1"] == W1.tolist()
    write_arrays(tmp_path / "p.npz", {"W1": W1})
    assert np.array_equal(np.load(tmp_path / "p.npz")["W1"], W1)
    with pytest.raises(ValueError, match=r"\.json or \.npz"):
        write_arrays(tmp_path / "p.txt", {"W1": W1})


def test_plot_as_png_svg_and_csv(qtbot, tmp_path):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    xs = np.linspace(0, 1, 5)
    widget.plot(xs, xs**2)
    widget.resize(300, 200)
    save_plot(widget, tmp_path / "plot.png")
    save_plot(widget, tmp_path / "plot.svg")
    save_plot_data(widget, tmp_path / "plot.csv")
    assert (tmp_path / "plot.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "plot.svg").read_text()
    rows = list(csv.reader((tmp_path / "plot.csv").open()))
    assert [float(v) for v in rows[-1][2:]] == [1.0, 1.0]
    with pytest.raises(ValueError):
        save_plot(widget, tmp_path / "plot.gif")


def test_plot_data_is_tidy_with_named_series_and_round_trips(qtbot, tmp_path):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.addLegend()
    xs = np.linspace(-1, 1, 6)  # no 0: 1/x is finite at every sample
    widget.plot(xs, 1 / xs, name="f(x) = 1/x")
    widget.plot(xs, -(xs**2) + 0.1, name="f′")
    widget.addItem(pg.ScatterPlotItem([0.5], [1 / 3], name="critical points"))
    save_plot_data(widget, tmp_path / "plot.csv")
    header, *rows = list(csv.reader((tmp_path / "plot.csv").open(encoding="utf-8")))
    assert header == ["series", "kind", "x", "y"]
    by_series: dict[str, list[tuple[float, float]]] = {}
    for series, kind, x, y in rows:
        assert kind == ("points" if series == "critical points" else "curve")
        by_series.setdefault(series, []).append((float(x), float(y)))
    assert set(by_series) == {"f(x) = 1/x", "f′", "critical points"}
    np.testing.assert_array_equal([p[1] for p in by_series["f′"]], -(xs**2) + 0.1)
    np.testing.assert_array_equal([p[1] for p in by_series["f(x) = 1/x"]], 1 / xs)
    assert by_series["critical points"] == [(0.5, 1 / 3)]


def test_a_plot_exports_at_twice_its_size(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    from gui.export import save_plot_scaled

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.plot([0, 1], [0, 1])
    widget.resize(320, 200)
    widget.show()
    qtbot.waitExposed(widget)
    save_plot(widget, tmp_path / "1x.png")
    save_plot_scaled(widget, tmp_path / "2x.png", 2.0)
    normal, double = QImage(str(tmp_path / "1x.png")), QImage(str(tmp_path / "2x.png"))
    assert abs(double.width() - 2 * normal.width()) <= 2
    assert abs(double.height() - 2 * normal.height()) <= 2


class _TabWithTable(LabTab):
    def __init__(self):
        super().__init__()
        self.table = QTableWidget(2, 2, self)
        self.table.setObjectName("limit_table")
        self.table.setHorizontalHeaderLabels(["dx", "dy/dx"])
        for r, row in enumerate([["1", "2.5"], ["0.1", "2.05"]]):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))


def test_named_tables_are_offered_as_csv(qtbot):
    tab = _TabWithTable()
    qtbot.addWidget(tab)
    assert table_rows(tab.table) == (["dx", "dy/dx"], [["1", "2.5"], ["0.1", "2.05"]])
    assert tab.export_tables() == {"limit table": table_rows(tab.table)}
    dialog = ExportDialog(None, tab)
    qtbot.addWidget(dialog)
    labels = [label for label, _ in dialog.actions]
    assert labels == ["limit table as CSV…"]


def test_dialog_for_a_tab_with_nothing_says_so(qtbot):
    tab = LabTab()
    qtbot.addWidget(tab)
    dialog = ExportDialog(None, tab)
    qtbot.addWidget(dialog)
    assert "nothing to export" in dialog.actions[0][0]
