"""Where everything sits: controls left, boundary and network centre, curves right.

Splitters let a person trade space between the three columns; the left
column scrolls, and so do the run's bars and the side tabs when their column is
narrower than they are, so the tab fits a 1280-pixel window with the lesson dock
beside it and no control is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.tabs.network.boundary import BoundaryView
from gui.tabs.network.controls import ControlsPanel
from gui.tabs.network.curves import CurvesView
from gui.tabs.network.diagram import NetworkDiagram
from gui.tabs.network.landscape_panel import LandscapePanel
from gui.tabs.network.many_starts import ManyStartsPanel
from gui.tabs.network.output_table import OutputTable
from gui.widgets.rewind_bar import RewindBar
from gui.widgets.transport import TransportBar

#: The narrowest the centre's bars and the side tabs get before they scroll sideways.
BARS_MIN_WIDTH = 240
SIDE_MIN_WIDTH = 240


class Sideways(QScrollArea):
    """``widget`` at full size when its column has room, else scrolled sideways (never
    squeezed or cut).  With ``fit_height`` the area is exactly as high as the widget,
    plus the scroll bar while it shows, for a row of buttons."""

    def __init__(self, widget: QWidget, min_width: int, fit_height: bool = False) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(widget)
        self._min_width = min_width
        self._fit_height = fit_height
        self._scrolls = False
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _height(self) -> int:
        bar = self.horizontalScrollBar().sizeHint().height() if self._scrolls else 0
        return self.widget().sizeHint().height() + bar

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width(), self._height() if self._fit_height else hint.height())

    def minimumSizeHint(self) -> QSize:
        height = self._height() if self._fit_height else super().minimumSizeHint().height()
        return QSize(self._min_width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scrolls = self.widget().minimumSizeHint().width() > event.size().width()
        if scrolls != self._scrolls:  # the scroll bar comes or goes: make room for it
            self._scrolls = scrolls
            self.updateGeometry()


class SideTabs(QTabWidget):
    """Tabs whose pages may sit in a :class:`Sideways`: ``indexOf`` and
    ``setCurrentWidget`` find a panel in its scroll area as well."""

    def indexOf(self, widget: QWidget) -> int:
        for index in range(self.count()):
            page = self.widget(index)
            if page is widget or page.isAncestorOf(widget):
                return index
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)


@dataclass
class Layout:
    controls: ControlsPanel
    transport: TransportBar
    rewind: RewindBar
    inspector_button: QPushButton
    gradient_check: QCheckBox
    boundary: BoundaryView
    diagram: NetworkDiagram
    curves: CurvesView
    table: OutputTable
    many_starts: ManyStartsPanel
    landscape: LandscapePanel
    side_tabs: QTabWidget
    splitter: QSplitter


def _centre(ui: dict) -> QWidget:
    ui["inspector_button"] = QPushButton("Backprop inspector…")
    ui["inspector_button"].setObjectName("inspector_button")
    ui["inspector_button"].setToolTip("See a^m, z^m, δ^m, ∂C/∂W^m, ∂C/∂b^m for one sample, "
                                      "checked by finite differences")
    ui["gradient_check"] = QCheckBox("Show ∂C/∂W")
    ui["gradient_check"].setObjectName("show_gradient_check")
    ui["gradient_check"].setToolTip("Draw the links by ∂C/∂W^m (last batch) instead of W^m")
    ui["transport"] = TransportBar(unit="epoch", new_start=True)
    ui["rewind"] = RewindBar("epoch", "weights, the optimizer's memory and sample order")
    bars = QWidget()
    rows = QVBoxLayout(bars)
    rows.setContentsMargins(0, 0, 0, 0)
    bar = QHBoxLayout()
    bar.addWidget(ui["transport"], 1)
    # a second row: the first holds the run's own controls, unclipped in a narrow centre
    second = QHBoxLayout()
    second.addWidget(ui["gradient_check"])
    second.addWidget(ui["inspector_button"])
    second.addStretch(1)
    second.addWidget(ui["rewind"])
    ui["boundary"] = BoundaryView()
    ui["diagram"] = NetworkDiagram()
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName("network_centre_splitter")
    split.addWidget(ui["boundary"])
    split.addWidget(ui["diagram"])
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    split.setChildrenCollapsible(False)
    centre = QWidget()
    layout = QVBoxLayout(centre)
    layout.setContentsMargins(0, 0, 0, 0)
    rows.addLayout(bar)
    rows.addLayout(second)
    layout.addWidget(Sideways(bars, BARS_MIN_WIDTH, fit_height=True))
    layout.addWidget(split, 1)
    return centre


def _right(ui: dict) -> QTabWidget:
    ui["curves"] = CurvesView()
    ui["table"] = OutputTable()
    ui["table"].setMinimumHeight(140)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName("network_curves_splitter")
    split.addWidget(ui["curves"])
    split.addWidget(ui["table"])
    split.setStretchFactor(0, 4)
    split.setStretchFactor(1, 1)
    split.setChildrenCollapsible(False)
    ui["many_starts"] = ManyStartsPanel()
    tabs = SideTabs()
    tabs.setObjectName("network_side_tabs")
    tabs.addTab(split, "Curves")
    # the panels wider than the curves scroll in a narrow column rather than widen it
    tabs.addTab(Sideways(ui["many_starts"], SIDE_MIN_WIDTH), "Many starts")
    ui["landscape"] = LandscapePanel()
    tabs.addTab(Sideways(ui["landscape"], SIDE_MIN_WIDTH), "Landscape")
    return tabs


def build_layout(tab: QWidget) -> Layout:
    ui: dict = {"controls": ControlsPanel()}
    centre = _centre(ui)
    ui["side_tabs"] = _right(ui)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("network_splitter")
    splitter.addWidget(ui["controls"])
    splitter.addWidget(centre)
    splitter.addWidget(ui["side_tabs"])
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 3)
    splitter.setStretchFactor(2, 2)
    splitter.setSizes([300, 640, 380])
    splitter.setChildrenCollapsible(False)
    ui["splitter"] = splitter
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(splitter)
    return Layout(**ui)
