"""critical_points(f, domain): solve f′ = 0 (or ∇f = 0) and classify each solution.

One variable, domain (lo, hi): the second-derivative test f″(c) ≷ 0, and when
f″(c) = 0 the higher-order test (first non-zero derivative f⁽ⁿ⁾(c): n even →
extremum, n odd → inflection). Two variables, domain ((xlo, xhi), (ylo, yhi)):
with r = f_xx, s = f_xy, t = f_yy, rt − s² > 0 and r > 0 → minimum, r < 0 →
maximum; rt − s² < 0 → saddle; rt − s² = 0 → the test fails (DESIGN.md §3,
erratum 4: the notes misprint rt − s² as "r, t − s²").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from engine.symbolic.budget import TIME_LIMIT, Deadline, TooComplexError
from engine.symbolic.critical_points_1d import critical_points_1d, optimize
from engine.symbolic.critical_points_2d import critical_points_2d
from engine.symbolic.expressions import Expression
from engine.symbolic.stationary import CriticalPoints


def critical_points(
    expr: Expression,
    domain: Sequence[float] | Sequence[Sequence[float]],
    params: Mapping[str, float] | None = None,
    time_limit: float = TIME_LIMIT,
) -> CriticalPoints:
    """Critical points of ``expr`` in the closed ``domain`` with parameters ``params``.

    The search takes about ``time_limit`` seconds at most: past it, the points found
    so far are returned with a note saying the list may be incomplete. A formula whose
    derivatives are too large to build raises :class:`~engine.symbolic.budget.TooComplexError`.
    """
    optimize()  # a one-time import of up to seconds on a busy machine: not the search's time
    deadline = Deadline(time_limit)
    # overflow and 0/0 in the numeric search just make NaN or ∞, which it then discards
    with np.errstate(all="ignore"):
        return _dispatch(expr, domain, params, deadline)


def _dispatch(
    expr: Expression,
    domain: Sequence[float] | Sequence[Sequence[float]],
    params: Mapping[str, float] | None,
    deadline: Deadline,
) -> CriticalPoints:
    try:
        if len(expr.variables) == 1:
            lo, hi = (float(v) for v in domain)  # type: ignore[arg-type]
            return critical_points_1d(expr, (lo, hi), params, deadline)
        if len(expr.variables) == 2:
            (xlo, xhi), (ylo, yhi) = domain  # type: ignore[misc]
            box = ((float(xlo), float(xhi)), (float(ylo), float(yhi)))
            return critical_points_2d(expr, box, params, deadline)
    except RecursionError:
        raise TooComplexError("the formula is nested too deeply to search") from None
    raise ValueError("critical points need a formula in one or two variables")
