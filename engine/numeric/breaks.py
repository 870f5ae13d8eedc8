"""Where a sampled curve jumps or has a pole: the intervals to leave a gap in.

NumPy only (the first picture uses it before SymPy is loaded); the reasoning is in
:mod:`engine.symbolic.curves`: an interval holds a discontinuity when bisecting it
towards the larger change does not shrink the change, and a pole when halving
towards the larger |u| makes |u| grow without bound.
"""

from __future__ import annotations

import numpy as np

COARSE_LEVELS = 20
FINE_LEVELS = 32
KEEP = 0.5  # a jump keeps at least this share of its size over the last 12 halvings


def broken_intervals(
    at: object, xs: np.ndarray, ys: np.ndarray
) -> list[tuple[int, bool, float]]:
    """(i, whether to blank xs[i + 1], where the break is) for each interval
    [xs[i], xs[i + 1]] holding a discontinuity: the end nearer it is blanked."""
    if xs.size < 2:
        return []
    i = np.flatnonzero(np.isfinite(ys[:-1]) & np.isfinite(ys[1:]) & (ys[:-1] != ys[1:]))
    a, b, ya, yb = xs[i], xs[i + 1], ys[i], ys[i + 1]
    finite = ys[np.isfinite(ys)]
    tol = 1e-9 * (1.0 + float(np.median(np.abs(finite))) if finite.size else 1.0)
    gap = np.zeros(i.size, dtype=bool)  # f undefined somewhere inside: break there too
    coarse = np.abs(yb - ya)
    for level in range(1, FINE_LEVELS + 1):
        m = 0.5 * (a + b)
        ym = at(m)  # type: ignore[operator]
        gap |= ~np.isfinite(ym)
        ym = np.where(np.isfinite(ym), ym, ya)
        left = np.abs(ym - ya) >= np.abs(yb - ym)
        b, yb = np.where(left, m, b), np.where(left, ym, yb)
        a, ya = np.where(left, a, m), np.where(left, ya, ym)
        if level == COARSE_LEVELS:
            coarse = np.abs(yb - ya)
    fine = np.abs(yb - ya)
    broken = gap | ((fine > tol) & (fine >= KEEP * coarse)) | _poles(at, xs[i], xs[i + 1])
    where = np.where(broken, 0.5 * (a + b), 0.5 * (xs[i] + xs[i + 1]))
    return [(int(k), bool(where[n] - xs[k] > xs[k + 1] - where[n]), float(where[n]))
            for n, k in enumerate(i) if broken[n]]  # fmt: skip


def _poles(at: object, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which intervals hold a pole: halving towards the larger |u| (the quarter point
    nearer a pole is nearer it than the other one) makes |u| grow without bound,
    which also catches even poles (1/x², tan′ = 1 + tan²) with no jump to see."""
    ends = np.maximum(np.abs(at(a)), np.abs(at(b)))  # type: ignore[operator]
    peak = coarse = np.zeros_like(a)
    for level in range(1, FINE_LEVELS + 1):
        w = b - a
        q1, q3 = a + 0.25 * w, a + 0.75 * w
        u1, u3 = np.abs(at(q1)), np.abs(at(q3))  # type: ignore[operator]
        first = ~(u3 > u1)  # NaN counts as the first half: gaps are handled apart
        b = np.where(first, 0.5 * (a + b), b)
        a = np.where(first, a, 0.5 * (a + b))
        peak = np.fmax(u1, u3)
        if level == COARSE_LEVELS:
            coarse = peak
    return (peak > 4.0 * coarse) & (peak > 10.0 * ends)
