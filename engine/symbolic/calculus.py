"""Calculus on formulas: derivatives, tangents, secants and the limit table.

This module is the one place the GUI imports calculus from; the larger pieces
live in their own modules and are re-exported here:
:func:`derivative` (engine.symbolic.symbolic_derivative), :func:`derivation_steps`
(engine.symbolic.derivation_steps), :func:`critical_points` (engine.symbolic.critical_points),
:func:`gradient_function` / :func:`hessian_function` (engine.symbolic.gradient_functions).
Formulas whose derivatives are too large to build raise :class:`TooComplexError`
(engine.symbolic.budget), a ``ValueError``.

Where f′(x₀) does not exist (|x| at 0, a jump, a pole) :func:`tangent` has slope NaN
and :func:`slope_at` (engine.symbolic.one_sided) says why; :func:`curve_values`
(engine.symbolic.curves) samples f, f′, f″ with gaps at poles and jumps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.symbolic.budget import TooComplexError
from engine.symbolic.critical_points import critical_points
from engine.symbolic.curves import curve_values, holes, one_sided_ends
from engine.symbolic.derivation_steps import Step, derivation_steps
from engine.symbolic.expressions import Expression
from engine.symbolic.gradient_functions import gradient_function, hessian_function, value_function
from engine.symbolic.one_sided import SidedQuotient, SlopeAt, one_sided_quotients, slope_at
from engine.symbolic.piecewise_form import PiecewiseForm, piecewise_derivative
from engine.symbolic.stationary import CriticalPoint, CriticalPoints, Extremum
from engine.symbolic.symbolic_derivative import derivative

__all__ = [
    "CriticalPoint",
    "CriticalPoints",
    "Extremum",
    "Line",
    "PiecewiseForm",
    "QuotientRow",
    "Secant",
    "SidedQuotient",
    "SlopeAt",
    "Step",
    "TooComplexError",
    "critical_points",
    "curve_values",
    "derivation_steps",
    "derivative",
    "difference_quotients",
    "gradient_function",
    "hessian_function",
    "holes",
    "one_sided_ends",
    "one_sided_quotients",
    "piecewise_derivative",
    "secant",
    "slope_at",
    "tangent",
    "value_function",
]

DEFAULT_DXS = (1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6)


@dataclass(frozen=True)
class Line:
    """The straight line y = slope·x + intercept through (x0, y0)."""

    x0: float
    y0: float
    slope: float
    intercept: float

    def line(self, xs: object) -> np.ndarray:
        """y values of the line at ``xs``."""
        return self.slope * np.asarray(xs, dtype=float) + self.intercept


@dataclass(frozen=True)
class Secant(Line):
    """The line through (x0, f(x0)) and (x1, f(x1)), x1 = x0 + dx: slope Δy/Δx."""

    dx: float
    x1: float
    y1: float


@dataclass(frozen=True)
class QuotientRow:
    """One row of the limit table: Δx, Δy = f(x0+Δx) − f(x0), Δy/Δx, |Δy/Δx − f′(x0)|."""

    dx: float
    dy: float
    quotient: float
    error: float


def _at(expr: Expression, x: float, params: Mapping[str, float] | None) -> float:
    if len(expr.variables) != 1:
        raise ValueError("this needs a formula in one variable")
    return float(expr(np.asarray(float(x)), **(params or {})))


def tangent(expr: Expression, x0: float, params: Mapping[str, float] | None = None) -> Line:
    """Tangent at x0: y = f(x0) + f′(x0)·(x − x0), so slope f′(x0), intercept y0 − f′(x0)·x0.

    Slope and intercept are NaN where f′(x0) does not exist (a corner, a cusp, a jump:
    :func:`slope_at` says which); there is no tangent line to draw then."""
    _at(expr, x0, params)  # refuses a formula in several variables
    at = slope_at(expr, x0, params)
    return Line(float(x0), at.value, at.slope, at.value - at.slope * float(x0))


def secant(
    expr: Expression, x0: float, dx: float, params: Mapping[str, float] | None = None
) -> Secant:
    """Secant through x0 and x0 + Δx: slope Δy/Δx = (f(x0 + Δx) − f(x0))/Δx."""
    if dx == 0:
        raise ValueError("Δx must not be 0")
    x0, dx = float(x0), float(dx)
    y0, y1 = _at(expr, x0, params), _at(expr, x0 + dx, params)
    slope = (y1 - y0) / dx
    return Secant(x0, y0, slope, y0 - slope * x0, dx, x0 + dx, y1)


def difference_quotients(
    expr: Expression,
    x0: float,
    dxs: Sequence[float] = DEFAULT_DXS,
    params: Mapping[str, float] | None = None,
) -> list[QuotientRow]:
    """Rows (Δx, Δy, Δy/Δx, error) showing Δy/Δx → f′(x0) as Δx → 0; the error is NaN
    where f′(x0) does not exist (see :func:`one_sided_quotients` for both sides)."""
    _at(expr, x0, params)
    exact = slope_at(expr, x0, params).slope
    rows = []
    for dx in dxs:
        s = secant(expr, x0, dx, params)
        rows.append(QuotientRow(s.dx, s.y1 - s.y0, s.slope, abs(s.slope - exact)))
    return rows
