"""Every plot of a tab exports: PNG at a chosen scale, SVG, and its data as a tidy CSV.

A tab lists its plots with :meth:`gui.tabs.base.LabTab.export_plots` as
:class:`PlotExport` entries: a name, what to draw (a pyqtgraph plot, or any
widget that paints itself, like the network diagram) and, where the generic
reading of the plotted points is not the clearest table, its own tidy rows
(one row per point, named columns).  The same actions appear in File → Export
and in each plot's context menu (:func:`install_export_menus`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from gui.export import Table, _save_svg, _slug, plot_rows, save_plot_scaled, write_csv

SCALES = (1.0, 2.0)


@dataclass(frozen=True)
class PlotExport:
    """One plot a tab can export; ``rows()`` its tidy data (None: the plotted points)."""

    name: str
    target: Any  # a pyqtgraph PlotItem / PlotWidget, or a QWidget that paints itself
    rows: Callable[[], Table] | None = None

    @property
    def widget(self) -> QWidget:
        """The widget a person right-clicks."""
        target = self.target
        if isinstance(target, QWidget):
            return target
        return target.scene().views()[0]

    def table(self) -> Table:
        return self.rows() if self.rows is not None else plot_rows(self.target)


def _is_pyqtgraph(target: Any) -> bool:
    return hasattr(target, "getPlotItem") or hasattr(target, "listDataItems")


def save_png(target: Any, path: str, scale: float = 1.0) -> None:
    """``target`` as a PNG of ``scale`` times its on-screen pixels."""
    if _is_pyqtgraph(target):
        save_plot_scaled(target, path, scale)
        return
    width, height = round(target.width() * scale), round(target.height() * scale)
    image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)  # the widget paints in its own units, drawn finer
    image.fill(target.palette().window().color())
    painter = QPainter(image)
    try:
        target.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def save_svg(target: Any, path: str) -> None:
    """``target`` as an SVG drawing (Qt's SVG generator)."""
    if _is_pyqtgraph(target):
        item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
        _save_svg(item, str(path))
        return
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(target.size())
    generator.setViewBox(QRectF(0, 0, target.width(), target.height()))
    generator.setTitle("Gradient Lab plot")
    painter = QPainter(generator)
    try:
        target.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    if not Path(path).is_file():
        raise OSError(f"could not write {path}")


def save_data(plot: PlotExport, path: str) -> None:
    write_csv(path, *plot.table())


def actions(plot: PlotExport) -> list[tuple[str, str, str, Callable[[str], None]]]:
    """(label, file filter, default name, writer) for each way ``plot`` exports."""
    slug = _slug(plot.name)
    return [
        ("PNG image…", "PNG image (*.png)", f"{slug}.png",
         lambda path: save_png(plot.target, path, 1.0)),
        ("PNG image at twice the size (slides, print)…", "PNG image (*.png)",
         f"{slug}@2x.png", lambda path: save_png(plot.target, path, 2.0)),
        ("SVG drawing…", "SVG drawing (*.svg)", f"{slug}.svg",
         lambda path: save_svg(plot.target, path)),
        ("Data (one row per point) as CSV…", "CSV table (*.csv)", f"{slug}.csv",
         lambda path: save_data(plot, path)),
    ]


def save_with_dialog(parent: QWidget | None, file_filter: str, default: str,
                     write: Callable[[str], None]) -> bool:
    """Ask for a file name, write it; a failure is a message, never a traceback."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export", default, file_filter)
    if not path:
        return False
    try:
        write(path)
    except (OSError, ValueError) as exc:
        QMessageBox.warning(parent, "Export", f"Could not export:\n{exc}")
        return False
    return True


def export_menu(plot: PlotExport, parent: QWidget | None = None) -> QMenu:
    """A menu "Export <name>" with every action of ``plot``."""
    menu = QMenu(f"Export {plot.name}", parent)
    menu.setObjectName(f"export_menu_{_slug(plot.name)}")
    for label, file_filter, default, write in actions(plot):
        action = menu.addAction(label)
        action.triggered.connect(lambda _=False, f=file_filter, d=default, w=write:
                                 save_with_dialog(parent, f, d, w))
    return menu


def install_export_menus(plots: list[PlotExport]) -> None:
    """Give each plot a context menu with its exports.

    A pyqtgraph plot whose own menu is on gets the exports as a submenu of it
    (one menu, not two); otherwise the widget's context menu offers the exports
    of the plot under the pointer (one widget may hold several plots).
    """
    by_widget: dict[int, tuple[QWidget, list[PlotExport]]] = {}
    for plot in plots:
        view_box = _view_box(plot.target)
        if view_box is not None and view_box.menuEnabled():
            if not getattr(view_box, "_export_menu_installed", False):
                view_box._export_menu_installed = True
                view_box.menu.addSeparator()
                view_box.menu.addMenu(export_menu(plot, plot.widget))
            continue
        widget = plot.widget
        by_widget.setdefault(id(widget), (widget, []))[1].append(plot)
    for widget, shared in by_widget.values():
        if getattr(widget, "_export_plots", None) is None:
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(
                lambda point, w=widget: _popup(w, point))
        widget._export_plots = shared


def _view_box(target: Any) -> Any:
    item = target.getPlotItem() if hasattr(target, "getPlotItem") else target
    return item.getViewBox() if hasattr(item, "getViewBox") else None


def plot_at(widget: QWidget, point: QPoint) -> PlotExport | None:
    """The plot of ``widget`` under ``point`` (widget coordinates)."""
    plots = getattr(widget, "_export_plots", None) or []
    if len(plots) > 1 and hasattr(widget, "mapToScene"):
        scene_point = widget.mapToScene(point)
        for plot in plots:
            item = plot.target.getPlotItem() if hasattr(plot.target, "getPlotItem") else plot.target
            if item.sceneBoundingRect().contains(scene_point):
                return plot
    return plots[0] if plots else None


def _popup(widget: QWidget, point: QPoint) -> None:
    plot = plot_at(widget, point)
    if plot is not None:
        menu = export_menu(plot, widget)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(widget.mapToGlobal(point))
