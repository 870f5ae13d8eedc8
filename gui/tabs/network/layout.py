"""Where everything sits: controls left, boundary and network centre, curves right.

Splitters let a person trade space between the three columns; the left
column scrolls, and so do the run's bars and the side tabs when their column is
narrower than they are, so the tab fits a 1280-pixel window with the lesson dock
beside it and no control is ever cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.tabs.network.boundary import BoundaryView
from gui.tabs.network.controls import ControlsPanel
from gui.tabs.network.curves import CurvesView
from gui.tabs.network.diagram import NetworkDiagram
from gui.tabs.network.output_table import OutputTable
from gui.widgets.flow_layout import FlowLayout
from gui.widgets.rewind_bar import RewindBar
from gui.widgets.transport import TransportBar

if TYPE_CHECKING:  # imported with the panels, after the first picture
    from gui.tabs.network.landscape_panel import LandscapePanel
    from gui.tabs.network.many_starts import ManyStartsPanel

#: The narrowest the side tabs get before they scroll sideways.
SIDE_MIN_WIDTH = 240


class Sideways(QScrollArea):
    """``widget`` at full size when its column has room, else scrolled sideways (never
    squeezed or cut)."""

    def __init__(self, widget: QWidget, min_width: int) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(widget)
        self._min_width = min_width

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._min_width, super().minimumSizeHint().height())


class CurvesPage(QWidget):
    """Where the curves go: it asks for the room they will (a pyqtgraph view's hint, and
    its policy), so the splitter gives them their share before they are built."""

    def __init__(self) -> None:
        super().__init__()
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(600, 480)


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
    #: holds the curves, empty until :meth:`build_curves`
    curves_page: QWidget
    table: OutputTable
    side_tabs: QTabWidget
    splitter: QSplitter
    #: the Many starts and Landscape pages, empty until :meth:`build_side_panels`
    side_pages: tuple[QWidget, QWidget]
    #: called once the Many starts panel exists, then once the Landscape panel does, to
    #: wire them (the tab sets them)
    on_many_starts: Callable[[], object] | None = None
    on_landscape: Callable[[], object] | None = None
    #: called once the curves exist, to draw the run into them (the tab sets it)
    on_curves: Callable[[], object] | None = None
    _many_starts: ManyStartsPanel | None = None
    _landscape: LandscapePanel | None = None
    _curves: CurvesView | None = None

    @property
    def curves_built(self) -> bool:
        return self._curves is not None

    @property
    def curves(self) -> CurvesView:
        self.build_curves()
        return self._curves  # type: ignore[return-value]

    def build_curves(self) -> None:
        """Make the loss, accuracy and gradient-norm plots: the tab builds them right after
        its first picture (their three pyqtgraph plots cost a third of its build), or at
        once when something asks for them."""
        if self._curves is not None:
            return
        self._curves = CurvesView()
        self.curves_page.layout().addWidget(self._curves)
        if self.on_curves is not None:
            self.on_curves()

    @property
    def side_panels_built(self) -> bool:
        return self._landscape is not None

    def built_side_panels(self) -> list[ManyStartsPanel | LandscapePanel]:
        """The side panels made so far: Many starts may exist alone (asked for before
        the tab's turn built the Landscape panel)."""
        return [panel for panel in (self._many_starts, self._landscape) if panel is not None]

    @property
    def many_starts(self) -> ManyStartsPanel:
        self.build_many_starts()
        return self._many_starts  # type: ignore[return-value]

    @property
    def landscape(self) -> LandscapePanel:
        self.build_side_panels()
        return self._landscape  # type: ignore[return-value]

    def build_side_panels(self) -> None:
        """Make the Many starts and Landscape panels (hidden behind side tabs at first:
        the tab builds them after its first picture, one per turn of the event loop, or
        when one is asked for)."""
        self.build_many_starts()
        if self._landscape is None:
            from gui.tabs.network.landscape_panel import LandscapePanel

            self._landscape = LandscapePanel()
            self._place(1, self._landscape)
            if self.on_landscape is not None:
                self.on_landscape()

    def build_many_starts(self) -> None:
        """Make the Many starts panel (the first of the side panels)."""
        if self._many_starts is None:
            from gui.tabs.network.many_starts import ManyStartsPanel

            self._many_starts = ManyStartsPanel()
            self._place(0, self._many_starts)
            if self.on_many_starts is not None:
                self.on_many_starts()

    def _place(self, index: int, panel: QWidget) -> None:
        # the panels wider than the curves scroll in a narrow column, not widen it
        self.side_pages[index].layout().addWidget(Sideways(panel, SIDE_MIN_WIDTH))


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
    # a second row: the first holds the run's own controls; both wrap in a narrow centre
    second = FlowLayout()
    for widget in (ui["gradient_check"], ui["inspector_button"], ui["rewind"]):
        second.addWidget(widget)
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
    rows.addWidget(ui["transport"])
    rows.addLayout(second)
    layout.addWidget(bars)
    layout.addWidget(split, 1)
    return centre


def _right(ui: dict) -> QTabWidget:
    ui["curves_page"] = CurvesPage()
    ui["table"] = OutputTable()
    ui["table"].setMinimumHeight(140)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName("network_curves_splitter")
    split.addWidget(ui["curves_page"])
    split.addWidget(ui["table"])
    split.setStretchFactor(0, 4)
    split.setStretchFactor(1, 1)
    split.setChildrenCollapsible(False)
    tabs = SideTabs()
    tabs.setObjectName("network_side_tabs")
    tabs.addTab(split, "Curves")
    pages = (QWidget(), QWidget())
    for page, title in zip(pages, ("Many starts", "Landscape"), strict=True):
        QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(page, title)
    ui["side_pages"] = pages
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
    built = Layout(**ui)
    ui["side_tabs"].currentChanged.connect(lambda index: index and built.build_side_panels())
    return built
