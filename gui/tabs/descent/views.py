"""The Gradient descent tab's widgets drawn from its model's events (no state of their own).

``DescentViews`` connects to :class:`gui.tabs.descent.model.DescentModel` and
renders each event: the settings in use into every control (without letting
them emit), a new surface, its analysis, the race, the basin map.
"""

from __future__ import annotations

from engine.descent.first_surface import FirstSurface
from engine.descent.multistart import MultiStartSnapshot
from engine.descent.run import DescentSnapshot
from engine.descent.surfaces import Surface
from gui.tabs.descent import choices
from gui.tabs.descent.analysis import Analysis
from gui.tabs.descent.basins import basin_image
from gui.tabs.descent.field import Field
from gui.tabs.descent.layout import Layout
from gui.tabs.descent.messages import problems, run_status
from gui.tabs.descent.model import DescentModel
from gui.tabs.descent.settings import DescentSettings


class DescentViews:
    """Renders ``model`` into the widgets of ``ui``."""

    def __init__(self, ui: Layout, model: DescentModel) -> None:
        self.ui, self.model = ui, model
        self._rules: tuple[str, ...] | None = None  # the optimizers whose rules are shown
        for event, view in (("settings", self.show_settings), ("surface", self.show_surface),
                            ("analysis", self.show_analysis), ("snapshot", self.paint_run),
                            ("basins", self.show_basins), ("mode", self.show_mode),
                            ("refusal", self.show_refusal), ("run", ui.transport.show_state),
                            ("view", self.show_view), ("turned", self.show_turn),
                            ("first_picture", self.show_first_picture),
                            ("start placed", lambda: ui.mode.show_start_problem(""))):
            model.connect(event, view)
        ui.optimizers.alpha_target_changed.connect(lambda: self.show_settings(model.settings))
        self.show_settings(model.settings)
        self.show_view(model.settings.view)

    def show_settings(self, s: DescentSettings) -> None:
        """Every control shows the value in use (no control emits while it is set)."""
        ui, model = self.ui, self.model
        ui.optimizers.set_chosen(s.optimizers)
        ui.optimizers.show_settings(s.hyperparameters, s.alphas, s.tolerance, s.max_steps)
        if tuple(s.optimizers) != self._rules:
            self._rules = tuple(s.optimizers)
            ui.formulas.show_rules(list(s.optimizers))
        ui.mode.show(s.mode, s.arrows, s.grid)
        ui.contour.show_arrows(s.arrows)
        ui.basins.show_chosen(s.basin_optimizer)
        if model.expression is not None and ui.formula.expression is not model.expression:
            ui.formula.show_expression(model.expression)  # a refused or restored formula
        if model.expression is not None:
            ui.parameters.set_parameters(model.expression.parameters, s.parameters)
        ui.parameters.set_values(s.parameters)
        ui.domain.set_domain(model.domain)

    def show_refusal(self, field: str, text: str) -> None:
        if field == "start":
            self.ui.mode.show_start_problem(text)
            return
        error = {"formula": self.ui.formula.error, "domain": self.ui.domain.error}.get(field)
        if error is not None:
            error.setText(text)
            error.show()

    def show_view(self, view: str) -> None:
        """The contour plot or the 3-D surface in front (without telling the model back)."""
        ui = self.ui
        ui.views.blockSignals(True)
        ui.views.setCurrentWidget(ui.surface if view == "surface" else ui.contour)
        ui.views.blockSignals(False)

    def show_turn(self, _azimuth: int, _elevation: int) -> None:
        self.ui.surface.show_angles()

    def show_surface(self, surface: Surface) -> None:
        ui = self.ui
        ui.surface_note.setText(f"<b>{surface.name}</b>" + (f": {surface.note}"
                                                            if surface.note else ""))
        ui.formulas.show_function(surface.expression.latex, surface.expression.plain)
        ui.critical.set_points([])
        ui.critical_note.setText("Finding the critical points (∇f = 0)…")
        ui.contour.set_critical_points(())
        ui.contour.show_domain(surface.domain)
        ui.surface.analysis_changed()
        ui.contour.set_message("")

    def show_first_picture(self, first: FirstSurface, field: Field) -> None:
        """The opening surface from the NumPy route, until its analysis arrives."""
        ui = self.ui
        ui.surface_note.setText(f"<b>{first.name}</b>" + (f": {first.note}"
                                                          if first.note else ""))
        ui.contour.show_domain(first.domain)
        ui.contour.set_field(field)

    def show_analysis(self, analysis: Analysis | None, parts: set[str]) -> None:
        ui = self.ui
        if "failed" in parts:
            message = self.model.analysis_error
            ui.critical_note.setText(f"The surface could not be analysed: {message}")
            if analysis is None or analysis.field is None:
                ui.contour.set_message(f"f cannot be drawn: {message}")
            return
        if "field" in parts:
            ui.contour.set_field(analysis.field)
            ui.formulas.show_partials(analysis.partials)
            self.show_problems()
        if "critical" in parts:
            points = analysis.critical.points
            ui.critical.set_points(points)
            ui.contour.set_critical_points(points)
            ui.critical_note.setText(analysis.critical.note
                                     or f"{len(points)} critical point(s) in the domain.")
        elif "error" in parts:
            ui.critical_note.setText(analysis.critical_error)
        ui.surface.analysis_changed()

    def paint_run(self, snapshot: DescentSnapshot | None) -> None:
        ui = self.ui
        ui.contour.paths.set_optimizers(tuple(
            (key, choices.optimizer_names()[key]) for key in self.model.settings.optimizers))
        ui.contour.paths.set_snapshot(snapshot, tuple(self.model.starts))
        ui.side.set_snapshot(snapshot)
        paused = self.model.run_worker.state != "running"
        ui.runs.set_snapshot(snapshot, paused)
        ui.surface.paths_changed()
        self.show_problems()
        ui.rewind.show_recorded(self.model.recorded_steps())
        if snapshot is not None:
            self.model.say(run_status(snapshot, paused))

    def show_problems(self) -> None:
        model = self.model
        field = model.analysis.field if model.analysis else None
        snapshot = model.run_snapshot if self.model.settings.mode == "trajectories" else None
        self.ui.contour.set_message(problems(snapshot, field))

    def show_mode(self, mode: str) -> None:
        basins = mode == "basins"
        ui = self.ui
        ui.contour.paths.set_visible(not basins)
        ui.tables.setCurrentWidget(ui.basins if basins else ui.runs)
        ui.rewind.show_recorded(self.model.recorded_steps())
        if not basins:
            ui.contour.set_basins(None, (0, 1, 0, 1))
        self.show_problems()

    def show_basins(self, snapshot: MultiStartSnapshot, label: str) -> None:
        self.ui.contour.set_basins(basin_image(snapshot), self.model.domain)
        self.ui.basins.set_snapshot(snapshot, label)
