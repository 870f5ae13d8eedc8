"""The Derivatives tab: type f(x); see f, f′, f″, the tangent, the secant and the critical points.

The state lives in :class:`~gui.tabs.derivatives.model.DerivativesModel` (Qt-free);
this class connects the widgets' intents to it and redraws on its events. Three
speeds of work keep it interactive:

- x₀ only asks the engine for the tangent, secant and Δy/Δx table (a few
  evaluations of the compiled f, on the GUI thread);
- a parameter slider or the range re-samples f, f′, f″ on the curve worker
  (finding poles and jumps takes some 70 evaluations per curve: seconds for a
  heavy formula); only the newest request runs, and the plot keeps the last
  curves until the new ones arrive;
- a new formula sends f to the engine for f′, f″ and the derivation on the
  symbolic worker (SymPy can be slow on a hostile formula);
- the critical points depend on the parameters and the range, so they are
  recomputed on the critical worker a moment after the last change.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from engine.notation import handwritten

# imported with this module (on _LazyPage's preload thread), not by the first build
from engine.numeric.curves import first_curves
from engine.numeric.formula import read_numeric
from gui.export_tabs import derivatives_plots, derivatives_tables
from gui.first_paint import after_first_paint
from gui.pool_worker import PoolWorker
from gui.tabs.base import LabTab
from gui.tabs.derivatives.controls import PointControls, RangeControls
from gui.tabs.derivatives.latest import LatestJob
from gui.tabs.derivatives.layout import build_layout, set_quietly
from gui.tabs.derivatives.model import DerivativesModel
from gui.tabs.derivatives.plot import CURVE_NAMES
from gui.tabs.derivatives.presets import DEFAULT_FORMULA
from gui.tabs.derivatives.readouts import describe_extrema, describe_tangent
from gui.tabs.derivatives.sampling import CurveJob
from gui.tabs.derivatives.state import TabState
from gui.widgets.parameter_sliders import parameter_range
from gui.worker import Worker

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression
    from gui.tabs.derivatives.jobs import CriticalResult, Derivatives
    from gui.tabs.derivatives.point import PointAnalysis

CRITICAL_DEBOUNCE_MS = 150


def load_symbolic() -> Expression:
    """Import what the SymPy route runs on and read the notes' example with it,
    compiled (on a worker: the window stays live)."""
    import gui.tabs.derivatives.jobs
    import gui.tabs.derivatives.point  # noqa: F401
    from engine.symbolic.expressions import parse

    return parse(DEFAULT_FORMULA).prepare()


class DerivativesTab(LabTab):
    """f(x) with f′, f″, tangent and secant at x₀, derivation and critical points."""

    title = "Derivatives"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("derivatives_tab")
        self.model = DerivativesModel()
        self._example_due = True  # the first picture, drawn after the layout's first paint
        self.ui = build_layout(self)
        self.range_controls: RangeControls = self.ui.range_controls
        self.point_controls: PointControls = self.ui.point_controls
        # SymPy runs in a helper process: on a thread it held the GIL the window paints with
        self.symbolic_worker = PoolWorker(self)
        self.critical_worker = PoolWorker(self)
        self.curves = LatestJob(self, CurveJob, self.model.receive_curves,
                                self._on_sampling_error)
        self._critical_timer = QTimer(self)
        self._critical_timer.setSingleShot(True)
        self._critical_timer.setInterval(CRITICAL_DEBOUNCE_MS)
        self._connect()
        self.symbolic_loader = Worker(self)
        self._first_picture()

    def _connect(self) -> None:
        ui, model = self.ui, self.model
        ui.formula.expression_changed.connect(self._on_expression)
        ui.parameters.values_changed.connect(model.set_parameters)
        self.range_controls.range_changed.connect(
            lambda: model.set_range(*self.range_controls.x_range()))
        self.range_controls.toggles_changed.connect(
            lambda: model.set_view(self.range_controls.shown(),
                                   self.range_controls.fit_to_f.isChecked()))
        self.point_controls.x0_changed.connect(model.set_x0)
        self.point_controls.dx_changed.connect(model.set_dx)
        ui.plot.x0_moved.connect(model.set_x0)
        self.symbolic_worker.snapshot.connect(model.receive_derivatives)
        self.symbolic_worker.error.connect(self._on_symbolic_error)
        self.critical_worker.snapshot.connect(model.receive_critical)
        self.critical_worker.error.connect(self._on_critical_error)
        self._critical_timer.timeout.connect(self._start_critical)
        for event, slot in (
            ("formula", self._show_formula), ("derivatives", self._show_derivatives),
            ("curves", self._show_curves), ("point", self._show_point),
            ("critical", self._show_critical), ("refused", self._show_refusal),
            ("view", self._show_view), ("differentiate", self._differentiate),
            ("find_critical", self._critical_timer.start), ("sample", self.curves.request),
        ):
            model.connect(event, slot)

    def _first_picture(self) -> None:
        """A first start opens on the notes' example: drawn from the NumPy route
        (``engine.numeric``) in the event-loop turn after the layout's first paint (the
        sampling would hold the window longer than a turn may, issue 14); SymPy and the
        engine's symbolic modules (about a second of imports) load on a worker after
        that, then :meth:`reset` puts the SymPy route in charge, unless a formula was
        set meanwhile (a session, a typed formula)."""
        state = TabState()
        self.model.adopt(state)
        self.ui.formula.line.setText(state.formula)
        self.symbolic_loader.snapshot.connect(self._on_symbolic_loaded)
        self.symbolic_loader.error.connect(self._on_symbolic_failed)
        after_first_paint(self.ui.plot, self._draw_example)

    def _draw_example(self) -> None:
        if self._example_due:
            self._example_due = False
            text = TabState().formula
            self.model.show_preview(text, first_curves(read_numeric(text), self.model.xs))
        # after the picture's paint: the import would hold the GIL the paint needs
        after_first_paint(self.ui.plot, lambda: self.symbolic_loader.start(OneShot(load_symbolic)))

    def _on_symbolic_loaded(self, expression: Expression | None) -> None:
        """The SymPy route takes over, with the example read (and compiled) on the worker."""
        if expression is None or self.model.expression is not None:
            return  # the worker's first, empty snapshot, or a formula was set meanwhile
        self.ui.formula.show_expression(expression)
        self._on_expression(expression)

    def _on_symbolic_failed(self, message: str) -> None:
        self._say(f"The symbolic engine could not be loaded: {message}")

    @property
    def has_first_picture(self) -> bool:
        """Every curve shown is drawn (from either route: bench/startup.py waits for it)."""
        m = self.model
        return all(v is not None for v, on in zip(m.curve_values, m.shown, strict=True) if on)

    # ---- intents that need a widget's answer first ------------------------
    def _on_expression(self, expression: Expression) -> None:
        self._example_due = False
        self.ui.parameters.set_parameters(expression.parameters, self.model.remembered)
        self.model.set_expression(expression, self.ui.parameters.values())

    def set_x0(self, x0: float) -> None:
        """Move the point of tangency (clamped to the plotted range)."""
        self.model.set_x0(x0)

    # ---- work on the workers ----------------------------------------------
    def _differentiate(self, expression: Expression) -> None:
        from gui.tabs.derivatives.jobs import differentiate

        # the answer comes back as a copy: the model recognises its formula by identity
        self.symbolic_worker.start(OneShot(partial(differentiate, expression)),
                                   received=partial(replace, expression=expression))
        self._say(f"f(x) = {expression.plain}: differentiating…")

    def _start_critical(self) -> None:
        m = self.model
        if m.expression is None or m.derivatives is None:
            return
        from gui.tabs.derivatives.jobs import find_critical_points

        self.ui.extrema.setText("Looking for the solutions of f′(x) = 0…")
        self.critical_worker.start(OneShot(partial(find_critical_points, m.expression,
                                                   m.x_range, m.params_key())))

    def _on_symbolic_error(self, message: str) -> None:
        self.ui.formulas.show_failure(f"Could not differentiate this formula: {message}")
        self.ui.steps.show_message("No derivation: the derivative could not be computed.")
        self._say(f"Could not differentiate: {message}")

    def _on_sampling_error(self, message: str) -> None:
        self.ui.plot_message.setText(f"The curves could not be drawn: {message}")
        self.ui.plot_message.setVisible(True)

    def _on_critical_error(self, message: str) -> None:
        self.ui.critical_table.show_points([])
        self.ui.plot.set_critical_points([])
        self.ui.extrema.setText(f"Critical points could not be found: {message}")

    # ---- views of the model -----------------------------------------------
    def _show_formula(self, expression: Expression) -> None:
        ui = self.ui
        ui.queue.clear()
        ui.formulas.show_function(expression.latex, expression.plain)
        ui.formulas.show_waiting()
        ui.steps.show_message("Working out the derivation…")
        ui.critical_table.show_points([])
        ui.extrema.setText("")
        ui.plot.set_critical_points([])
        self._critical_timer.stop()
        self.critical_worker.cancel()

    def _show_derivatives(self, result: Derivatives) -> None:
        second = None if result.second is None else (result.second_latex, result.second_plain)
        self.ui.formulas.show_derivatives((result.first_latex, result.first_plain), second,
                                          result.second_problem)
        self.ui.steps.show_steps(result.steps)
        self._say(f"f′(x) = {handwritten(result.first_plain)}")

    def _show_curves(self, autoscale: bool) -> None:
        m, ui = self.model, self.ui
        ui.plot.set_curves(m.xs, m.curve_values, m.curve_ends)
        ui.plot_message.setVisible(m.defined_nowhere())
        if m.defined_nowhere():
            low, high = m.x_range
            ui.plot_message.setText(
                f"f(x) is not defined (or not finite) anywhere on [{low:g}, {high:g}]: "
                "try another range or parameter value."
            )
        if autoscale:
            ui.plot.set_view(m.x_range, m.fitted_curves())

    def _show_point(self, point: PointAnalysis) -> None:
        plot = self.ui.plot
        plot.set_x0(point.x0, point.y0 if math.isfinite(point.y0) else None)
        self.point_controls.set_x0(point.x0)
        cut = point.secant
        plot.set_secant(*(([cut.x0, cut.x1], [cut.y0, cut.y1]) if math.isfinite(cut.slope)
                          else ([], [])))
        if point.has_tangent_line:
            plot.set_tangent(self.model.x_range, point.tangent.line(self.model.x_range))
        else:
            plot.set_tangent([], [])  # f′(x₀) does not exist: no line pretends it does
        self.ui.tangent_label.setText(describe_tangent(point))
        if point.slope is not None:
            self.ui.secant_table.show_quotients(point.rows, point.slope, marked=point.dx)

    def _show_critical(self, result: CriticalResult | None) -> None:
        if result is None:
            return  # being recomputed: the last answer stays until the new one arrives
        points = result.found.points
        self.ui.critical_table.show_points(points)
        self.ui.plot.set_critical_points([(p.x, p.value, p.kind) for p in points])
        self.ui.extrema.setText(describe_extrema(result.found, result.domain))

    def _show_refusal(self, field: str, message: str) -> None:
        self.ui.range_error.setText(message)
        self.ui.range_error.setVisible(bool(message))

    def _show_view(self) -> None:
        """Every control shows the value the model uses; the plot shows what is asked."""
        m, controls = self.model, self.range_controls
        for box, on in zip(controls.toggles, m.shown, strict=True):
            set_quietly(box, box.setChecked, on)
        set_quietly(controls.fit_to_f, controls.fit_to_f.setChecked, m.fit_to_f)
        for box, value in zip((controls.x_min, controls.x_max), m.x_range, strict=True):
            set_quietly(box, box.setValue, value)
        set_quietly(self.point_controls.dx, self.point_controls.dx.set_value, m.dx)
        self.ui.plot.set_visible_curves(m.shown)
        self.ui.plot.set_view(m.x_range, m.fitted_curves())

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text)

    # ---- LabTab ----------------------------------------------------------
    def start_demo(self) -> None:
        if self.model.expression is None:
            self.reset()

    def is_steady(self) -> bool:
        return (self.model.is_complete() and not self.symbolic_loader.is_running
                and not self.symbolic_worker.is_running
                and not self.critical_worker.is_running and not self.curves.busy
                and not self.ui.queue.busy and not self.ui.steps.filling)

    def reset(self) -> None:
        """The notes' product-rule example (x⁴+2)·cos x on −3…3 with x₀ = 1."""
        self.model.remembered.clear()
        self.set_state(TabState().to_dict())

    def set_projector(self, on: bool) -> None:
        """Projector: the secant and critical-point tables hide; plot, formulas and steps stay."""
        self.ui.secant_table.setVisible(not on)
        self.ui.critical_table.setVisible(not on)

    def shutdown(self) -> None:
        self._critical_timer.stop()
        self.ui.formula.shutdown()
        self.ui.queue.shutdown()
        self.symbolic_loader.shutdown()
        self.symbolic_worker.shutdown()
        self.critical_worker.shutdown()
        self.curves.shutdown()

    def export_target(self) -> Any:
        return self.ui.plot.getPlotItem()

    def export_plots(self) -> list[Any]:
        return derivatives_plots(self, CURVE_NAMES)

    def export_tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        return {**super().export_tables(), **derivatives_tables(self)}

    def state(self) -> dict[str, Any]:
        m = self.model
        return m.state(m.expression.text if m.expression else DEFAULT_FORMULA)

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`state`'s dict; ValueError (and nothing changed) if it does not fit."""
        wanted = TabState.from_dict(state)
        self.model.adopt(wanted)
        if not self.ui.formula.set_text(wanted.formula):
            raise ValueError(f"the formula {wanted.formula!r} cannot be read")
        self._example_due = False
        self.ui.parameters.set_values(
            {name: wanted.parameters.get(name, parameter_range(name).start)
             for name in self.ui.parameters.sliders}
        )  # moved quietly: the model is told once
        self.model.set_parameters(self.ui.parameters.values())
