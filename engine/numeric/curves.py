"""f, f′ and f″ sampled for a plot from the NumPy route, before SymPy is loaded.

The same picture as :func:`engine.symbolic.curves.curve_values` (which the SymPy
route draws a moment later): f′ and f″ are NaN wherever f is undefined, and each
curve is NaN at one end of every sample interval holding a pole or a jump
(:func:`engine.numeric.breaks.broken_intervals`).  Not done here: the breaks
where a singular argument changes sign with equal values either side (−1/x²) and
the points where a derivative is known not to exist, which need the formula's
SymPy form; the SymPy route adds them when its curves replace these.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.numeric.breaks import broken_intervals
from engine.numeric.formula import NumericFormula


def first_curves(formula: NumericFormula, xs: np.ndarray,
                 params: Mapping[str, float] | None = None,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """(f, f′, f″) at the increasing samples ``xs``, broken at poles and jumps."""
    values = dict(params or {})
    xs = np.asarray(xs, dtype=float)
    curves = list(formula.jets(xs, **values))
    undefined = ~np.isfinite(curves[0])
    for order, ys in enumerate(curves):
        if order:
            ys[undefined] = np.nan

        def at(points: np.ndarray, order: int = order) -> np.ndarray:
            return formula.jets(points, **values)[order]

        for i, blank_right, _ in broken_intervals(at, xs, ys):
            ys[i + 1 if blank_right else i] = np.nan
    return curves[0], curves[1], curves[2]
