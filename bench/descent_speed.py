"""Descent speed: steps per second for 1, 100 and 10,000 simultaneous starts, and
the 400 × 400 contour grid, each against a baseline measured in the same run.

- Starts: a :class:`engine.descent.run.DescentRun` (plain gradient descent on
  Rosenbrock, α = 1e-4, so nobody stops early) advanced ``STEPS`` steps, history
  and one snapshot included.  The per-start cost (seconds per step per start) is
  compared with the single-start run: the vectorised sweep should cost far less
  than that many single runs.  A :class:`engine.descent.multistart.MultiStart` sweep of
  10,000 starts (no path history) is reported too.
- Contour: ``Surface.grid(400)`` for Himmelblau (the parsed formula compiled to
  NumPy) against the same closed form written by hand in NumPy on the same mesh.

Timings are the best of ``REPEATS``; the machine is shared, so expect noise of
tens of percent.  Run: ``python -m bench.descent_speed``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bench._timing import best_time
from engine.descent.multistart import MultiStart
from engine.descent.optimizers import GradientDescent
from engine.descent.run import DescentRun
from engine.descent.surfaces import surface

STEPS = 200
REPEATS = 3
GRID = 400


def _best(make: Callable[[], object], run: Callable[[object], object]) -> float:
    return best_time(make, run, REPEATS)


def _starts(k: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.uniform((-2.0, -1.0), (2.0, 3.0), size=(k, 2))


def _descent_seconds(k: int) -> float:
    s = surface("rosenbrock")
    optimizer = GradientDescent(alpha=1e-4)
    points = _starts(k)

    def make() -> DescentRun:
        run = DescentRun(s, [optimizer], eps=1e-12)
        run.add_starts(points)
        return run

    return _best(make, lambda run: run.step(STEPS))


def _himmelblau_by_hand(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2


def main() -> dict[str, float]:
    result: dict[str, float] = {}
    for k in (1, 100, 10_000):
        seconds = _descent_seconds(k)
        result[f"steps_per_s_{k}"] = STEPS / seconds
        result[f"per_start_us_{k}"] = seconds / (STEPS * k) * 1e6
    single = result["per_start_us_1"]
    result["per_start_ratio_100"] = result["per_start_us_100"] / single
    result["per_start_ratio_10000"] = result["per_start_us_10000"] / single

    def sweep_job() -> MultiStart:
        return MultiStart(surface("rosenbrock"), GradientDescent(alpha=1e-4), grid=100, eps=1e-12)

    sweep = _best(sweep_job, lambda job: job.step(STEPS))
    result["multistart_10000_steps_per_s"] = STEPS / sweep
    result["multistart_per_start_ratio"] = sweep / (STEPS * 10_000) * 1e6 / single

    himmelblau = surface("himmelblau")
    contour = _best(lambda: None, lambda _: himmelblau.grid(GRID))
    x0, x1, y0, y1 = himmelblau.domain
    X, Y = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    by_hand = _best(lambda: None, lambda _: _himmelblau_by_hand(X, Y))
    result["contour_ms"] = contour * 1e3
    result["contour_by_hand_ms"] = by_hand * 1e3
    result["contour_ratio"] = contour / by_hand

    for k in (1, 100, 10_000):
        print(f"{k:>6} starts: {result[f'steps_per_s_{k}']:9.0f} steps/s, "
              f"{result[f'per_start_us_{k}']:8.3f} µs per start-step")  # fmt: skip
    print(f"per-start cost vs one start: 100 starts {result['per_start_ratio_100']:.3f}x, "
          f"10,000 starts {result['per_start_ratio_10000']:.4f}x "
          "(so 10,000 starts together cost that fraction of 10,000 single runs)")
    print(f"MultiStart, 10,000 starts (no history): {result['multistart_10000_steps_per_s']:.0f} "
          f"steps/s, per-start cost {result['multistart_per_start_ratio']:.4f}x one start")
    print(f"contour grid {GRID}x{GRID} via the parsed formula: {result['contour_ms']:.1f} ms, "
          f"hand-written NumPy {result['contour_by_hand_ms']:.1f} ms, "
          f"ratio {result['contour_ratio']:.2f}x (target: well under 100 ms)")
    return result


if __name__ == "__main__":
    main()
