"""Compiled f, ∇f and the Hessian of f(x, y), vectorised over arrays of points.

For the gradient-descent engine: each function takes points of shape (..., 2)
(typically (k, 2) for k optimisers or starts) and returns float64 arrays,
NaN where f is undefined, without NumPy warnings:

- f: (..., 2) → (...)
- ∇f = (∂f/∂x, ∂f/∂y): (..., 2) → (..., 2)
- H = [[f_xx, f_xy], [f_xy, f_yy]] = [[r, s], [s, t]]: (..., 2) → (..., 2, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from engine.expressions import Expression
from engine.symbolic_derivative import derivative

PointFunction = Callable[[np.ndarray], np.ndarray]


def _two_variables(expr: Expression) -> tuple[str, str]:
    if len(expr.variables) != 2:
        raise ValueError("this needs a formula in two variables, f(x, y)")
    return expr.variables[0], expr.variables[1]


def _split(points: object) -> tuple[np.ndarray, np.ndarray]:
    xy = np.asarray(points, dtype=float)
    if xy.shape[-1:] != (2,):
        raise ValueError("points must have shape (..., 2)")
    return xy[..., 0], xy[..., 1]


def value_function(expr: Expression, params: Mapping[str, float] | None = None) -> PointFunction:
    """f at points (..., 2) → values (...)."""
    _two_variables(expr)
    values = dict(params or {})

    def f(points: object) -> np.ndarray:
        return expr(*_split(points), **values)

    return f


def gradient_function(
    expr: Expression, params: Mapping[str, float] | None = None
) -> PointFunction:
    """∇f = (∂f/∂x, ∂f/∂y) at points (..., 2) → (..., 2)."""
    vx, vy = _two_variables(expr)
    fx, fy = derivative(expr, vx), derivative(expr, vy)
    values = dict(params or {})

    def gradient(points: object) -> np.ndarray:
        x, y = _split(points)
        return np.stack([fx(x, y, **values), fy(x, y, **values)], axis=-1)

    return gradient


def hessian_function(
    expr: Expression, params: Mapping[str, float] | None = None
) -> PointFunction:
    """H = [[r, s], [s, t]] with r = f_xx, s = f_xy, t = f_yy at points (..., 2) → (..., 2, 2)."""
    vx, vy = _two_variables(expr)
    fx = derivative(expr, vx)
    r, s, t = derivative(expr, vx, 2), derivative(fx, vy), derivative(expr, vy, 2)
    values = dict(params or {})

    def hessian(points: object) -> np.ndarray:
        x, y = _split(points)
        rr, ss, tt = (d(x, y, **values) for d in (r, s, t))
        return np.stack([np.stack([rr, ss], axis=-1), np.stack([ss, tt], axis=-1)], axis=-2)

    return hessian
