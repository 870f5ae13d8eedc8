"""Whether f(x, y) is unbounded near a grid point where it is undefined (1/(x² + y²) at 0).

Where the grid hits a point at which f is not finite, f is probed on four rays
towards it, at distances 10⁻² … 10⁻⁸ times the grid's size: |f| growing along
every ray with one sign, by steps that do not shrink (as they would towards a
finite limit), means f → ±∞ there, so that global extremum does not exist.
"""

from __future__ import annotations

import math

import numpy as np

from engine.symbolic.expressions import Expression
from engine.symbolic.limits import number_text
from engine.symbolic.stationary import Extremum

DISTANCES = np.array([10.0**-k for k in range(2, 9)])
RAYS = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0))
MAX_PROBES = 50


def _direction(f: Expression, x: float, y: float, size: float) -> float:
    """+inf or −inf when f grows without bound towards (x, y) along every ray, else 0."""
    signs = set()
    for dx, dy in RAYS:
        d = DISTANCES * size
        values = f(x + dx * d, y + dy * d)
        if not np.isfinite(values).all():
            return 0.0
        steps = np.diff(np.abs(values))
        # growing, and not levelling off towards a limit: ln r grows by the same step
        # per decade, 1/r² by ever larger ones; a convergent f by ever smaller ones
        grows = (steps > 0).all() and steps[-1] >= 0.5 * steps[0]
        if not grows or len({np.sign(v) for v in values[-3:]}) != 1:
            return 0.0
        signs.add(float(np.sign(values[-1])))
    return math.inf * signs.pop() if len(signs) == 1 else 0.0


def unbounded(
    f: Expression, gx: np.ndarray, gy: np.ndarray, values: np.ndarray
) -> tuple[Extremum | None, Extremum | None]:
    """(no-minimum, no-maximum) extrema for f → −∞ / +∞ at an undefined grid point."""
    size = float(max(np.ptp(gx), np.ptp(gy)))
    low = high = None
    for k in np.flatnonzero(~np.isfinite(values.ravel()))[:MAX_PROBES]:
        x, y = float(gx.ravel()[k]), float(gy.ravel()[k])
        way = _direction(f, x, y, size)
        if way == 0.0:
            continue
        where = f"({number_text(x)}, {number_text(y)})"
        name = "maximum" if way > 0 else "minimum"
        goes = "∞" if way > 0 else "−∞"
        found = Extremum((x, y), way, "limit", attained=False,
                         note=f"no global {name}: f → {goes} as (x, y) → {where}")
        if way > 0 and high is None:
            high = found
        if way < 0 and low is None:
            low = found
    return low, high
