"""What the Gradient descent tab records: a fresh run of its starts, its contour plot or
the whole tab (contours, f and ‖∇f‖ against step).

The job is a new ``DescentRun`` from the starts with the chosen optimizers, α,
tolerance and step limit, not the live one, so the window's run goes on
untouched while a recording renders.
"""

from __future__ import annotations

from typing import Any

from engine.descent.run import DescentRun
from gui.record.descent_views import descent_plot, descent_tab
from gui.record.dialog import RecordDialog, open_dialog
from gui.record.views import ViewSpec
from gui.tabs.descent.choices import optimizer_names

DESCENT_STEPS = 200


def descent_job(tab: Any) -> DescentRun:
    """A new run of the descent tab's starts with its settings in use (ValueError if none)."""
    model = tab.model
    if not model.ready:
        raise ValueError("the surface is still being analysed")
    settings = model.settings
    if not settings.optimizers:
        raise ValueError("choose at least one optimizer")
    return DescentRun(model.surface, model.optimizers(), model.starts, settings.tolerance,
                      settings.max_steps)  # fmt: skip


def descent_views(tab: Any) -> dict[str, tuple[str, ViewSpec]]:
    """scope → (label, view): the contour plot, or the whole tab's plots."""
    model = tab.model
    if not model.ready:
        raise ValueError("the surface is still being analysed; try again in a moment")
    critical = model.analysis.critical.points if model.analysis.critical is not None else None
    names = optimizer_names()
    optimizers = tuple((key, names[key]) for key in model.settings.optimizers)
    args = (model.analysis.field, critical, optimizers, model.surface.name)
    return {"plot": ("The contour plot", ViewSpec(descent_plot, args)),
            "tab": ("The whole tab: contours, f and ‖∇f‖ against step",
                    ViewSpec(descent_tab, args))}


def open_descent_recorder(tab: Any) -> RecordDialog:
    """The Record dialog of the Gradient descent tab."""
    steps = min(DESCENT_STEPS, tab.model.settings.max_steps)
    size = tab.ui.contour.size()
    dialog = RecordDialog("step", steps, lambda: descent_job(tab), lambda: descent_views(tab),
                          (size.width(), size.height()), tab)
    return open_dialog(tab, dialog)
