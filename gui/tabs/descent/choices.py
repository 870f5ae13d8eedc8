"""What the tab offers and starts with: surfaces, optimizers, default starts and settings."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from engine.descent.optimizers import OPTIMIZERS
from engine.descent.surfaces import (
    SURFACE_KEYS,
    Domain,
    Surface,
    surface,
    surface_formulas,
    surface_names,
)

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression

DEFAULT_SURFACE = "himmelblau"
#: The demo: plain descent, the notes' momentum and Adam racing on Himmelblau.
DEFAULT_OPTIMIZERS = ("gd", "momentum", "adam")
#: Two starts that reach different minima, so the demo shows that the start decides.
DEFAULT_STARTS = {"himmelblau": ((-0.5, 0.5), (0.5, -4.0))}
DEFAULT_ALPHA = 0.01
DEFAULT_MU = 0.9
DEFAULT_BETA1 = 0.9
DEFAULT_BETA2 = 0.999
DEFAULT_TOLERANCE = 1e-6
DEFAULT_MAX_STEPS = 20_000
DEFAULT_GRID = 60
MODES = ("trajectories", "basins")
VIEWS = ("contours", "surface")  # the contour plot, or f as a surface in 3-D
DEFAULT_AZIMUTH, DEFAULT_ELEVATION = -60, 30
AZIMUTH_RANGE, ELEVATION_RANGE = (-180, 180), (0, 89)


def optimizer_names() -> dict[str, str]:
    """Display name of each optimizer, by key, in the engine's order."""
    return {key: cls.name for key, cls in OPTIMIZERS.items()}


def surface_presets() -> list[tuple[str, str]]:
    """(name, formula) of every named surface, for the formula box's preset list."""
    names, formulas = surface_names(), surface_formulas()
    return [(names[key], formulas[key]) for key in SURFACE_KEYS]


def default_starts(key: str) -> tuple[tuple[float, float], ...]:
    """The demo starts on a named surface: its suggested start unless listed above."""
    return DEFAULT_STARTS.get(key, (surface(key).start,))


def named_surface_for(expression: Expression) -> str | None:
    """The key of the named surface whose formula is ``expression``, if any."""
    formulas = surface_formulas()
    for key in SURFACE_KEYS:
        # the same text reads as the same f, and no two named surfaces have the same f
        # (tested): found without reading the others (SymPy's first sums cost a second)
        if formulas[key] == expression.text:
            return key
    for key in SURFACE_KEYS:
        if _named_sympy(key) == expression.sympy:
            return key
    return None


@functools.cache
def _named_sympy(key: str) -> object:
    """A named surface's f as SymPy reads it, read once (every accepted formula asks)."""
    return surface(key).expression.sympy


def build_surface(expression: Expression, domain: Domain | None) -> Surface:
    """The named surface when the formula is one (on ``domain`` if given), else a custom one.

    Raises ValueError for a bad domain.
    """
    key = named_surface_for(expression)
    if key is None:
        return Surface.from_formula(expression.text, domain or (-5.0, 5.0, -5.0, 5.0))
    named = surface(key)
    if domain is None or tuple(domain) == named.domain:
        return named
    checked = Surface.from_formula(expression.text, domain).domain
    return replace(named, domain=checked)
