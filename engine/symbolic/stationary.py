"""Results of the search for critical points: where ∇f = 0 and what kind each is."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy

from engine.symbolic.expressions import latex, plain_text
from engine.symbolic.kinds import (  # noqa: F401 - the kinds are named from here too
    INCONCLUSIVE,
    INFLECTION,
    MAXIMUM,
    MINIMUM,
    SADDLE,
    UNCLASSIFIED,
)


def out_of_time(found: int) -> str:
    """The note of a search stopped by its deadline: how many points it has so far."""
    return f"out of time — {found} point{'s' if found != 1 else ''} found so far; " \
        "there may be more"


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
    differentiable: bool = True  # False at a corner, cusp or vertical tangent (f′ undefined)
    #: where f′ is undefined, what the point is: "corner", "cusp", "vertical tangent", "one-sided"
    smoothness: str = ""

    @property
    def exact_text(self) -> str:
        """The exact coordinates as plain text ("√3/3", "π/2", "(0, 1/2)"), "" if unknown."""
        if self.exact is None:
            return ""
        parts = [exact_plain(c) for c in self.exact]
        return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"

    @property
    def exact_latex(self) -> str:
        """The exact coordinates as LaTeX (a fraction of square roots …), "" if unknown."""
        if self.exact is None:
            return ""
        parts = [latex(c) for c in self.exact]
        return parts[0] if len(parts) == 1 else r"\left(" + ", ".join(parts) + r"\right)"

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
    location: str  # "critical point", "endpoint", "boundary", "sample" or "limit"
    attained: bool = True  # False: f only approaches ``value`` (±∞ at a pole, a hole)
    others: tuple[tuple[float, ...], ...] = ()  # more points where f takes ``value``
    note: str = ""  # the sentence to show ("no global minimum: f → −∞ as x → 0⁻")


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
    complete: bool = True  # False: the list may miss points (time limit, too many); see note


def exact_plain(value: sympy.Expr) -> str:
    """An exact number as a reader writes it: √3/3, −π/2."""
    text = re.sub(r"sqrt\((\w+)\)", r"√\1", plain_text(value)).replace("sqrt", "√")
    return "−" + text[1:] if text.startswith("-") else text


def drop_undefined(
    points: list[CriticalPoint], second: tuple[str, ...]
) -> tuple[list[CriticalPoint], str]:
    """The points where f and the second derivatives named in ``second`` (f″, or
    r, s, t) are finite, and a note listing the others: where f is undefined (ln of a
    negative number) there is no minimum or maximum to report."""
    kept = [p for p in points
            if math.isfinite(p.value) and all(math.isfinite(p.test.get(n, 0.0)) for n in second)]
    dropped = [p for p in points if p not in kept]
    if not dropped:
        return kept, ""
    where = ", ".join("(" + ", ".join(f"{c:.4g}" for c in p.coords) + ")" for p in dropped[:3])
    more = ", …" if len(dropped) > 3 else ""
    return kept, (f"left out {len(dropped)} point(s) where ∇f = 0 but f or its second "
                  f"derivative is undefined: {where}{more}")
