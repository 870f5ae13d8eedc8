"""Where everything sits: controls left, the plot in the middle, histories and tables right.

Splitters and inner tabs keep the window usable down to 1280 × 800: the side
plots and the tables share the right column, and the controls scroll if the
window is short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.tabs.descent.basins import BasinPanel
from gui.tabs.descent.choices import surface_presets
from gui.tabs.descent.contour_view import ContourView
from gui.tabs.descent.controls import DomainControls, ModeControls, OptimizerControls
from gui.tabs.descent.formulas import FormulaPanel
from gui.tabs.descent.side_plots import SidePlots
from gui.tabs.descent.surface3d import SurfaceView
from gui.tabs.descent.tables import CriticalTable, RunTable
from gui.widgets.formula_input import FormulaInput
from gui.widgets.parameter_sliders import ParameterPanel
from gui.widgets.rewind_bar import RewindBar
from gui.widgets.transport import TransportBar

if TYPE_CHECKING:
    from gui.tabs.descent.model import DescentModel

CONTROLS_WIDTH = 290
SPLIT = (CONTROLS_WIDTH, 820, 390)  # the picture first: the centre gets ~570 px at 1280 × 800
RIGHT_MIN_WIDTH = 380


@dataclass
class Layout:
    formula: FormulaInput
    surface_note: QLabel
    domain: DomainControls
    parameters: ParameterPanel
    optimizers: OptimizerControls
    mode: ModeControls
    transport: TransportBar
    rewind: RewindBar
    views: QTabWidget
    contour: ContourView
    surface: SurfaceView
    side: SidePlots
    tables: QTabWidget
    runs: RunTable
    critical: CriticalTable
    critical_note: QLabel
    formulas: FormulaPanel
    basins: BasinPanel


def _note(name: str, tooltip: str) -> QLabel:
    """A wrapped note in the palette's text colour (which follows the theme)."""
    label = QLabel()
    label.setObjectName(name)
    label.setToolTip(tooltip)
    label.setWordWrap(True)
    return label


def _controls(ui: dict) -> QScrollArea:
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(4, 4, 4, 4)
    for key in ("domain", "parameters_box", "optimizers", "mode", "rewind_box"):
        layout.addWidget(ui[key])
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setObjectName("descent_controls")
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(column)
    # never narrower than the controls themselves: nothing gets cut off at the right
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(column.minimumSizeHint().width() + bar)
    return scroll


def _tab(widgets: list[QWidget]) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(2, 2, 2, 2)
    for widget in widgets:
        layout.addWidget(widget, 1 if not isinstance(widget, QLabel) else 0)
    return page


def build_layout(tab: QWidget, model: DescentModel) -> Layout:
    """Create every widget of the tab and arrange them; return them by role (the 3-D
    surface draws from ``model``)."""
    formula = FormulaInput(("x", "y"), surface_presets(), label="f(x, y) =")
    formula.presets.setToolTip("Load a named surface: the notes' examples and classic test "
                               "functions, each with its own domain.")  # fmt: skip
    ui = {
        "formula": formula,
        "surface_note": _note("surface_note", "The surface's name and what to look for."),
        "domain": DomainControls(),
        "parameters": ParameterPanel(formula="f(x, y)"),
        "optimizers": OptimizerControls(),
        "mode": ModeControls(),
    }
    box = QGroupBox("Parameters")
    box.setObjectName("descent_parameters")
    QVBoxLayout(box).addWidget(ui["parameters"])
    ui["parameters_box"] = box
    transport = TransportBar("step")
    rewind = RewindBar("step", "points, velocities and moments")
    rewind_box = QGroupBox("Rewind")
    rewind_box.setObjectName("descent_rewind")
    QVBoxLayout(rewind_box).addWidget(rewind)
    ui["rewind_box"] = rewind_box
    contour, surface = ContourView(), SurfaceView(model)
    views = QTabWidget()
    views.setObjectName("descent_views")
    views.setToolTip("The contour plot, or f as a surface in 3-D.")
    views.addTab(contour, "Contours")
    views.addTab(surface, "3-D surface")
    centre = QWidget()
    centre_layout = QVBoxLayout(centre)
    centre_layout.setContentsMargins(0, 0, 0, 0)
    centre_layout.addWidget(transport)
    centre_layout.addWidget(views, 1)
    runs, critical, formulas, basins = RunTable(), CriticalTable(), FormulaPanel(), BasinPanel()
    critical_note = _note("critical_note", "Progress or caveats of the critical-point search.")
    tables = QTabWidget()
    tables.setObjectName("descent_tables")
    tables.setToolTip("Runs, critical points, formulas and the basin report.")
    tables.addTab(runs, "Runs")
    tables.addTab(_tab([critical_note, critical]), "Critical points")
    tables.addTab(formulas, "Formulas")
    tables.addTab(basins, "Basins")
    side = SidePlots()
    right = QSplitter(Qt.Orientation.Vertical)
    right.setObjectName("descent_side_splitter")
    right.addWidget(side)
    right.addWidget(tables)
    right.setSizes([400, 360])
    right.setMinimumWidth(RIGHT_MIN_WIDTH)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("descent_splitter")
    splitter.addWidget(_controls(ui))
    splitter.addWidget(centre)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(SPLIT))
    outer = QVBoxLayout(tab)
    outer.setContentsMargins(4, 4, 4, 4)
    outer.addWidget(formula)  # across the whole tab: formulas can be long
    outer.addWidget(ui["surface_note"])
    outer.addWidget(splitter, 1)
    return Layout(formula, ui["surface_note"], ui["domain"], ui["parameters"], ui["optimizers"],
                  ui["mode"],
                  transport, rewind, views, contour, surface, side, tables, runs, critical,
                  critical_note, formulas, basins)  # fmt: skip


def show_for_projector(ui: Layout, on: bool) -> None:
    """Projector: the Runs, Critical points and Basins pages hide; the formulas stay in front."""
    for page in (0, 1, 3):
        ui.tables.setTabVisible(page, not on)
    if on:
        ui.tables.setCurrentWidget(ui.formulas)
