"""Views follow the theme and projector mode: one restyle for every pyqtgraph view.

:func:`install` connects :func:`restyle_views` to ``appearance().changed``.
It walks every pyqtgraph view of the application and sets the scheme's
background; axes, legends, titles and text items take its foreground; pens
and fills that were one of the neutral scheme colours take the new scheme's
(the Okabe–Ito colours are kept: they serve both backgrounds); pen widths and
marker sizes become their base × ``appearance().line_scale``. Views that
paint their own colours (the network diagram, colour maps) mix with
:func:`background` instead of white and rebuild in a ``restyle`` connected
through :func:`follow`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QApplication, QWidget

from gui import theme
from gui.appearance import appearance

#: the neutral colours of every scheme: an item drawn in one of them is "text" or "paper"
#: (Okabe–Ito's black, the last series colour, vanishes on dark: it is drawn as text is)
_INKS = {QColor(c).name() for c in (theme.LIGHT.foreground, theme.DARK.foreground, theme.BLACK)}
_PAPERS = {QColor(c).name() for c in (theme.LIGHT.background, theme.DARK.background,
                                       theme.LIGHT.base, theme.DARK.base)}
_installed = False


def rgb(name: str) -> np.ndarray:
    """The colour ``name`` as floats 0…255 (red, green, blue)."""
    color = QColor(name)
    return np.array([color.red(), color.green(), color.blue()], dtype=float)


def background() -> str:
    """The background of plots and painted views in the theme in use."""
    return theme.scheme().background


def foreground() -> str:
    """Text, axes and outlines in the theme in use."""
    return theme.scheme().foreground


def mix(name: str, amount: float) -> QColor:
    """``amount`` of ``name`` over the background: bg + amount·(colour − bg) (1: the colour)."""
    paper = rgb(background())
    return QColor(*(round(v) for v in paper + (rgb(name) - paper) * amount))


def line_scale() -> float:
    """What pen widths and marker sizes are multiplied by (2 in projector mode)."""
    return appearance().line_scale


def follow(restyle: Callable[[], None]) -> None:
    """Call ``restyle`` whenever the theme or projector mode changes."""
    appearance().changed.connect(restyle)


class _SheetFollower(QObject):
    """Lives as the widget's child, so the connection ends when the widget does."""

    def __init__(self, widget: QWidget, sheet: Callable[[], str]) -> None:
        super().__init__(widget)
        self._widget, self._sheet = widget, sheet
        appearance().changed.connect(self.apply)
        self.apply()

    def apply(self) -> None:
        self._widget.setStyleSheet(self._sheet())


def style_sheet(widget: QWidget, sheet: Callable[[], str]) -> None:
    """Give ``widget`` the style sheet ``sheet()`` now and again after every theme change."""
    _SheetFollower(widget, sheet)


def install() -> None:
    """Restyle every pyqtgraph view on each theme change (once per application)."""
    global _installed
    if not _installed:
        _installed = True
        appearance().changed.connect(restyle_views)


def restyle_views() -> None:
    """Every pyqtgraph view of the application in the current theme and line scale."""
    for widget in QApplication.allWidgets():
        if isinstance(widget, pg.GraphicsView):
            restyle_view(widget)


def restyle_tab(root: QWidget) -> None:
    """The pyqtgraph views inside ``root`` (a tab built after the theme was chosen)."""
    for view in root.findChildren(pg.GraphicsView):
        restyle_view(view)


def _role(color: QColor) -> str | None:
    """"ink", "paper" or None (a colour with a meaning of its own, kept)."""
    name = color.name()
    now = theme.scheme()
    if name == QColor(now.foreground).name() or name in _INKS:
        return "ink"
    if name == QColor(now.background).name() or name in _PAPERS:
        return "paper"
    return None


def _recolour(item: object, key: str, color: QColor) -> QColor:
    """``color`` in the new scheme if it was (when first seen) a neutral scheme colour."""
    roles = item.__dict__.setdefault("_themed_roles", {})
    if key not in roles:
        roles[key] = _role(color)
    role = roles[key]
    if role is None:
        return color
    new = QColor(foreground() if role == "ink" else background())
    new.setAlpha(color.alpha())
    return new


def _scaled(item: object, key: str, value: float) -> float:
    """``value`` × line scale, remembering the base (a value the view set itself is a new base)."""
    state = item.__dict__.setdefault("_themed_sizes", {})
    base, applied = state.get(key, (None, None))
    if base is None or not np.isclose(value, applied):
        base = value
    state[key] = (base, base * line_scale())
    return base * line_scale()


def _pen(item: object, key: str, pen: QPen | None) -> QPen | None:
    if pen is None or pen.style() == pg.QtCore.Qt.PenStyle.NoPen:
        return None
    new = QPen(pen)
    new.setColor(_recolour(item, key, pen.color()))
    new.setWidthF(_scaled(item, key, max(pen.widthF(), 1.0)))
    return new


#: How much wider than its line the edge under a light-coloured line is (one pixel a side).
EDGE_EXTRA_PX = 2.0


def edge(item: object) -> None:
    """Give a line or marker in an Okabe–Ito colour too light for the paper an edge in the
    text colour (and take it away when the paper darkens): WCAG's 3:1 for graphics is met by
    the edge, while the fill keeps the palette colour that tells series apart."""
    ink = foreground()
    if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)):
        pen = pg.mkPen(item.opts["pen"]) if item.opts["pen"] is not None else None
        if pen is not None and pen.style() != pg.QtCore.Qt.PenStyle.NoPen \
                and theme.needs_edge(pen.color().name()):
            width = pen.widthF() + EDGE_EXTRA_PX * line_scale()
            item.setShadowPen(pg.mkPen(ink, width=width, style=pen.style()))
        elif item.opts.get("shadowPen") is not None:
            item.setShadowPen(None)
    if isinstance(item, pg.PlotDataItem) and item.opts["symbol"] is not None:
        brush = item.opts["symbolBrush"]
        if brush is not None and not isinstance(brush, list) \
                and theme.needs_edge(pg.mkBrush(brush).color().name()):
            item.setSymbolPen(pg.mkPen(ink, width=line_scale()))
    if isinstance(item, pg.ScatterPlotItem) and item.data.size:
        pens = [pg.mkPen(ink, width=line_scale())
                if brush is not None and theme.needs_edge(pg.mkBrush(brush).color().name())
                else (pen if pen is not None else item.opts["pen"])
                for brush, pen in zip(item.data["brush"], item.data["pen"], strict=True)]
        item.setPen(pens)


def restyle_view(view: pg.GraphicsView) -> None:
    """One view: background, axes, legends, text, pens and markers (see the module note)."""
    view.setBackground(background())
    for item in view.scene().items():
        _restyle_item(item)


def _restyle_item(item: object) -> None:
    if isinstance(item, pg.AxisItem):
        item.setPen(pg.mkPen(foreground()))
        item.setTextPen(pg.mkPen(foreground()))
    elif isinstance(item, pg.LegendItem):
        item.setLabelTextColor(foreground())
        brush = pg.mkBrush(item.opts["brush"]) if item.opts["brush"] is not None else None
        if brush is not None and brush.style() != pg.QtCore.Qt.BrushStyle.NoBrush:
            item.setBrush(pg.mkBrush(_recolour(item, "brush", brush.color())))
    elif isinstance(item, pg.LabelItem):
        if item.text:
            item.setText(item.text, color=foreground())
    elif isinstance(item, pg.TextItem):
        item.setColor(_recolour(item, "text", item.color))
        if item.fill.style() != pg.QtCore.Qt.BrushStyle.NoBrush:
            item.fill = pg.mkBrush(_recolour(item, "fill", item.fill.color()))
            item.update()
    elif isinstance(item, pg.PlotDataItem):
        _restyle_data_item(item)
        edge(item)
    elif isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(),
                                                                pg.PlotDataItem):
        pen = _pen(item, "pen", pg.mkPen(item.opts["pen"]))
        if pen is not None:
            item.setPen(pen)
        edge(item)
    elif isinstance(item, pg.ScatterPlotItem) and not isinstance(item.parentItem(),
                                                                  pg.PlotDataItem):
        _restyle_scatter(item)
        edge(item)
    elif isinstance(item, pg.InfiniteLine):
        pen = _pen(item, "pen", item.pen)
        if pen is not None:
            item.setPen(pen)


def _restyle_data_item(item: pg.PlotDataItem) -> None:
    opts = item.opts
    pen = _pen(item, "pen", pg.mkPen(opts["pen"])) if opts["pen"] is not None else None
    if pen is not None:
        item.setPen(pen)
    if opts["symbol"] is not None:
        if opts["symbolPen"] is not None:
            symbol_pen = _pen(item, "symbolPen", pg.mkPen(opts["symbolPen"]))
            if symbol_pen is not None:
                item.setSymbolPen(symbol_pen)
        if opts["symbolBrush"] is not None and not isinstance(opts["symbolBrush"], list):
            brush = pg.mkBrush(opts["symbolBrush"])
            item.setSymbolBrush(pg.mkBrush(_recolour(item, "symbolBrush", brush.color())))
        item.setSymbolSize(_scaled(item, "symbolSize", float(opts["symbolSize"])))


def _restyle_scatter(item: pg.ScatterPlotItem) -> None:
    pen = _pen(item, "pen", pg.mkPen(item.opts["pen"]))
    if pen is not None:
        item.setPen(pen)
    brush = item.opts["brush"]
    if isinstance(brush, pg.QtGui.QBrush) and brush.style() != pg.QtCore.Qt.BrushStyle.NoBrush:
        item.setBrush(pg.mkBrush(_recolour(item, "brush", brush.color())))
    # per-spot sizes are the view's own meaning: only a shared size is scaled
    if item.data.size == 0 or np.all(item.data["size"] < 0):
        item.setSize(_scaled(item, "size", float(item.opts["size"])))
