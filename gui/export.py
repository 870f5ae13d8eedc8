"""File → Export: the current tab's plot, tables and arrays, in common formats.

A tab offers what it has through hooks of :class:`gui.tabs.base.LabTab`:
``export_target()`` (a pyqtgraph plot: PNG, SVG, clipboard), ``export_plots()``
(every other plot: see :mod:`gui.export_plots`), ``export_tables()`` (name →
header and rows: CSV), ``export_arrays()`` (name → named NumPy arrays: JSON or
NPZ) and ``export_scripts()``.  The dialog lists exactly what the tab offers.
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

Table = tuple[Sequence[str], Sequence[Sequence[Any]]]


def write_csv(path: str | os.PathLike[str], header: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> None:
    """One header line, then one line per row; numbers at full precision."""
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """``text`` to ``path`` as UTF-8 (a script, say)."""
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def _cell(value: Any) -> Any:
    return repr(float(value)) if isinstance(value, float | np.floating) else value


def write_arrays(path: str | os.PathLike[str], arrays: Mapping[str, Any]) -> None:
    """Named arrays as ``.npz`` (NumPy) or ``.json`` (nested lists), by suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".npz":
        np.savez(path, **{name: np.asarray(value) for name, value in arrays.items()})
    elif suffix == ".json":
        document = {name: np.asarray(value).tolist() for name, value in arrays.items()}
        Path(path).write_text(json.dumps(document, indent=1), encoding="utf-8")
    else:
        raise ValueError("choose a file name ending in .json or .npz")


def save_plot(target: Any, path: str | os.PathLike[str]) -> None:
    """Write a pyqtgraph plot (item or widget) to ``path`` (.png or .svg)."""
    import pyqtgraph.exporters as exporters

    item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        _save_svg(item, str(path))
    elif suffix == ".png":
        exporters.ImageExporter(item).export(str(path))
    else:
        raise ValueError("choose a file name ending in .png or .svg")


def _save_svg(item: Any, path: str) -> None:
    # pyqtgraph's SVGExporter cannot parse the paths Qt 6.11 writes (pyqtgraph
    # issue 3485), so the scene is painted straight into Qt's SVG generator.
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    source = item.sceneBoundingRect()
    target = QRectF(0, 0, source.width(), source.height())
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(target.size().toSize())
    generator.setViewBox(target)
    generator.setTitle("Gradient Lab plot")
    painter = QPainter(generator)
    try:
        item.scene().render(painter, target, source)
    finally:
        painter.end()
    if not Path(path).is_file():
        raise OSError(f"could not write {path}")


def plot_rows(target: Any) -> Table:
    """The plotted points as a tidy table: one row per point, named columns.

    ``series`` is the curve's legend name (or "series N"), ``kind`` "curve" or
    "points"; x and y are the numbers as plotted, at full precision.  Gaps
    (NaN, where a curve breaks) are kept as empty cells.
    """
    item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
    rows: list[list[Any]] = []
    for index, data_item in enumerate(item.listDataItems(), start=1):
        if not data_item.isVisible():
            continue
        name = data_item.name() if hasattr(data_item, "name") else None
        kind = "points" if type(data_item).__name__ == "ScatterPlotItem" else "curve"
        x, y = data_item.getData()
        if x is None or y is None:
            continue
        series = name or f"series {index}"
        rows.extend([series, kind, _number(a), _number(b)] for a, b in zip(x, y, strict=False))
    return ["series", "kind", "x", "y"], rows


def _number(value: Any) -> Any:
    value = float(value)
    return "" if math.isnan(value) else value


def save_plot_data(target: Any, path: str | os.PathLike[str]) -> None:
    """Write the plotted points as a tidy CSV (see :func:`plot_rows`)."""
    write_csv(path, *plot_rows(target))


def save_plot_scaled(target: Any, path: str | os.PathLike[str], scale: float) -> None:
    """A PNG of the plot with ``scale`` times its pixels (2: for slides and print)."""
    import pyqtgraph.exporters as exporters

    item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
    exporter = exporters.ImageExporter(item)
    width = round(item.sceneBoundingRect().width() * scale)
    exporter.parameters()["width"] = max(1, width)
    exporter.export(str(path))


def table_rows(table: QTableWidget) -> Table:
    """A table widget's header and cell texts, as shown."""
    header = [
        (table.horizontalHeaderItem(c).text() if table.horizontalHeaderItem(c) else f"{c + 1}")
        for c in range(table.columnCount())
    ]
    rows = [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    return header, rows


def copy_plot(target: Any) -> None:
    """Put the plot on the clipboard as an image."""
    import pyqtgraph.exporters as exporters

    item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
    image = exporters.ImageExporter(item).export(toBytes=True)
    QApplication.clipboard().setImage(image)


class ExportDialog(QDialog):
    """Lists the current tab's exports; double-click or press Export to save one."""

    def __init__(self, parent: QWidget, tab: Any) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self.resize(460, 360)
        self.items = QListWidget()
        self.items.setObjectName("export_list")
        self.items.setToolTip("What this tab can export; double-click one to save it")
        self.actions: list[tuple[str, Callable[[], None]]] = []
        self._offer(tab)
        button = QPushButton("Export…")
        button.setObjectName("export_button")
        button.setToolTip("Save the selected item")
        button.clicked.connect(self.run_selected)
        self.items.itemDoubleClicked.connect(self.run_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"From the {getattr(tab, 'title', '') or 'current'} tab:"))
        layout.addWidget(self.items, 1)
        layout.addWidget(button)

    def _offer(self, tab: Any) -> None:
        target = tab.export_target()
        if target is not None:
            self._add("Plot as PNG image…", lambda: self._save(
                "PNG image (*.png)", "plot.png", lambda path: save_plot(target, path)))
            self._add("Plot as SVG drawing…", lambda: self._save(
                "SVG drawing (*.svg)", "plot.svg", lambda path: save_plot(target, path)))
            self._add("Plot as PNG image at twice the size (slides, print)…", lambda: self._save(
                "PNG image (*.png)", "plot@2x.png",
                lambda path: save_plot_scaled(target, path, 2.0)))
            self._add("Plot data (one row per point) as CSV…", lambda: self._save(
                "CSV table (*.csv)", "plot-data.csv", lambda path: save_plot_data(target, path)))
            self._add("Copy plot to the clipboard", lambda: copy_plot(target))
        self._offer_plots(tab, target)
        for name, (header, rows) in tab.export_tables().items():
            self._add(f"{name} as CSV…", lambda h=header, r=rows, n=name: self._save(
                "CSV table (*.csv)", f"{_slug(n)}.csv", lambda path: write_csv(path, h, r)))
        for name, arrays in tab.export_arrays().items():
            for kind in ("JSON", "NPZ"):
                self._add(f"{name} as {kind}…", lambda a=arrays, n=name, k=kind: self._save(
                    f"{k} file (*.{k.lower()})", f"{_slug(n)}.{k.lower()}",
                    lambda path: write_arrays(path, a)))
        for name, make in tab.export_scripts().items():
            self._add(f"{name}…", lambda m=make, n=name: self._save(
                "Python script (*.py)", f"{_slug(n)}.py", lambda path: write_text(path, m())))
        if not self.actions:
            self._add("This tab has nothing to export yet", lambda: None)

    def _offer_plots(self, tab: Any, main: Any) -> None:
        """Every other plot of the tab (side plots, curves, the diagram): PNG, 2× PNG,
        SVG and tidy CSV, as in its context menu."""
        from gui.export_plots import actions

        shown = _plot_item(main) if main is not None else None
        for plot in tab.export_plots():
            if shown is not None and _plot_item(plot.target) is shown:
                continue  # the main plot, offered above
            for label, file_filter, default, write in actions(plot):
                self._add(f"{plot.name}: {label}", lambda f=file_filter, d=default, w=write:
                          self._save(f, d, w))

    def _add(self, label: str, action: Callable[[], None]) -> None:
        QListWidgetItem(label, self.items)
        self.actions.append((label, action))

    def run_selected(self) -> None:
        row = self.items.currentRow()
        if 0 <= row < len(self.actions):
            self.actions[row][1]()

    def _save(self, file_filter: str, default: str, write: Callable[[str], None]) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export", default, file_filter)
        if not path:
            return
        try:
            write(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Export", f"Could not export:\n{exc}")
            return
        self.accept()


def _plot_item(target: Any) -> Any:
    return target.getPlotItem() if hasattr(target, "getPlotItem") else target


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_") or "export"
