"""Where everything sits: formula and controls on top, plot and tables left,
formulas, parameters and the derivation right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import themed
from gui.tabs.derivatives.controls import PointControls, RangeControls
from gui.tabs.derivatives.formulas import DerivativeFormulas, StepsView
from gui.tabs.derivatives.plot import DerivativePlot
from gui.tabs.derivatives.presets import PRESETS
from gui.tabs.derivatives.tables import CriticalTable, SecantTable
from gui.theme import VERMILLION
from gui.widgets.formula_input import FormulaInput
from gui.widgets.parameter_sliders import ParameterPanel
from gui.widgets.typeset_queue import TypesetQueue

TABLE_HEIGHT = 110  # a header and four rows; more scroll
PLOT_MIN_HEIGHT = 240
RIGHT_WIDTH = 440
TANGENT_LINES = 3
EXTREMA_LINES = 4


@dataclass
class TabWidgets:
    """The widgets the tab talks to."""

    formula: FormulaInput
    range_controls: RangeControls
    range_error: QLabel
    plot_message: QLabel
    point_controls: PointControls
    plot: DerivativePlot
    tangent_label: QLabel
    secant_table: SecantTable
    critical_table: CriticalTable
    extrema: QLabel
    parameters: ParameterPanel
    formulas: DerivativeFormulas
    steps: StepsView
    queue: TypesetQueue


def _group(title: str, *widgets: QWidget, stretch_last: bool = False) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if stretch_last and i == len(widgets) - 1 else 0)
    return box


def _rich_label(name: str, tooltip: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setToolTip(tooltip)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def set_quietly(widget: QWidget, setter: Callable[[Any], object], value: Any) -> None:
    """Show ``value`` in a control without it reporting the change back as an intent."""
    widget.blockSignals(True)
    setter(value)
    widget.blockSignals(False)


def _message(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    themed.style_sheet(label, lambda: f"color: {VERMILLION}; background: "
                       f"{themed.background()}; padding: 3px;")
    label.hide()
    return label


def build_layout(tab: QWidget) -> TabWidgets:
    queue = TypesetQueue(tab)
    range_error = _message("range_error")
    plot_message = _message("plot_message")
    w = TabWidgets(
        formula=FormulaInput(("x",), PRESETS),
        range_controls=RangeControls(),
        range_error=range_error,
        plot_message=plot_message,
        point_controls=PointControls(),
        plot=DerivativePlot(),
        tangent_label=_rich_label("tangent_label", "f(x₀), the tangent's slope and the secant's"),
        secant_table=SecantTable(),
        critical_table=CriticalTable(),
        extrema=_rich_label("extrema_label", "Least and greatest f on the plotted range"),
        parameters=ParameterPanel(),
        formulas=DerivativeFormulas(queue),
        steps=StepsView(queue),
        queue=queue,
    )
    for table in (w.secant_table, w.critical_table):
        table.setMinimumHeight(TABLE_HEIGHT)
    # sentences whose length varies get room for their usual lines up front, so a
    # longer one does not squeeze the plot each time it arrives
    for label, lines in ((w.tangent_label, TANGENT_LINES), (w.extrema, EXTREMA_LINES)):
        label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    controls = QHBoxLayout()
    controls.addWidget(w.range_controls)
    controls.addWidget(w.point_controls, 1)

    tables = QHBoxLayout()
    tables.addWidget(_group("Limit: Δy/Δx → f′(x₀) as Δx → 0", w.secant_table,
                            stretch_last=True), 1)
    critical = _group("Critical points: f′(x) = 0 or f′ undefined", w.critical_table,
                      w.extrema)
    critical.layout().setStretch(0, 1)
    tables.addWidget(critical, 1)

    below = QWidget()
    below_layout = QVBoxLayout(below)
    below_layout.setContentsMargins(0, 0, 0, 0)
    below_layout.addWidget(w.tangent_label)
    below_layout.addLayout(tables, 1)

    # plot over sentences and tables, the plot first in line for height: in a small
    # window the tables scroll before the plot becomes a sliver
    left = QSplitter(Qt.Orientation.Vertical)
    left.setObjectName("plot_tables_splitter")
    left.setChildrenCollapsible(False)
    left.addWidget(_plot_with_messages(w.plot, w.range_error, w.plot_message))
    left.addWidget(below)
    left.setStretchFactor(0, 1)
    left.setStretchFactor(1, 0)
    w.plot.setMinimumHeight(PLOT_MIN_HEIGHT)

    right = QWidget()
    right.setMinimumWidth(320)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.addWidget(_group("Symbolic derivatives", w.formulas))
    right_layout.addWidget(_group("Parameters", w.parameters))
    right_layout.addWidget(_group("Derivation, rule by rule", w.steps, stretch_last=True), 1)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("derivatives_splitter")
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes([900, RIGHT_WIDTH])

    # the formula's error line comes and goes while the user types: it keeps its
    # place, so the controls and the plot never jump
    policy = w.formula.error.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    w.formula.error.setSizePolicy(policy)

    layout = QVBoxLayout(tab)
    layout.setContentsMargins(8, 8, 8, 4)
    layout.addWidget(w.formula)
    layout.addLayout(controls)
    layout.addWidget(splitter, 1)
    return w


def _plot_with_messages(plot: QWidget, *messages: QLabel) -> QWidget:
    """The plot with its messages laid over its top edge (same grid cell), so a
    message appearing moves nothing."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.addWidget(plot, 0, 0)
    column = QVBoxLayout()
    column.setContentsMargins(40, 4, 8, 0)
    for message in messages:
        column.addWidget(message)
    grid.addLayout(column, 0, 0, Qt.AlignmentFlag.AlignTop)
    return box
