"""What each tab exports besides its main plot: every plot with its tidy data, and the
critical points with exact values.  The tabs' ``export_plots`` / ``export_tables`` hand
over to these functions, which read the tabs' models (never the screen's rounded text).
"""

from __future__ import annotations

from typing import Any

from gui.export_plots import PlotExport
from gui.export_tables import (
    Table,
    accuracy_rows,
    critical_rows,
    derivative_rows,
    gradient_rows,
    history_rows,
    loss_rows,
    parameter_rows,
    trajectory_rows,
)

CRITICAL = "critical points (exact values)"


# ---- Neural network --------------------------------------------------------------
def network_plots(tab: Any) -> list[PlotExport]:
    """The boundary, the loss, accuracy and gradient-norm curves, and the diagram."""
    ui, model = tab.ui, tab.model

    def losses() -> Table:
        t = model.latest.training if model.latest is not None else None
        return loss_rows(*model.history.losses(t))

    return [
        PlotExport("decision boundary", ui.boundary.plot.getPlotItem()),
        PlotExport("loss curve", ui.curves.loss_plot, losses),
        PlotExport("accuracy curve", ui.curves.accuracy_plot,
                   lambda: accuracy_rows(*model.history.trails())),
        PlotExport("gradient norms", ui.curves.gradient_plot,
                   lambda: gradient_rows(*model.history.trails())),
        PlotExport("network diagram", ui.diagram,
                   lambda: parameter_rows(*model.parameters()) if model.latest is not None
                   else parameter_rows((), ())),
    ]


# ---- Gradient descent ------------------------------------------------------------
def descent_plots(tab: Any) -> list[PlotExport]:
    """The contours (with every trajectory) and the f and ‖∇f‖ side plots."""
    ui, model = tab.ui, tab.model
    return [
        PlotExport("contour plot", ui.contour.plot, lambda: trajectory_rows(model.run_snapshot)),
        PlotExport("f against step", ui.side.values.plot,
                   lambda: history_rows(model.run_snapshot, "f")),
        PlotExport("gradient norm against step", ui.side.gradients.plot,
                   lambda: history_rows(model.run_snapshot, "grad_norm")),
    ]


def descent_tables(tab: Any) -> dict[str, Table]:
    """Every trajectory point, and the critical points with exact values."""
    model = tab.model
    tables: dict[str, Table] = {}
    if model.run_snapshot is not None and model.run_snapshot.trajectories:
        tables["trajectories"] = trajectory_rows(model.run_snapshot)
    analysis = model.analysis
    if analysis is not None and analysis.critical is not None and analysis.critical.points:
        tables[CRITICAL] = critical_rows(analysis.critical.points, ("x", "y"))
    return tables


# ---- Derivatives -----------------------------------------------------------------
def derivatives_plots(tab: Any, names: tuple[str, ...]) -> list[PlotExport]:
    """The plot of f, f′ and f″ (``names``), its data read from the samples the model drew."""
    model = tab.model
    return [PlotExport("derivative curves", tab.ui.plot.getPlotItem(),
                       lambda: derivative_rows(model.xs, model.curve_values, model.shown,
                                               names))]


def derivatives_tables(tab: Any) -> dict[str, Table]:
    """The critical points with exact values (when they have arrived)."""
    result = tab.model.critical
    if result is None or not result.found.points:
        return {}
    return {CRITICAL: critical_rows(result.found.points, ("x",))}
