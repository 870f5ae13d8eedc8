"""A tiny job for the worker: 1-D gradient descent x ← x − α f′(x).

f(x) = (x − 2)² + 1, so f′(x) = 2(x − 2) and the minimum is at x = 2.
It exists to exercise the worker (tests, ``--screenshot``) with real but
trivial mathematics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DescentSnapshot:
    step: int
    x: float
    f: float
    path: np.ndarray  # x after each step, a copy
    finished: bool


class Descent1D:
    """Gradient descent on f(x) = (x − 2)² + 1 with step size ``alpha``."""

    def __init__(self, x0: float = -3.0, alpha: float = 0.01, max_steps: int = 10_000) -> None:
        self.x = float(x0)
        self.alpha = float(alpha)
        self.max_steps = int(max_steps)
        self.steps = 0
        self._path = [self.x]

    @staticmethod
    def f(x: float) -> float:
        return (x - 2.0) ** 2 + 1.0

    @staticmethod
    def df(x: float) -> float:
        return 2.0 * (x - 2.0)

    @property
    def finished(self) -> bool:
        return self.steps >= self.max_steps or abs(self.df(self.x)) < 1e-12

    def step(self, n: int) -> DescentSnapshot:
        for _ in range(max(0, int(n))):
            if self.finished:
                break
            self.x -= self.alpha * self.df(self.x)
            self.steps += 1
            self._path.append(self.x)
        return self.snapshot()

    def snapshot(self) -> DescentSnapshot:
        return DescentSnapshot(
            step=self.steps,
            x=self.x,
            f=self.f(self.x),
            path=np.array(self._path),
            finished=self.finished,
        )
