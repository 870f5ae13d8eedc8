"""Results of the search for critical points: where ∇f = 0 and what kind each is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy

MINIMUM = "minimum"
MAXIMUM = "maximum"
SADDLE = "saddle"
INFLECTION = "inflection"  # f′ = 0 but neither a minimum nor a maximum (x³ at 0)
INCONCLUSIVE = "inconclusive"  # the second-derivative test fails (rt − s² = 0, …)


@dataclass(frozen=True)
class CriticalPoint:
    """A point with f′ = 0 (or ∇f = 0), its kind and the numbers that decided it.

    ``test`` holds f″ (and higher derivatives if f″ = 0) in one variable, or
    r = f_xx, s = f_xy, t = f_yy and rt − s² in two. ``exact`` holds SymPy
    coordinates when they were found symbolically.
    """

    coords: tuple[float, ...]
    value: float
    kind: str
    test: Mapping[str, float] = field(default_factory=dict)
    note: str = ""
    exact: tuple[sympy.Expr, ...] | None = None

    @property
    def x(self) -> float:
        return self.coords[0]

    @property
    def y(self) -> float:
        return self.coords[1]


@dataclass(frozen=True)
class Extremum:
    """The least or greatest value of f over the closed domain and where it is taken."""

    coords: tuple[float, ...]
    value: float
    location: str  # "critical point", "endpoint", "boundary" or "sample"


@dataclass(frozen=True)
class CriticalPoints:
    """All critical points found in the domain, plus global extrema over the domain.

    ``isolated`` is False when f′ = 0 on a whole interval or curve (f constant,
    f = x⁴y along x = 0); then ``curve`` is, where known, an expression vanishing
    on that set, and ``points`` lists only the isolated points found.
    """

    points: tuple[CriticalPoint, ...]
    global_min: Extremum | None
    global_max: Extremum | None
    isolated: bool = True
    note: str = ""
    curve: sympy.Expr | None = None
