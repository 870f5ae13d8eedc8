"""A named surface's f and ∇f from the NumPy route, for the tab's first picture.

:class:`engine.descent.surfaces.Surface` reads its formula with SymPy, whose import
takes about a second of a start-up.  :func:`first_surface` reads the same formula
with :func:`engine.numeric.formula.read_numeric` (f by NumPy, ∇f by forward-mode
jets) and offers what a picture of f needs: ``grid``, ``gradient``, ``domain`` and
``log_levels``.  The GUI replaces that picture with the SymPy route's when it
arrives; tests/engine/descent/test_first_surface.py checks that both agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from engine.descent.surfaces import Domain, surface_spec
from engine.numeric.formula import NumericFormula, read_numeric


@dataclass(frozen=True)
class FirstSurface:
    """f(x, y) of a named surface on its domain, evaluated by the NumPy route."""

    key: str
    name: str
    note: str
    formula: NumericFormula
    domain: Domain
    log_levels: bool = False
    params: Mapping[str, float] = field(default_factory=dict)

    def value(self, points: np.ndarray) -> np.ndarray:
        """f at points of shape (..., 2); NaN where f is undefined."""
        points = np.asarray(points, dtype=float)
        return self.formula(points[..., 0], points[..., 1], **self.params)

    def gradient(self, points: np.ndarray) -> np.ndarray:
        """∇f = (∂f/∂x, ∂f/∂y) at points (..., 2)."""
        points = np.asarray(points, dtype=float)
        return self.formula.gradient(points[..., 0], points[..., 1], **self.params)

    def grid(self, n: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """xs (n,), ys (n,) and Z (n, n) with Z[i, j] = f(xs[j], ys[i]), as Surface.grid."""
        x0, x1, y0, y1 = self.domain
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.formula(X, Y, **self.params)


def first_surface(key: str) -> FirstSurface:
    """The named surface ``key`` (ValueError if unknown), read by the NumPy route."""
    spec = surface_spec(key)
    return FirstSurface(key, spec.name, spec.note, read_numeric(spec.formula, ("x", "y")),
                        spec.domain, spec.log_levels)
