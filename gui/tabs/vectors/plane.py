"""The 2-D view: an equal-aspect grid where A and B are dragged and arrows translated."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui import theme
from gui.tabs.vectors.arrows import ROLE_COLORS, ArrowGlyph
from gui.tabs.vectors.model import PlaneModel
from gui.tabs.vectors.scene import INPUTS, Scene

DEFAULT_RANGE = (-1.5, 5.0, -1.0, 4.0)
LABEL_GAP_PX = 16
HANDLE_SIZE = 16


class PlaneView(QWidget):
    """Paints the model's :class:`Scene` whenever it changes and turns drags into
    :class:`PlaneModel` intents (refusals are the model's message)."""

    def __init__(self, model: PlaneModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._syncing = False
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setObjectName("vectors_plot")
        self.plot_widget.setToolTip("Drag the circles at A and B to change OA and OB; drag "
                                    "an arrow's shaft to slide it without changing it.")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setAspectLocked(True, ratio=1.0)
        self.plot.showGrid(x=True, y=True, alpha=theme.GRID_ALPHA)
        self.plot.setMenuEnabled(False)
        for name in ("bottom", "left"):
            self.plot.getAxis(name).setTickSpacing(major=1.0, minor=0.5)
        self.plot.addItem(pg.InfiniteLine(0, angle=90, pen=pg.mkPen(theme.GREY, width=1)))
        self.plot.addItem(pg.InfiniteLine(0, angle=0, pen=pg.mkPen(theme.GREY, width=1)))
        self.plot.getViewBox().sigRangeChanged.connect(self._on_range_changed)
        self.glyphs: dict[str, ArrowGlyph] = {}
        self.guides: list[pg.PlotDataItem] = []
        self.marks: list[pg.TextItem] = []
        self.handles = {key: self._make_handle(key) for key in INPUTS}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)
        self.plot.setRange(xRange=DEFAULT_RANGE[:2], yRange=DEFAULT_RANGE[2:], padding=0)
        model.connect("changed", self._on_model_changed)
        self.show_scene(model.scene())
        self.fit()

    def _on_model_changed(self, cause: str) -> None:
        self.show_scene(self.model.scene())
        if cause in ("edit", "load"):
            self.fit()
        elif cause == "reset":
            self.fit(force=True)

    def _make_handle(self, key: str) -> pg.TargetItem:
        color = QColor(ROLE_COLORS[key])
        fill = QColor(color)
        fill.setAlpha(60)
        handle = pg.TargetItem(size=HANDLE_SIZE, symbol="o", pen=pg.mkPen(color, width=2),
                               hoverPen=pg.mkPen(theme.FOREGROUND, width=2), brush=fill,
                               hoverBrush=fill)
        handle.setZValue(20)
        handle.key = key
        handle.sigPositionChanged.connect(self._on_handle_moved)
        handle.sigPositionChangeFinished.connect(self._on_drag_finished)
        self.plot.addItem(handle)
        return handle

    # ---- painting ---------------------------------------------------------------------
    def show_scene(self, scene: Scene) -> None:
        """Paint ``scene``: arrows, guide lines, marks and the A/B handles."""
        gap = LABEL_GAP_PX * self._pixel_size()
        used = set()
        for arrow in scene.arrows:
            glyph = self.glyphs.get(arrow.key)
            if glyph is None:
                glyph = self.glyphs[arrow.key] = ArrowGlyph(self.plot, self)
                glyph.dragged.connect(self._on_shaft_dragged)
            glyph.show(arrow.tail, arrow.vector, arrow.role, arrow.label, arrow.dashed,
                       arrow.label_side, gap, arrow.key if arrow.translatable else None)
            used.add(arrow.key)
        for key, glyph in self.glyphs.items():
            if key not in used:
                glyph.set_visible(False)
        self._show_guides(scene)
        self._show_marks(scene)
        self._sync_handles(scene)

    def _show_guides(self, scene: Scene) -> None:
        while len(self.guides) < len(scene.guides):
            item = pg.PlotDataItem(pen=pg.mkPen(QColor(32, 32, 32, 170), width=1.5,
                                                style=Qt.PenStyle.DashLine))
            item.setZValue(5)
            self.plot.addItem(item)
            self.guides.append(item)
        for item, points in zip(self.guides, scene.guides, strict=False):
            item.setData(points[:, 0], points[:, 1])
            item.setVisible(True)
        for item in self.guides[len(scene.guides):]:
            item.setVisible(False)

    def _show_marks(self, scene: Scene) -> None:
        while len(self.marks) < len(scene.marks):
            item = pg.TextItem("", color=theme.FOREGROUND, anchor=(0.5, 0.5))
            font = QFont()
            font.setPointSize(11)
            item.setFont(font)
            item.setZValue(12)
            self.plot.addItem(item)
            self.marks.append(item)
        for item, (spot, text, outward) in zip(self.marks, scene.marks, strict=False):
            item.setText(text)
            item.setPos(float(spot[0]), float(spot[1]))
            item.setAnchor((0.5 - 0.5 * outward[0], 0.5 + 0.5 * outward[1]))
            item.setVisible(True)
        for item in self.marks[len(scene.marks):]:
            item.setVisible(False)

    def _sync_handles(self, scene: Scene) -> None:
        heads = {arrow.key: arrow.head for arrow in scene.arrows if arrow.head_draggable}
        self._syncing = True
        try:
            for key, handle in self.handles.items():
                handle.setVisible(key in heads)
                if key in heads:
                    handle.setPos(float(heads[key][0]), float(heads[key][1]))
        finally:
            self._syncing = False

    def fit(self, force: bool = False) -> None:
        """Show the whole scene; unless ``force``, only when part of it is out of view."""
        x0, x1, y0, y1 = self.model.scene().bounds
        (vx0, vx1), (vy0, vy1) = self.plot.getViewBox().viewRange()
        if not force and vx0 <= x0 and x1 <= vx1 and vy0 <= y0 and y1 <= vy1:
            return
        margin = 0.15 * max(x1 - x0, y1 - y0, 1.0) + 0.5
        self.plot.setRange(xRange=(min(x0, 0.0) - margin, max(x1, 0.0) + margin),
                           yRange=(min(y0, 0.0) - margin, max(y1, 0.0) + margin), padding=0)

    def _pixel_size(self) -> float:
        size = self.plot.getViewBox().viewPixelSize()
        return float(size[0]) if size[0] > 0 else 0.02

    def _on_range_changed(self, *_: object) -> None:
        # Labels sit a fixed number of pixels from their arrows: re-place them on zoom.
        self.show_scene(self.model.scene())

    # ---- dragging ---------------------------------------------------------------------
    def drag_head(self, key: str, point: QPointF | tuple[float, float]) -> None:
        """Move the head of input ``key`` to ``point`` (what dragging A or B does)."""
        xy = (point.x(), point.y()) if isinstance(point, QPointF) else point
        self.model.drag_head(key, np.array(xy, dtype=float))

    def _on_handle_moved(self, handle: pg.TargetItem) -> None:
        if not self._syncing:
            self.drag_head(handle.key, handle.pos())

    def _on_drag_finished(self, *_: object) -> None:
        # Following the point while it is dragged would move the ground under the mouse;
        # once it is let go, the view takes in whatever left it.
        self.fit()

    def _on_shaft_dragged(self, key: str, dx: float, dy: float, phase: str) -> None:
        self.model.slide(key, (dx, dy), phase)
        if phase == "finish":
            self._on_drag_finished()
