"""The Derivatives tab: type f(x); see f, f′, f″, the tangent, the secant and the critical points.

Three speeds of work keep it interactive:

- a parameter slider or x₀ only re-evaluates f, f′, f″ (compiled once per
  formula) on ``SAMPLES`` points and asks the engine for the tangent, secant and
  Δy/Δx table: no SymPy on the way;
- a new formula sends f to the engine for f′, f″ and the derivation on the
  symbolic worker (SymPy can be slow on a hostile formula);
- the critical points depend on the parameters and the range, so they are
  recomputed on the critical worker a moment after the last change.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.job import OneShot
from engine.symbolic.calculus import difference_quotients, secant, tangent
from engine.symbolic.expressions import Expression
from gui.tabs.base import LabTab
from gui.tabs.derivatives.controls import PointControls, RangeControls
from gui.tabs.derivatives.jobs import (
    CriticalResult,
    Derivatives,
    differentiate,
    find_critical_points,
)
from gui.tabs.derivatives.layout import build_layout
from gui.tabs.derivatives.presets import (
    DEFAULT_DX,
    DEFAULT_FORMULA,
    DEFAULT_X0,
    DEFAULT_X_RANGE,
    MIN_X_SPAN,
)
from gui.tabs.derivatives.readouts import describe_extrema, describe_tangent
from gui.tabs.derivatives.state import TabState
from gui.widgets.parameter_sliders import parameter_range
from gui.worker import Worker

SAMPLES = 2000
CRITICAL_DEBOUNCE_MS = 150
#: Δx values of the limit table, after the Δx of the slider.
TABLE_DXS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6)


class DerivativesTab(LabTab):
    """f(x) with f′, f″, tangent and secant at x₀, derivation and critical points."""

    title = "Derivatives"
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("derivatives_tab")
        self.status_text = ""
        self.expression: Expression | None = None
        self.derivatives: Derivatives | None = None
        self.critical: CriticalResult | None = None
        self.params: dict[str, float] = {}
        self._remembered: dict[str, float] = {}
        self.x0 = DEFAULT_X0
        self.dx = DEFAULT_DX
        self.x_range = DEFAULT_X_RANGE
        self.xs = np.linspace(*self.x_range, SAMPLES)
        self.curve_values: list[np.ndarray | None] = [None, None, None]
        self.ui = build_layout(self)
        self.range_controls: RangeControls = self.ui.range_controls
        self.point_controls: PointControls = self.ui.point_controls
        self.symbolic_worker = Worker(self)
        self.critical_worker = Worker(self)
        self._critical_timer = QTimer(self)
        self._critical_timer.setSingleShot(True)
        self._critical_timer.setInterval(CRITICAL_DEBOUNCE_MS)
        self._connect()
        self.reset()  # a first start (no session, no saved state) opens on the notes' example

    def _connect(self) -> None:
        ui = self.ui
        ui.formula.expression_changed.connect(self._on_expression)
        ui.parameters.values_changed.connect(self._on_parameters)
        self.range_controls.range_changed.connect(self._on_range)
        self.range_controls.toggles_changed.connect(self._on_toggles)
        self.point_controls.x0_changed.connect(self.set_x0)
        self.point_controls.dx_changed.connect(self._on_dx)
        ui.plot.x0_moved.connect(self._on_x0_dragged)
        self.symbolic_worker.snapshot.connect(self._on_derivatives)
        self.symbolic_worker.error.connect(self._on_symbolic_error)
        self.critical_worker.snapshot.connect(self._on_critical)
        self.critical_worker.error.connect(self._on_critical_error)
        self._critical_timer.timeout.connect(self._start_critical)

    # ---- formula ---------------------------------------------------------
    def _on_expression(self, expression: Expression) -> None:
        self.expression = expression
        self.derivatives = None
        self.critical = None
        self.ui.parameters.set_parameters(expression.parameters, self._remembered)
        self.params = self.ui.parameters.values()
        self.ui.queue.clear()
        self.ui.formulas.show_function(expression.latex, expression.plain)
        self.ui.formulas.show_waiting()
        self.ui.steps.show_message("Working out the derivation…")
        self.ui.critical_table.show_points([])
        self.ui.extrema.setText("")
        self.ui.plot.set_critical_points([])
        self._critical_timer.stop()
        self.critical_worker.cancel()
        self.replot(autoscale=True)
        self.symbolic_worker.start(OneShot(partial(differentiate, expression)))
        self._say(f"f(x) = {expression.plain}: differentiating…")

    def _on_derivatives(self, result: Derivatives | None) -> None:
        if result is None or result.expression is not self.expression:
            return  # the worker's first, empty snapshot, or an older formula's result
        self.derivatives = result
        second = None if result.second is None else (result.second.latex, result.second.plain)
        self.ui.formulas.show_derivatives((result.first_latex, result.first.plain), second,
                                          result.second_problem)
        self.ui.steps.show_steps(result.steps)
        self.replot(autoscale=True)
        self._critical_timer.start()
        self._say(f"f′(x) = {result.first.plain}")

    def _on_symbolic_error(self, message: str) -> None:
        self.ui.formulas.show_failure(f"Could not differentiate this formula: {message}")
        self.ui.steps.show_message("No derivation: the derivative could not be computed.")
        self._say(f"Could not differentiate: {message}")

    # ---- parameters, range, toggles, x₀, Δx ------------------------------
    def _on_parameters(self, values: dict[str, float]) -> None:
        self.params = values
        self._remembered.update(values)
        self.critical = None
        self.replot(autoscale=True)
        if self.derivatives is not None:
            self._critical_timer.start()

    def _on_range(self) -> None:
        low, high = self.range_controls.x_range()
        if not high - low > MIN_X_SPAN:
            self.ui.range_error.setText("x min must be less than x max: keeping the last range.")
            self.ui.range_error.show()
            return
        self.ui.range_error.hide()
        self.x_range = (low, high)
        self.xs = np.linspace(low, high, SAMPLES)
        self.x0 = min(max(self.x0, low), high)
        self.point_controls.set_x0(self.x0)
        self.critical = None
        self.replot(autoscale=True)
        if self.derivatives is not None:
            self._critical_timer.start()

    def _on_toggles(self) -> None:
        self.ui.plot.set_visible_curves(self.range_controls.shown())
        self._autoscale()

    def set_x0(self, x0: float) -> None:
        """Move the point of tangency (clamped to the plotted range)."""
        self.x0 = min(max(float(x0), self.x_range[0]), self.x_range[1])
        self.point_controls.set_x0(self.x0)
        self._update_point()

    def _on_x0_dragged(self, x0: float) -> None:
        self.set_x0(x0)

    def _on_dx(self, dx: float) -> None:
        self.dx = dx
        self._update_point()

    # ---- painting --------------------------------------------------------
    def replot(self, autoscale: bool = False) -> None:
        """Evaluate f, f′, f″ on the samples with the current parameters and paint them."""
        if self.expression is None:
            return
        d = self.derivatives
        functions = (self.expression, *((d.first, d.second) if d else (None, None)))
        self.curve_values = [None if f is None else f(self.xs, **self.params)
                             for f in functions]
        self.ui.plot.set_curves(self.xs, self.curve_values)
        nowhere = not np.isfinite(self.curve_values[0]).any()
        self.ui.plot_message.setVisible(nowhere)
        if nowhere:
            low, high = self.x_range
            self.ui.plot_message.setText(
                f"f(x) is not defined (or not finite) anywhere on [{low:g}, {high:g}]: "
                "try another range or parameter value."
            )
        if autoscale:
            self._autoscale()
        self._update_point()

    def _autoscale(self) -> None:
        shown = [v for v, on in zip(self.curve_values, self.range_controls.shown(), strict=True)
                 if on and v is not None]
        self.ui.plot.set_view(self.x_range, shown)

    def _update_point(self) -> None:
        """Tangent, secant and the Δy/Δx table at x₀, all from the engine."""
        if self.expression is None:
            return
        f, x0, params = self.expression, self.x0, self.params
        y0 = float(f(np.asarray(x0), **params))
        self.ui.plot.set_x0(x0, y0 if math.isfinite(y0) else None)
        dx = min(self.dx, self.x_range[1] - self.x_range[0])
        cut = secant(f, x0, dx, params)
        ends = ([cut.x0, cut.x1], [cut.y0, cut.y1]) if math.isfinite(cut.slope) else ([], [])
        self.ui.plot.set_secant(*ends)
        if self.derivatives is None:
            self.ui.plot.set_tangent([], [])
            self.ui.tangent_label.setText(describe_tangent(None, cut))
            return
        line = tangent(f, x0, params)
        if math.isfinite(line.slope) and math.isfinite(line.y0):
            self.ui.plot.set_tangent(self.x_range, line.line(self.x_range))
        else:
            self.ui.plot.set_tangent([], [])
        self.ui.tangent_label.setText(describe_tangent(line, cut))
        rows = difference_quotients(f, x0, (dx, *TABLE_DXS), params)
        self.ui.secant_table.show_quotients([(r.dx, r.quotient, r.error) for r in rows],
                                            line.slope)

    # ---- critical points -------------------------------------------------
    def _start_critical(self) -> None:
        if self.expression is None or self.derivatives is None:
            return
        job = OneShot(partial(find_critical_points, self.expression, self.x_range,
                              self._params_key()))
        self.ui.extrema.setText("Looking for the solutions of f′(x) = 0…")
        self.critical_worker.start(job)

    def _params_key(self) -> tuple[tuple[str, float], ...]:
        return tuple(sorted(self.params.items()))

    def _on_critical(self, result: CriticalResult | None) -> None:
        if result is None or (result.expression, result.domain, result.params) != (
            self.expression, self.x_range, self._params_key()
        ):
            return  # an answer to a question no longer asked
        self.critical = result
        points = result.found.points
        rows = [(p.x, p.value, p.test.get("f''", math.nan), p.kind) for p in points]
        self.ui.critical_table.show_points(rows)
        self.ui.plot.set_critical_points([(p.x, p.value, p.kind) for p in points])
        self.ui.extrema.setText(describe_extrema(result.found, result.domain))

    def _on_critical_error(self, message: str) -> None:
        self.ui.critical_table.show_points([])
        self.ui.plot.set_critical_points([])
        self.ui.extrema.setText(f"Critical points could not be found: {message}")

    def _say(self, text: str) -> None:
        self.status_text = text
        self.status.emit(text)

    # ---- LabTab ----------------------------------------------------------
    def start_demo(self) -> None:
        if self.expression is None:
            self.reset()

    def is_steady(self) -> bool:
        return (self.derivatives is not None and self.critical is not None
                and not self.symbolic_worker.is_running and not self.critical_worker.is_running
                and not self.ui.queue.busy)

    def reset(self) -> None:
        """The notes' product-rule example (x⁴+2)·cos x on −3…3 with x₀ = 1."""
        self._remembered = {}
        self.set_state(TabState().to_dict())

    def shutdown(self) -> None:
        self._critical_timer.stop()
        self.ui.queue.shutdown()
        self.symbolic_worker.shutdown()
        self.critical_worker.shutdown()

    def export_target(self) -> Any:
        return self.ui.plot.getPlotItem()

    def state(self) -> dict[str, Any]:
        return TabState(
            formula=self.expression.text if self.expression else DEFAULT_FORMULA,
            parameters=dict(self.params),
            x0=self.x0,
            dx=self.dx,
            x_range=self.x_range,
            shown=tuple(self.range_controls.shown()),
        ).to_dict()

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`state`'s dict; ValueError (and nothing changed) if it does not fit."""
        wanted = TabState.from_dict(state)
        controls = self.range_controls
        for box, value in zip((controls.x_min, controls.x_max), wanted.x_range, strict=True):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        for box, on in zip(controls.toggles, wanted.shown, strict=True):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)
        self.ui.plot.set_visible_curves(wanted.shown)
        self.point_controls.dx.blockSignals(True)
        self.point_controls.dx.set_value(wanted.dx)
        self.point_controls.dx.blockSignals(False)
        self.dx = self.point_controls.dx.value()
        self.x0 = wanted.x0
        self._remembered.update(wanted.parameters)
        self._on_range()
        if not self.ui.formula.set_text(wanted.formula):
            raise ValueError(f"the formula {wanted.formula!r} cannot be read")
        self.ui.parameters.set_values(
            {name: wanted.parameters.get(name, parameter_range(name).start)
             for name in self.ui.parameters.sliders}
        )
        self._on_parameters(self.ui.parameters.values())
