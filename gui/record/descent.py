"""What the Gradient descent tab records: a fresh run of its starts and its contour plot.

The job is a new ``DescentRun`` from the starts with the chosen optimizers, α,
tolerance and step limit, not the live one, so the window's run goes on
untouched while a recording renders.
"""

from __future__ import annotations

from typing import Any

from engine.descent.run import DescentRun, DescentSnapshot
from gui.record.dialog import RecordDialog, open_dialog
from gui.record.recorder import RecordView
from gui.tabs.descent.choices import optimizer_names
from gui.tabs.descent.contour_view import ContourView

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


def descent_view(tab: Any) -> RecordView:
    """An unshown contour view of the tab's surface; each frame draws the paths and the step."""
    view = ContourView()
    model = tab.model
    view.set_field(model.analysis.field)
    if model.analysis.critical is not None:
        view.set_critical_points(model.analysis.critical.points)
    names = optimizer_names()
    view.paths.set_optimizers(tuple((key, names[key]) for key in model.settings.optimizers))
    name = model.surface.name

    def paint(snapshot: DescentSnapshot) -> None:
        view.paths.set_snapshot(snapshot)
        view.plot.setTitle(f"{name}: step {snapshot.step:,}")

    return RecordView(view, paint)


def open_descent_recorder(tab: Any) -> RecordDialog:
    """The Record dialog of the Gradient descent tab."""
    steps = min(DESCENT_STEPS, tab.model.settings.max_steps)
    size = tab.ui.contour.size()
    dialog = RecordDialog("step", steps, lambda: descent_job(tab), lambda: descent_view(tab),
                          (size.width(), size.height()), tab)
    return open_dialog(tab, dialog)
