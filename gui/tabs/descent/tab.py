"""The Gradient descent tab: f(x, y) as contours, its critical points, optimizers racing.

The state lives in :class:`gui.tabs.descent.model.DescentModel`; this class
wires the widgets' intents to it and draws what its events announce.  Three
workers keep the GUI thread free: ``analysis_worker`` computes the contour
picture and then the critical points of each new surface, ``run_worker``
drives the :class:`engine.descent.run.DescentRun` of the clicked starts,
``basin_worker`` the :class:`engine.descent.multistart.MultiStart` sweep of the
basin map.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.descent.first_surface import first_surface
from engine.job import OneShot
from gui.export_tabs import descent_plots, descent_tables
from gui.first_paint import after_first_paint
from gui.pool_worker import PoolWorker
from gui.tabs.base import LabTab
from gui.tabs.descent import choices
from gui.tabs.descent.analysis import AnalysisJob
from gui.tabs.descent.field import compute_field
from gui.tabs.descent.layout import build_layout, show_for_projector
from gui.tabs.descent.model import DescentModel, default_expression
from gui.tabs.descent.script import descent_script_source
from gui.tabs.descent.views import DescentViews
from gui.widgets.parameter_sliders import parameter_range
from gui.worker import Worker

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression

#: The demo counts as steady after this many steps even if a run is still crawling.
STEADY_STEPS = 50_000
PARAMETER_DEBOUNCE_MS = 150


def load_symbolic() -> Expression:
    """Import what the SymPy route runs on and read the opening surface's f with it
    (on a worker: the window stays live)."""
    import engine.symbolic.calculus  # noqa: F401

    return default_expression()


class DescentTab(LabTab):
    """Contours, ∇f, critical points, and optimizers racing from clicked starts."""

    title = "Gradient descent"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("descent_tab")
        self.status_text = ""
        self._parameter_timer = QTimer(self)
        self._parameter_timer.setSingleShot(True)
        self._parameter_timer.setInterval(PARAMETER_DEBOUNCE_MS)
        self.analysis_worker = PoolWorker(self)  # SymPy in a helper process, off the GIL
        self.run_worker = Worker(self)
        self.basin_worker = Worker(self)
        self.model = DescentModel(self.analysis_worker, self.run_worker, self.basin_worker,
                                  AnalysisJob, lambda name: parameter_range(name).start)
        self.ui = build_layout(self, self.model)
        self.views = DescentViews(self.ui, self.model)
        self._connect()
        self.symbolic_loader = Worker(self)
        self._first_picture()

    def _connect(self) -> None:
        ui, model = self.ui, self.model
        ui.formula.expression_changed.connect(model.set_expression)
        ui.domain.domain_changed.connect(model.set_domain)
        ui.parameters.values_changed.connect(lambda _values: self._parameter_timer.start())
        self._parameter_timer.timeout.connect(lambda: model.set_parameters(ui.parameters.values()))
        ui.optimizers.selection_changed.connect(lambda: model.choose_optimizers(
            ui.optimizers.chosen()))
        ui.optimizers.alpha_changed.connect(model.set_alpha)
        ui.optimizers.values_changed.connect(model.set_values)
        ui.optimizers.tolerance_changed.connect(model.set_tolerance)
        ui.optimizers.max_steps_changed.connect(model.set_max_steps)
        ui.mode.mode_changed.connect(model.set_mode)
        ui.mode.arrows_toggled.connect(model.set_arrows)
        ui.mode.clear_requested.connect(model.clear_starts)
        ui.mode.grid_changed.connect(model.set_grid)
        ui.basins.optimizer.currentIndexChanged.connect(lambda _i: model.choose_basin_optimizer(
            ui.basins.chosen()))
        ui.contour.clicked.connect(model.add_start)
        ui.mode.start_typed.connect(model.type_start)
        ui.surface.turned.connect(model.turn_surface)
        ui.views.currentChanged.connect(lambda i: model.show_view(choices.VIEWS[i]))
        ui.transport.play_requested.connect(model.play_pause)
        ui.transport.step_requested.connect(model.step)
        ui.transport.reset_requested.connect(model.reset)
        ui.transport.speed_changed.connect(self._on_speed)
        ui.rewind.rewind_requested.connect(model.rewind)
        ui.transport.enable_record()
        ui.transport.record_requested.connect(self.open_recorder)
        self.analysis_worker.snapshot.connect(model.on_analysis)
        self.analysis_worker.error.connect(model.on_analysis_error)
        self.analysis_worker.finished.connect(model.on_analysis_done)
        self.run_worker.snapshot.connect(model.on_run_snapshot)
        self.basin_worker.snapshot.connect(model.on_basin_snapshot)
        for worker in (self.run_worker, self.basin_worker):
            worker.error.connect(self._on_run_error)
            worker.state_changed.connect(lambda _s: ui.transport.show_state(model.worker.state))
        # "running" or "paused" in the runs table and status bar follows Play and Pause
        self.run_worker.state_changed.connect(lambda _s: self.views.paint_run(model.run_snapshot))
        model.connect("status", self._say)
        model.connect("analysis", self._typeset_after_picture)

    def _first_picture(self) -> None:
        """The opening surface drawn from the NumPy route (``engine.numeric``) in the
        event-loop turn after the layout's first paint (its contours would hold the
        window longer than a turn may, issue 14): SymPy and the engine's symbolic
        modules (about a second of imports) load on a worker after that, then the
        formula is read as any other and its analysis takes over, unless a formula was
        set meanwhile (a session, a typed formula)."""
        first = first_surface(choices.DEFAULT_SURFACE)
        self.ui.formula.line.setText(first.formula.text)
        self.symbolic_loader.snapshot.connect(self._on_symbolic_loaded)
        self.symbolic_loader.error.connect(self._on_symbolic_failed)
        after_first_paint(self.ui.contour.widget, partial(self._draw_first_picture, first))

    def _draw_first_picture(self, first: Any) -> None:
        if self.model.expression is None and not self.model.ready:
            self.model.show_first_picture(first, compute_field(first))
        # after the picture's paint: the import would hold the GIL the paint needs
        after_first_paint(self.ui.contour.widget,
                          lambda: self.symbolic_loader.start(OneShot(load_symbolic)))

    def _on_symbolic_loaded(self, expression: Expression | None) -> None:
        """The SymPy route takes over, with f read on the worker."""
        if expression is None or self.model.expression is not None:
            return  # the worker's first, empty snapshot, or a formula was set meanwhile
        self.ui.formula.show_expression(expression)
        self.model.set_expression(expression)

    def _on_symbolic_failed(self, message: str) -> None:
        self.model.say(f"The symbolic engine could not be loaded: {message}")

    @property
    def has_first_picture(self) -> bool:
        """f is drawn (from either route: bench/startup.py waits for it)."""
        return self.model.ready or self.model.first_picture is not None

    # ---- LabTab ---------------------------------------------------------
    def start_demo(self) -> None:
        """Himmelblau, gradient descent, momentum and Adam from two starts: play."""
        self.model.set_mode("trajectories")
        self.model.choose_optimizers(list(choices.DEFAULT_OPTIMIZERS))
        self.ui.formula.set_text(default_expression().text)
        self.model.play_pause()

    def is_steady(self) -> bool:
        model = self.model
        analysis = model.analysis
        analysed = analysis is not None and analysis.surface is model.surface and (
            analysis.critical is not None or bool(analysis.critical_error))
        if not (analysed or model.analysis_failed) or self.ui.formulas.busy:
            return False
        if self.mode == "basins":
            return model.basin_snapshot is not None and model.basin_snapshot.finished
        snap = model.run_snapshot
        return snap is not None and (snap.finished or snap.step >= STEADY_STEPS)

    @property
    def mode(self) -> str:
        return self.model.settings.mode

    @property
    def worker(self) -> Worker:
        """The worker the transport keys drive in the current mode."""
        return self.model.worker

    @property
    def ready(self) -> bool:
        return self.model.ready

    def play_pause(self) -> None:
        self.model.play_pause()

    def step(self) -> None:
        self.model.step()

    def reset(self) -> None:
        self.model.reset()

    def add_start(self, x: float, y: float) -> None:
        self.model.add_start(x, y)

    def clear_starts(self) -> None:
        self.model.clear_starts()

    def progress(self) -> tuple[int, bool] | None:
        snap = self.model.run_snapshot
        return None if snap is None else (snap.step, snap.finished)

    def set_projector(self, on: bool) -> None:
        show_for_projector(self.ui, on)

    def shutdown(self) -> None:
        for worker in (self.symbolic_loader, self.analysis_worker, self.run_worker,
                       self.basin_worker):
            worker.shutdown()
        self.ui.formulas.queue.shutdown()
        self.ui.formula.shutdown()

    def export_target(self) -> Any:
        return self.ui.contour.plot

    def open_recorder(self, units: int | None = None) -> Any:
        from gui.record.descent import open_descent_recorder  # not needed to start

        dialog = open_descent_recorder(self)
        if units:
            dialog.units.setValue(units)
        return dialog

    def export_plots(self) -> list[Any]:
        return descent_plots(self)

    def export_tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        return {**super().export_tables(), **descent_tables(self)}

    def export_scripts(self) -> dict[str, Callable[[], str]]:
        return {"Descent run as a Python script (NumPy only)":
                partial(descent_script_source, self)}

    def state(self) -> dict[str, Any]:
        if self.model.expression is None:  # asked before SymPy loaded: read f now
            self._on_symbolic_loaded(load_symbolic())
        return self.model.state()

    def set_state(self, state: dict[str, Any]) -> None:
        self.model.set_state(state)

    def _on_run_error(self, message: str) -> None:
        self.ui.contour.set_message(f"The run stopped: {message}")
        self.model.on_run_error(message)

    def _on_speed(self, rate: float | None) -> None:
        for worker in (self.run_worker, self.basin_worker):
            worker.set_speed_limit(rate)

    def _typeset_after_picture(self, _analysis: Any, parts: set[str]) -> None:
        # matplotlib's import for the first formula would compete with the first contour
        # picture for the GIL: typesetting starts once that picture is drawn (or failed)
        if parts & {"field", "failed"}:
            QTimer.singleShot(0, self.ui.formulas, self.ui.formulas.typeset_from_now)

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text)
