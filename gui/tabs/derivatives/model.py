"""The Derivatives tab's state in one place, without Qt (issue 15's evented model).

The model owns what the engine is using: the formula and its parameters, x₀, Δx,
the plotted range, which curves are shown, the results (f′, f″, the derivation,
the critical points) and the samples drawn. Widgets send intents (``set_x0``,
``set_range`` …) and redraw when the model emits an event:

- ``"formula"(expression)``: a new formula; its derivatives are being worked out;
- ``"derivatives"(result)``: f′, f″ and the derivation arrived;
- ``"sample"(request)``: f, f′, f″ must be sampled again (a
  :class:`~gui.tabs.derivatives.sampling.CurveRequest`): the view runs it on a worker
  (poles and jumps cost some 70 evaluations per curve) and hands the
  :class:`~gui.tabs.derivatives.sampling.CurveSamples` back to ``receive_curves``;
- ``"curves"(autoscale)``: the samples of f, f′, f″ changed;
- ``"point"(point)``: the tangent, secant and limit table at x₀ changed;
- ``"critical"(result or None)``: critical points arrived (None: being recomputed);
- ``"refused"(field, message)``: an input was refused ("" message: accepted again);
- ``"view"()``: which curves are shown, or how the y axis fits, changed;
- ``"differentiate"(expression)`` / ``"find_critical"()``: work the view should run
  on a worker (SymPy can be slow), handing the answer back to ``receive_*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from gui.evented import Evented
from gui.tabs.derivatives.numbers import x0_value
from gui.tabs.derivatives.presets import MIN_X_SPAN
from gui.tabs.derivatives.sampling import CurveRequest, CurveSamples
from gui.tabs.derivatives.state import TabState

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression
    from gui.tabs.derivatives.jobs import CriticalResult, Derivatives
    from gui.tabs.derivatives.point import PointAnalysis

SAMPLES = 2000


class DerivativesModel(Evented):
    """Formula, parameters, x₀, Δx, range, shown curves and every result derived from them."""

    def __init__(self) -> None:
        super().__init__()
        defaults = TabState()
        self.expression: Expression | None = None
        self.derivatives: Derivatives | None = None
        self.critical: CriticalResult | None = None
        self.params: dict[str, float] = {}
        self.remembered: dict[str, float] = {}  # slider values kept across formulas
        self.x0 = defaults.x0
        self.dx = defaults.dx
        self.x_range = defaults.x_range
        self.shown: tuple[bool, bool, bool] = defaults.shown
        self.fit_to_f = defaults.fit_to_f
        self.xs = np.linspace(*self.x_range, SAMPLES)
        self.curve_values: list[np.ndarray | None] = [None, None, None]
        # (x, y) where f′ or f″ ends beside a point it does not exist at (hollow circles)
        self.curve_ends: list[tuple[tuple[float, float], ...] | None] = [None, None, None]
        self.sampling: CurveRequest | None = None  # asked for, not (wholly) answered yet
        self._sampled: CurveRequest | None = None  # what the curves on show answer
        self.point: PointAnalysis | None = None
        # the formula whose first picture (NumPy route) is on show until its derivatives
        # arrive from the SymPy route ("" once they have, or for another formula)
        self.preview = ""

    # ---- intents -----------------------------------------------------------
    def show_preview(self, text: str, curves: Sequence[np.ndarray]) -> None:
        """The first picture before SymPy is loaded: f, f′, f″ of ``text`` at ``xs`` from
        the NumPy route (``engine.numeric.curves.first_curves``), kept until the SymPy
        route's curve of the same order replaces it (``receive_curves``)."""
        self.preview = text
        self.curve_values = list(curves)
        self.curve_ends = [(), (), ()]
        self.emit("curves", True)

    def set_expression(self, expression: Expression, params: Mapping[str, float]) -> None:
        """A new formula with the parameter values its sliders show; f′ is asked for."""
        if expression.text != self.preview or params:
            self.preview = ""  # another question than the first picture answers
        self.expression = expression
        self.derivatives = None
        self.critical = None
        self.params = dict(params)
        self.emit("formula", expression)
        self._recompute(autoscale=True)
        self.emit("differentiate", expression)

    def receive_derivatives(self, result: Derivatives | None) -> bool:
        """Take f′, f″ and the derivation if they belong to the current formula."""
        if result is None or result.expression is not self.expression:
            return False  # a worker's first empty snapshot, or an older formula's answer
        self.derivatives = result
        self.preview = ""  # f′ and f″ are the SymPy route's from now on
        self.emit("derivatives", result)
        self._recompute(autoscale=True)
        self.emit("find_critical")
        return True

    def receive_curves(self, samples: CurveSamples | None) -> bool:
        """Take samples if they answer the request asked last.

        Part of a set is shown when what is on show belongs to another formula (it is
        no use any more) or to the same question (f′ and f″ joining f); new parameters
        or a new range keep the last whole set on show until the new one is complete,
        so a slider drag never makes f′ or f″ blink.
        """
        if samples is None or samples.request is not self.sampling:
            return False
        request = samples.request
        values, ends = list(samples.values), list(samples.ends)
        if self.preview and self.derivatives is None:
            # f arrives before f′ and f″ are known: the first picture's stay meanwhile
            values = [new if new is not None else old
                      for new, old in zip(values, self.curve_values, strict=True)]
            ends = [new if new is not None else old
                    for new, old in zip(ends, self.curve_ends, strict=True)]
        elif not samples.done:
            if all(v is None for v in values):
                return False
            if _same_question(self._sampled, request):
                values = [new if new is not None else old
                          for new, old in zip(values, self.curve_values, strict=True)]
                ends = [new if new is not None else old
                        for new, old in zip(ends, self.curve_ends, strict=True)]
            elif self._sampled is not None and self._sampled.expression is request.expression:
                return False
        if samples.done:
            self.sampling = None
        self.curve_values, self.curve_ends, self._sampled = values, ends, request
        self.emit("curves", request.autoscale)
        return True

    def set_parameters(self, values: Mapping[str, float]) -> None:
        if values:
            self.preview = ""  # drawn with no parameters
        self.params = dict(values)
        self.remembered.update(values)
        self._invalidate_critical()
        self._recompute(autoscale=True)

    def set_range(self, low: float, high: float) -> bool:
        """Plot [low, high]; refused (and the last range kept) unless low < high."""
        if not high - low > MIN_X_SPAN:
            self.emit("refused", "x_range",
                      "x min must be less than x max: keeping the last range.")
            return False
        self.emit("refused", "x_range", "")
        if (float(low), float(high)) != self.x_range:
            self.preview = ""  # drawn on another range
        self.x_range = (float(low), float(high))
        self.xs = np.linspace(low, high, SAMPLES)
        self.x0 = self._clamped_x0(self.x0)
        self._invalidate_critical()
        self._recompute(autoscale=True)
        return True

    def set_x0(self, x0: float) -> None:
        """Move x₀ (clamped to the range, kept at the precision its field shows)."""
        self.x0 = self._clamped_x0(x0)
        self._update_point()

    def set_dx(self, dx: float) -> None:
        self.dx = float(dx)
        self._update_point()

    def set_view(self, shown: Sequence[bool], fit_to_f: bool) -> None:
        """Which of f, f′, f″ are drawn, and whether the y axis fits f alone."""
        self.shown = (bool(shown[0]), bool(shown[1]), bool(shown[2]))
        self.fit_to_f = bool(fit_to_f)
        self.emit("view")

    def receive_critical(self, result: CriticalResult | None) -> bool:
        """Take critical points if they answer the question asked now."""
        if result is None or (result.expression, result.domain, result.params) != (
            self.expression, self.x_range, self.params_key()
        ):
            return False
        self.critical = result
        self.emit("critical", result)
        return True

    # ---- questions ---------------------------------------------------------
    def params_key(self) -> tuple[tuple[str, float], ...]:
        return tuple(sorted(self.params.items()))

    def fitted_curves(self) -> list[np.ndarray]:
        """The samples the y axis should fit: the shown curves, or f alone if asked."""
        if self.fit_to_f and self.curve_values[0] is not None:
            return [self.curve_values[0]]  # f′ may dwarf f: the user asked to see f
        return [v for v, on in zip(self.curve_values, self.shown, strict=True)
                if on and v is not None]

    def defined_nowhere(self) -> bool:
        """f has no finite value on the plotted range (nothing to draw)."""
        return self.curve_values[0] is not None and not np.isfinite(self.curve_values[0]).any()

    def is_complete(self) -> bool:
        """Derivatives, curves and critical points are known for the current inputs."""
        return (self.derivatives is not None and self.critical is not None
                and self.sampling is None)

    # ---- sessions ----------------------------------------------------------
    def state(self, formula: str) -> dict[str, Any]:
        return TabState(formula=formula, parameters=dict(self.params), x0=self.x0, dx=self.dx,
                        x_range=self.x_range, shown=self.shown,
                        fit_to_f=self.fit_to_f).to_dict()

    def adopt(self, wanted: TabState) -> None:
        """Take the inputs of a checked state that do not need the formula parsed."""
        self.shown, self.fit_to_f, self.dx = wanted.shown, wanted.fit_to_f, wanted.dx
        self.x0 = x0_value(wanted.x0)
        self.remembered.update(wanted.parameters)
        self.emit("view")
        self.set_range(*wanted.x_range)

    # ---- internals ---------------------------------------------------------
    def _clamped_x0(self, x0: float) -> float:
        return x0_value(min(max(float(x0), self.x_range[0]), self.x_range[1]))

    def _invalidate_critical(self) -> None:
        self.critical = None
        self.emit("critical", None)
        if self.derivatives is not None:
            self.emit("find_critical")

    def _recompute(self, autoscale: bool) -> None:
        """Ask for f, f′, f″ sampled with the current parameters (the engine leaves gaps at
        poles, jumps and corners, and draws f′, f″ only where f is defined)."""
        if self.expression is None:
            return
        d = self.derivatives
        known = (True, d is not None, d is not None and d.second is not None)
        undefined = ((), d.first_undefined, d.second_undefined) if d is not None else (
            (), (), ())
        self.sampling = CurveRequest(self.expression, self.xs, self.params_key(), known,
                                     autoscale, undefined)
        self.emit("sample", self.sampling)
        self._update_point()

    def _update_point(self) -> None:
        if self.expression is None:
            return
        from gui.tabs.derivatives.point import analyse_point  # SymPy: after the first picture

        dx = min(self.dx, self.x_range[1] - self.x_range[0])
        self.point = analyse_point(self.expression, self.x0, dx, self.params,
                                   with_tangent=self.derivatives is not None)
        self.emit("point", self.point)


def _same_question(a: CurveRequest | None, b: CurveRequest) -> bool:
    """Whether two requests sample the same formula at the same points (arrays by identity:
    the model makes a new one for each range)."""
    return (a is not None and a.expression is b.expression and a.xs is b.xs
            and a.params == b.params)
