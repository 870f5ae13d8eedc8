"""Global minimum and maximum of f(x) on [lo, hi], or why there is none.

The least value of f on [lo, hi] is taken at a critical point, an endpoint or a
special point (engine.symbolic.special_points), if it is taken at all. Near a pole
or a hole, f only approaches a value: when a one-sided limit there is −∞ there is
no global minimum ("f → −∞ as x → 0⁻"), and when a finite limit is below every
value f takes, the infimum is not attained. The samples are a safety net for
anything the candidates missed; an extreme value taken at several candidates is
reported at all of them (x² on [−3, 3]: the maximum 9 at −3 and at 3).
"""

from __future__ import annotations

import math

import numpy as np

from engine.symbolic.expressions import Expression
from engine.symbolic.limits import number_text, readable
from engine.symbolic.special_points import SpecialPoint
from engine.symbolic.stationary import CriticalPoint, Extremum

Candidate = tuple[float, float, str, str]  # x, f(x), location, x as text


def _attained(
    f: Expression, points: list[CriticalPoint], specials: list[SpecialPoint], xs: np.ndarray
) -> list[Candidate]:
    found = [(p.x, p.value, "critical point", p.exact_text or number_text(p.x))
             for p in points if math.isfinite(p.value) and "removable" not in p.note]  # fmt: skip
    for x in (xs[0], xs[-1]):
        found.append((float(x), float(f(np.asarray(x))), "endpoint", number_text(float(x))))
    for s in specials:
        text = readable(s.exact) if s.exact is not None else number_text(s.x)
        found.append((s.x, s.value, "critical point", text))
    found += [(float(x), float(v), "sample", number_text(float(x)))
              for x, v in zip(xs, f(xs), strict=True)]  # fmt: skip
    return [c for c in found if math.isfinite(c[1])]


def _polished(f: Expression, best: Candidate, xs: np.ndarray, sign: float) -> Candidate:
    """A sampled extremum polished between its neighbours (scipy's bounded search)."""
    import scipy.optimize  # half a second to import: only when a sample wins

    x0, value, _, _ = best
    i = int(np.argmin(np.abs(xs - x0)))
    lo, hi = xs[max(i - 1, 0)], xs[min(i + 1, len(xs) - 1)]
    result = scipy.optimize.minimize_scalar(lambda t: sign * float(f(np.asarray(t))),
                                            bounds=(lo, hi), method="bounded",
                                            options={"xatol": 1e-12})  # fmt: skip
    if np.isfinite(result.fun) and sign * result.fun < sign * value:
        x = float(result.x)
        return (x, sign * float(result.fun), "sample", number_text(x))
    return best


def _one(
    f: Expression, attained: list[Candidate], specials: list[SpecialPoint], xs: np.ndarray,
    sign: float, width: float,
) -> Extremum | None:
    """The global minimum (sign = 1) or maximum (sign = −1)."""
    name = "minimum" if sign > 0 else "maximum"
    for s in specials:
        for lim, mark in s.limits:
            if lim.value == -sign * math.inf:
                where = readable(s.exact) if s.exact is not None else number_text(s.x)
                return Extremum((s.x,), lim.value, "limit", attained=False,
                                note=f"no global {name}: f → {lim.text} as x → {where}{mark}")
    if not attained:
        return None
    best = min(attained, key=lambda c: sign * c[1])
    if best[2] == "sample":
        best = _polished(f, best, xs, sign)
    value = best[1]
    # rounding of the largest |f| seen, not of 1: e^x(x − 1.0003)²(x − 1.0011)² is 10⁻¹⁴
    # at its local maximum 1.0007, between two minima where it is 0
    scale = max(abs(c[1]) for c in attained)
    tie = 1e-15 * max(scale, 1e-300)
    for s in specials:
        limits = s.limits
        for lim, mark in limits:
            if lim.exists and sign * (lim.value - value) < -1e-9 * (1.0 + abs(value)):
                where = readable(s.exact) if s.exact is not None else number_text(s.x)
                if len({other.value for other, _ in limits}) == 1 and len(limits) == 2:
                    mark = ""  # the same limit from both sides: x → 0
                return Extremum((s.x,), lim.value, "limit", attained=False,
                                note=(f"no global {name}: f → {lim.text} as x → {where}{mark} "
                                      "but never takes that value"))  # fmt: skip
    named = [c for c in attained if c[2] != "sample" and abs(c[1] - value) <= tie]
    if best[2] == "sample" or not named:
        named = [best, *named]
    places: list[Candidate] = []
    for c in sorted(named, key=lambda c: c[0]):
        if all(abs(c[0] - p[0]) > 1e-7 * width for p in places):
            places.append(c)
    first = next((p for p in places if p[0] == best[0]), places[0])
    where = " and ".join(f"x = {p[3]}" for p in places[:4]) + (", …" if len(places) > 4 else "")
    note = f"global {name} f = {number_text(value)} at {where}"
    return Extremum((first[0],), value, first[2],
                    others=tuple((p[0],) for p in places if p is not first),
                    note=note)  # fmt: skip


def global_extrema(
    f: Expression, points: list[CriticalPoint], specials: list[SpecialPoint], xs: np.ndarray
) -> tuple[Extremum | None, Extremum | None]:
    """(global minimum, global maximum) of f on [xs[0], xs[-1]] (see the module doc)."""
    attained = _attained(f, points, specials, xs)
    width = float(xs[-1] - xs[0])
    return (_one(f, attained, specials, xs, 1.0, width),
            _one(f, attained, specials, xs, -1.0, width))  # fmt: skip
