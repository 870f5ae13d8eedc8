"""Every plot exports as PNG (1× and 2×), SVG and a tidy CSV whose numbers are the
models' own; the same actions sit in each plot's context menu and in File → Export."""

import csv
from xml.etree import ElementTree

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFileDialog, QMenu

from gui.export import ExportDialog
from gui.export_plots import plot_at, save_data, save_png, save_svg


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    return header, rows


def column(header, rows, name, kind=float):
    index = header.index(name)
    return [kind(row[index]) if row[index] != "" else np.nan for row in rows]


def check_files(plot, tmp_path):
    """PNG at 1× and 2× (twice the pixels each way), a well-formed SVG, a CSV with rows."""
    slug = plot.name.replace(" ", "_")
    one, two = tmp_path / f"{slug}.png", tmp_path / f"{slug}@2x.png"
    save_png(plot.target, str(one), 1.0)
    save_png(plot.target, str(two), 2.0)
    with Image.open(one) as small, Image.open(two) as large:
        assert small.width > 100 and small.height > 50, plot.name
        assert abs(large.width - 2 * small.width) <= 2, plot.name
        assert abs(large.height - 2 * small.height) <= 2, plot.name
        # not a blank canvas: the plot drew something
        assert len(np.unique(np.asarray(large.convert("L")))) > 2, plot.name
    svg = tmp_path / f"{slug}.svg"
    save_svg(plot.target, str(svg))
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 5, plot.name
    data = tmp_path / f"{slug}.csv"
    save_data(plot, str(data))
    header, rows = read_csv(data)
    assert rows, plot.name
    return header, rows


def plots_by_name(tab):
    return {plot.name: plot for plot in tab.export_plots()}


def test_network_plots_export_and_their_csv_holds_the_models_numbers(network, tmp_path):
    plots = plots_by_name(network)
    assert set(plots) == {"decision boundary", "loss curve", "accuracy curve",
                          "gradient norms", "network diagram"}
    files = {name: check_files(plot, tmp_path) for name, plot in plots.items()}
    model = network.model
    epochs, train, test = model.history.losses(model.latest.training)
    header, rows = files["loss curve"]
    assert header == ["series", "epoch", "loss"]
    trained = [row for row in rows if row[0] == "train"]
    assert [float(r[1]) for r in trained] == list(epochs)
    assert [float(r[2]) for r in trained] == list(train)  # repr round-trips exactly
    tested = [float(r[2]) if r[2] else np.nan for r in rows if r[0] == "test"]
    if test is None:
        assert not tested
    else:
        np.testing.assert_array_equal(tested, test)
    trail_epochs, trails = model.history.trails()
    header, rows = files["accuracy curve"]
    assert header == ["series", "epoch", "accuracy"]
    trained = [row for row in rows if row[0] == "train"]
    assert [int(r[1]) for r in trained] == list(trail_epochs)
    assert [float(r[2]) for r in trained] == list(trails[:, 0])
    header, rows = files["gradient norms"]
    assert header == ["layer", "epoch", "gradient_norm"]
    layers = len(model.settings.layers) - 1
    assert sorted({int(r[0]) for r in rows}) == list(range(1, layers + 1))
    for m in range(1, layers + 1):
        assert [float(r[2]) for r in rows if int(r[0]) == m] == list(trails[:, 1 + m])
    header, rows = files["network diagram"]
    assert header == ["parameter", "layer", "i", "j", "value"]
    weights, biases = model.parameters()
    for row in rows:
        m, i = int(row[1]), int(row[2])
        want = weights[m - 1][i, int(row[3])] if row[0] == "W" else np.ravel(biases[m - 1])[i]
        assert float(row[4]) == float(want)
    assert len(rows) == sum(W.size + np.size(b) for W, b in zip(weights, biases, strict=True))


def test_descent_plots_export_trajectories_and_histories(descent, tmp_path):
    plots = plots_by_name(descent)
    assert set(plots) == {"contour plot", "f against step", "gradient norm against step"}
    files = {name: check_files(plot, tmp_path) for name, plot in plots.items()}
    snapshot = descent.model.run_snapshot
    header, rows = files["contour plot"]
    assert header == ["optimizer", "label", "start_x", "start_y", "step", "x", "y", "f",
                      "grad_norm"]
    assert len(rows) == sum(len(t.steps) for t in snapshot.trajectories)
    surface = descent.model.surface
    for t in snapshot.trajectories:
        mine = [r for r in rows if r[0] == t.optimizer and float(r[2]) == t.start[0]
                and float(r[3]) == t.start[1]]
        xy = np.array([[float(r[5]), float(r[6])] for r in mine])
        np.testing.assert_array_equal(xy, t.path)
        # f in the file is f at (x, y): an independent evaluation of the formula
        x, y = xy[:, 0], xy[:, 1]
        himmelblau = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
        assert surface.expression.text == "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
        np.testing.assert_allclose([float(r[7]) for r in mine], himmelblau, rtol=1e-12)
    for name, field, quantity in (("f against step", "values", "f"),
                                  ("gradient norm against step", "grad_norms", "grad_norm")):
        header, rows = files[name]
        assert header[-2:] == ["step", quantity]
        for t in snapshot.trajectories:
            mine = [r for r in rows if r[1] == t.label and float(r[2]) == t.start[0]
                    and float(r[3]) == t.start[1]]
            assert [int(r[4]) for r in mine] == list(t.steps)
            assert [float(r[5]) for r in mine] == list(getattr(t, field))


def test_the_derivative_curves_export_the_samples_drawn(derivatives, tmp_path):
    plots = plots_by_name(derivatives)
    header, rows = check_files(plots["derivative curves"], tmp_path)
    assert header == ["series", "x", "y"]
    model = derivatives.model
    from gui.tabs.derivatives.plot import CURVE_NAMES

    for name, values, shown in zip(CURVE_NAMES, model.curve_values, model.shown, strict=True):
        mine = [r for r in rows if r[0] == name]
        if not shown:
            assert not mine
            continue
        np.testing.assert_array_equal([float(r[1]) for r in mine], model.xs)
        np.testing.assert_array_equal([float(r[2]) if r[2] else np.nan for r in mine], values)
    # f = (x⁴ + 2) cos x, the tab's example, written out here
    f = [r for r in rows if r[0] == "f(x)"]
    xs = np.array([float(r[1]) for r in f])
    np.testing.assert_allclose([float(r[2]) for r in f], (xs**4 + 2) * np.cos(xs), rtol=1e-12)


def test_each_plot_has_its_exports_in_its_context_menu(network, descent, tmp_path, monkeypatch):
    for tab in (network, descent):
        for plot in tab.export_plots():
            view_box = getattr(plot.target, "getViewBox", None)
            if view_box is not None and plot.target.getViewBox().menuEnabled():
                menus = [a.menu() for a in plot.target.getViewBox().menu.actions() if a.menu()]
                assert f"Export {plot.name}" in [m.title() for m in menus]
                continue
            widget = plot.widget
            item = getattr(plot.target, "sceneBoundingRect", None)
            centre = (widget.mapFromScene(plot.target.sceneBoundingRect().center())
                      if item is not None else QPoint(widget.width() // 2, widget.height() // 2))
            assert plot_at(widget, centre).name == plot.name  # a fresh list each call
    # the diagram's menu writes the file it offers
    diagram = next(p for p in network.export_plots() if p.name == "network diagram")
    path = tmp_path / "diagram.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *_: shown.append(menu))
    diagram.widget.customContextMenuRequested.emit(QPoint(20, 20))
    (svg,) = [a for a in shown[0].actions() if a.text().startswith("SVG")]
    svg.trigger()
    assert path.stat().st_size > 500


@pytest.mark.parametrize("name", ["network", "descent"])
def test_file_export_lists_every_plot(request, qtbot, name):
    tab = request.getfixturevalue(name)
    dialog = ExportDialog(None, tab)
    qtbot.addWidget(dialog)
    labels = [label for label, _ in dialog.actions]
    for plot in tab.export_plots()[1:]:  # the first is the main plot, offered as before
        for kind in ("PNG image…", "PNG image at twice the size", "SVG drawing…",
                     "Data (one row per point) as CSV…"):
            assert any(label.startswith(f"{plot.name}: {kind}") for label in labels), (
                plot.name, kind)
