"""The contour plot: f as colours and lines, ∇f arrows, critical points, paths, basins.

A left click inside the plot emits ``clicked(x, y)`` in data coordinates (the
tab turns it into a new start).  A message box over the top of the plot says in
words when a run diverged or is unbounded, or why nothing can be drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui import theme, themed
from gui.tabs.descent.field import Field, Lines
from gui.tabs.descent.paths import PathLayer

if TYPE_CHECKING:
    from engine.symbolic.calculus import CriticalPoint

#: Marker shape per critical-point kind, so kinds differ by more than colour.
# a point found before the time ran out is not "test fails": it was never tested
KIND_SYMBOLS = {"minimum": "o", "maximum": "t1", "saddle": "x", "inconclusive": "s",
                "not classified": "+"}
KIND_WORDS = {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle",
              "inconclusive": "test fails", "not classified": "not classified (out of time)"}
MAX_ASPECT = 3.0  # lock x:y to 1:1 unless the domain is this much wider than tall
FADING = 0.45  # the colour map is faded toward the background so the coloured paths stand out


def faded_lookup_table() -> np.ndarray:
    """cividis (readable with colour-vision deficiencies) blended toward the theme's background:
    row + FADING·(background − row)."""
    table = pg.colormap.get("cividis").getLookupTable(nPts=256, alpha=False).astype(float)
    return (table + FADING * (themed.rgb(themed.background()) - table)).round().astype(np.uint8)


class ContourView(QWidget):
    """The domain of f with everything the tab draws on it."""

    clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = pg.PlotWidget()
        self.widget.setObjectName("contour_plot")
        self.widget.setToolTip("Click to place a start: every chosen optimizer sets off from it.")
        self.plot = self.widget.getPlotItem()
        self.plot.setLabel("bottom", "x")
        self.plot.setLabel("left", "y")
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(faded_lookup_table())
        self.basins = pg.ImageItem(axisOrder="row-major")
        self.basins.setOpacity(0.7)
        self.basins.hide()
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(theme.GREY, width=1))
        self.arrows = pg.PlotCurveItem(pen=pg.mkPen("#404040", width=1))
        self.critical = pg.ScatterPlotItem(size=11, pen=pg.mkPen(theme.BLACK, width=1))
        for item in (self.image, self.basins, self.contours, self.arrows):
            self.plot.addItem(item)
        self.paths = PathLayer(self.plot)
        self.plot.addItem(self.critical)
        self.critical.setZValue(20)
        self.message = QLabel(self.widget)
        self.message.setObjectName("descent_message")
        self.message.setWordWrap(True)
        themed.style_sheet(self.message, lambda: (
            f"color: {theme.VERMILLION}; background: {themed.background()}; "
            f"border: 1px solid {theme.VERMILLION}; padding: 4px;"))
        themed.follow(self.restyle)
        self.message.hide()
        self.kinds = QLabel(_kind_key())
        self.kinds.setObjectName("kind_key")
        self.kinds.setWordWrap(True)
        self.kinds.setToolTip("Marker of each kind of critical point (the rt − s² test).")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.kinds)
        self.widget.scene().sigMouseClicked.connect(self._on_scene_clicked)

    # ---- surface --------------------------------------------------------
    def restyle(self) -> None:
        """The faded colour map follows the theme's background."""
        self.image.setLookupTable(faded_lookup_table())

    def set_field(self, field: Field) -> None:
        """Paint f: colours on fixed levels, contour lines, arrows, and fit the view."""
        x0, x1, y0, y1 = field.domain
        dx = (x1 - x0) / (len(field.xs) - 1)
        dy = (y1 - y0) / (len(field.ys) - 1)
        self.image.setImage(field.image, levels=field.levels, autoLevels=False)
        # pixel centres sit on the sample points
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
        _set_lines(self.contours, field.contours)
        _set_lines(self.arrows, field.arrows)
        self.show_domain(field.domain)

    def show_domain(self, domain: tuple[float, float, float, float]) -> None:
        """Fit the view to the domain (also before f's picture arrives, so the starts
        are not shown on a range of their own)."""
        x0, x1, y0, y1 = domain
        width, height = x1 - x0, y1 - y0
        square = 1 / MAX_ASPECT <= width / height <= MAX_ASPECT
        self.plot.getViewBox().setAspectLocked(square, ratio=1.0)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.02)

    def show_arrows(self, shown: bool) -> None:
        self.arrows.setVisible(shown)

    def set_critical_points(self, points: tuple[CriticalPoint, ...]) -> None:
        spots = [{"pos": (p.x, p.y), "symbol": KIND_SYMBOLS.get(p.kind, "s"),
                  "brush": pg.mkBrush(theme.KIND_COLORS.get(p.kind, theme.PURPLE)),
                  "data": p.kind} for p in points]  # fmt: skip
        self.critical.setData(spots)
        themed.edge(self.critical)

    # ---- basins ---------------------------------------------------------
    def set_basins(self, rgba: np.ndarray | None, domain: tuple[float, ...]) -> None:
        """An RGBA image (rows along y) over the domain, or None to hide the basin map."""
        if rgba is None:
            self.basins.hide()
            return
        x0, x1, y0, y1 = domain
        self.basins.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.basins.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.basins.show()

    # ---- message ----------------------------------------------------------
    def set_message(self, text: str) -> None:
        """Words over the plot (divergence, no minimum, undefined f); empty to hide."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._place_message()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_message()

    def _place_message(self) -> None:
        if not self.message.isVisible():
            return
        width = max(200, self.widget.width() - 90)
        self.message.setFixedWidth(width)
        self.message.adjustSize()
        self.message.move(60, 8)

    # ---- clicks -----------------------------------------------------------
    def view_to_widget(self, x: float, y: float) -> QPointF:
        """Where data point (x, y) is in the plot widget's pixels (for tests and tools)."""
        scene = self.plot.getViewBox().mapViewToScene(QPointF(x, y))
        return QPointF(self.widget.mapFromScene(scene))

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = box.mapSceneToView(event.scenePos())
        event.accept()
        self.clicked.emit(float(point.x()), float(point.y()))


def _set_lines(item: pg.PlotCurveItem, lines: Lines) -> None:
    if len(lines.x) < 2:
        item.setData([], [])
        return
    item.setData(lines.x, lines.y, connect=lines.connect)


def _kind_key() -> str:
    marks = {"minimum": "●", "maximum": "▲", "saddle": "✕", "inconclusive": "■"}
    parts = [f'<span style="color:{theme.KIND_COLORS[k]}">{marks[k]}</span> {KIND_WORDS[k]}'
             for k in marks]  # fmt: skip
    return "Critical points: " + " &nbsp; ".join(parts) + (
        " &nbsp; | &nbsp; ☆ start &nbsp; ◆ where a run is now &nbsp; | &nbsp; "
        "arrows point along ∇f (uphill): descent goes against them"
    )
