"""The first picture's surfaces (NumPy route) against the named surfaces (SymPy route):
the same f on the grid and the same ∇f, to 1e-9 relative, for every named surface."""

import numpy as np
import pytest

from engine.descent.first_surface import first_surface
from engine.descent.surfaces import SURFACE_KEYS, surface

RTOL = 1e-9


def _close(got: np.ndarray, want: np.ndarray) -> None:
    finite = np.isfinite(want)
    assert np.array_equal(np.isfinite(got), finite)
    assert np.all(np.abs(got[finite] - want[finite]) <= RTOL * (1.0 + np.abs(want[finite])))


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_f_and_its_gradient_are_the_named_surfaces(key: str) -> None:
    exact, first = surface(key), first_surface(key)
    assert (first.name, first.domain, first.log_levels) == (exact.name, exact.domain,
                                                            exact.log_levels)
    for got, want in zip(first.grid(60), exact.grid(60), strict=True):
        _close(got, want)
    points = np.random.default_rng(7).uniform(-1, 1, (200, 2))
    x0, x1, y0, y1 = exact.domain
    points = np.column_stack([x0 + (points[:, 0] + 1) / 2 * (x1 - x0),
                              y0 + (points[:, 1] + 1) / 2 * (y1 - y0)])
    _close(first.value(points), exact.value(points))
    _close(first.gradient(points), exact.gradient(points))


def test_an_unknown_surface_is_refused() -> None:
    with pytest.raises(ValueError):
        first_surface("no such surface")
