"""Per-call cost of evaluating a typed formula, ∇f and H on a few points (the live
descent's hot path), against the same mathematics written by hand in NumPy.

Ratios > 1 are the engine's overhead (parameter handling, NaN clean-up, no
warnings); absolute microseconds are printed next to the baseline's. The machine's
two cores are shared, so repeat and take the minimum.
"""

from __future__ import annotations

import timeit

import numpy as np

from engine.symbolic.calculus import gradient_function, hessian_function, value_function
from engine.symbolic.expressions import parse

HIMMELBLAU = "(x^2+y-11)^2+(x+y^2-7)^2"


def _best(call: object, number: int = 5000) -> float:
    """Seconds per call: the minimum of 7 repeats, the least disturbed by other work."""
    return min(timeit.repeat(call, number=number, repeat=7)) / number


def _by_hand_gradient(p: np.ndarray) -> np.ndarray:
    x, y = p[..., 0], p[..., 1]
    u, v = x**2 + y - 11, x + y**2 - 7
    return np.stack([4 * x * u + 2 * v, 2 * u + 4 * y * v], axis=-1)


def main() -> dict[str, float]:
    f = parse(HIMMELBLAU, ("x", "y"))
    one = parse("x^2 sin x")
    points = np.random.default_rng(0).uniform(-4, 4, size=(6, 2))
    x1 = np.array([0.5])
    value, gradient, hessian = value_function(f), gradient_function(f), hessian_function(f)
    for warm in (value, gradient, hessian):
        warm(points)
    one(x1)
    baseline_one = _best(lambda: x1**2 * np.sin(x1))
    baseline_grad = _best(lambda: _by_hand_gradient(points))
    figures = {
        "f(x) one point, µs": _best(lambda: one(x1)) * 1e6,
        "by hand, µs": baseline_one * 1e6,
        "∇f six points, µs": _best(lambda: gradient(points)) * 1e6,
        "∇f by hand, µs": baseline_grad * 1e6,
        "f six points, µs": _best(lambda: value(points)) * 1e6,
        "H six points, µs": _best(lambda: hessian(points)) * 1e6,
    }
    figures["f(x) / by hand"] = figures["f(x) one point, µs"] / figures["by hand, µs"]
    figures["∇f / by hand"] = figures["∇f six points, µs"] / figures["∇f by hand, µs"]
    for name, number in figures.items():
        print(f"{name:22s} {number:8.2f}")
    return figures


if __name__ == "__main__":
    main()
