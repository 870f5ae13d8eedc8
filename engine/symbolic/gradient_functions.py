"""Compiled f, ∇f and the Hessian of f(x, y), vectorised over arrays of points.

For the gradient-descent engine: each function takes points of shape (..., 2)
(typically (k, 2) for k optimisers or starts) and returns float64 arrays,
NaN where f is undefined, without NumPy warnings:

- f: (..., 2) → (...)
- ∇f = (∂f/∂x, ∂f/∂y): (..., 2) → (..., 2)
- H = [[f_xx, f_xy], [f_xy, f_yy]] = [[r, s], [s, t]]: (..., 2) → (..., 2, 2)

∇f and H are each ONE compiled function returning all their entries, with common
sub-expressions computed once: a live descent evaluates ∇f at every step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from engine.symbolic.compiled import compile_numpy, real_array
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.symbolic_derivative import derivative

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


class Stacked:
    """points (..., 2) → (..., len(parts)): every part from one compiled function.

    ``compiled(x, y, *values)`` is that function itself (a list of the parts' raw
    NumPy results, before any NaN clean-up): a descent stepping thousands of times
    calls it directly, where the Python around each call is most of its cost."""

    def __init__(self, expr: Expression, parts: list[Expression],
                 params: Mapping[str, float] | None) -> None:  # fmt: skip
        names = (*expr.variables, *expr.parameters)
        self.compiled = compile_numpy([p.sympy for p in parts], [symbol(n) for n in names],
                                      cse=True)  # fmt: skip
        self.values = tuple(expr.parameter_values(params or {}).values())
        self.size = len(parts)

    def __call__(self, points: object) -> np.ndarray:
        x, y = _split(points)
        out = np.empty((*x.shape, self.size))
        with np.errstate(all="ignore"):
            for k, r in enumerate(self.compiled(x, y, *self.values)):
                # writing into ``out`` broadcasts constants (∂(4y)/∂y = 4) and copies
                out[..., k] = real_array(r, x.shape, fresh=False) if np.iscomplexobj(r) else r
        finite = np.isfinite(out)
        if not finite.all():
            out[~finite] = np.nan
        return out


def value_function(expr: Expression, params: Mapping[str, float] | None = None) -> PointFunction:
    """f at points (..., 2) → values (...)."""
    _two_variables(expr)
    values = dict(params or {})

    def f(points: object) -> np.ndarray:
        return expr(*_split(points), **values)

    return f


def gradient_function(
    expr: Expression, params: Mapping[str, float] | None = None
) -> Stacked:
    """∇f = (∂f/∂x, ∂f/∂y) at points (..., 2) → (..., 2)."""
    vx, vy = _two_variables(expr)
    return Stacked(expr, [derivative(expr, vx), derivative(expr, vy)], params)


def hessian_function(
    expr: Expression, params: Mapping[str, float] | None = None
) -> PointFunction:
    """H = [[r, s], [s, t]] with r = f_xx, s = f_xy, t = f_yy at points (..., 2) → (..., 2, 2)."""
    vx, vy = _two_variables(expr)
    fx, fy = derivative(expr, vx), derivative(expr, vy)
    rst = Stacked(expr, [derivative(fx, vx), derivative(fx, vy), derivative(fy, vy)], params)

    def hessian(points: object) -> np.ndarray:
        r, s, t = np.moveaxis(rst(points), -1, 0)
        return np.stack([np.stack([r, s], axis=-1), np.stack([s, t], axis=-1)], axis=-2)

    return hessian
