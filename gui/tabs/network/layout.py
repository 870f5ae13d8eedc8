"""Where everything sits: controls left, boundary and network centre, curves right.

Splitters let a person trade space between the three columns; the left
column scrolls, so at 1280 × 800 no control is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
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
    ui["rewind"] = RewindBar("epoch", "weights, momentum and sample order")
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
    layout.addLayout(bar)
    layout.addLayout(second)
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
    tabs = QTabWidget()
    tabs.setObjectName("network_side_tabs")
    tabs.addTab(split, "Curves")
    tabs.addTab(ui["many_starts"], "Many starts")
    ui["landscape"] = LandscapePanel()
    tabs.addTab(ui["landscape"], "Landscape")
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
