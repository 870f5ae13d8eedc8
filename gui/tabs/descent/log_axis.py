"""A log-scale axis whose labels never pile on each other.

pyqtgraph labels every minor tick (2, 3, …, 9 in each decade) when the range
is under three decades, so a range like 0.2…8 prints eighteen labels on top
of each other.  Here labels are chosen for the room there is: whole decades
when the range spans more than one (every second or third when short of
room), otherwise 1-2-5 values (then every tenth of a decade, then a few
rounded values) inside it, keeping only labels at least ``MIN_GAP`` text heights apart.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from engine.notation import superscript

MIN_GAP = 1.8  # label spacing, in text heights


def log_ticks(low: float, high: float, pixels: float, text_px: float) -> list[float]:
    """Tick positions (log₁₀ units) between ``low`` and ``high`` on an axis ``pixels`` long."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low or pixels <= 0:
        return []
    per_decade = pixels / (high - low)
    room = MIN_GAP * text_px
    # a label must fit whole inside the axis: pyqtgraph drops one that sticks out an end
    low, high = low + 0.5 * text_px / per_decade, high - 0.5 * text_px / per_decade
    if high <= low:
        return []
    decades = list(range(math.ceil(low), math.floor(high) + 1))
    if len(decades) >= 2:
        step = max(1, math.ceil(room / per_decade))
        start = decades[0] + (-decades[0]) % step  # keep 10⁰ when it is in view
        return [float(d) for d in range(start, decades[-1] + 1, step)] or [float(decades[0])]
    for mantissas in ((1, 2, 5), range(1, 10), np.arange(10, 100) / 10):
        candidates = sorted({math.log10(m) + k for k in range(math.floor(low), math.ceil(high) + 1)
                             for m in mantissas})  # fmt: skip
        inside = [c for c in candidates if low <= c <= high]
        kept = _spaced(inside, per_decade, room)
        if len(kept) >= 2:
            return kept
    # a sliver of a decade: its ends and middle, to as few significant figures as keep
    # them apart and inside
    for digits in range(3, 8):
        values = {float(f"{10.0**v:.{digits}g}") for v in np.linspace(low, high, 3)}
        logs = sorted(math.log10(v) for v in values if v > 0)
        kept = _spaced([v for v in logs if low <= v <= high], per_decade, room)
        if len(kept) >= 2:
            break
    return kept


def _spaced(values: list[float], per_decade: float, room: float) -> list[float]:
    kept: list[float] = []
    for v in values:
        if not kept or (v - kept[-1]) * per_decade >= room:
            kept.append(v)
    return kept


def log_label(value: float) -> str:
    """10ᵏ for whole decades (1 and 10 as such), three significant figures otherwise."""
    k = round(value)
    if abs(value - k) < 1e-9:
        return {0: "1", 1: "10"}.get(k, f"10{superscript(k)}")
    x = 10.0**value
    if 1e-3 <= x < 1e4:
        return f"{x:.4g}"
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{float(mantissa):g}·10{superscript(int(exponent))}"


class LogAxis(pg.AxisItem):
    """An axis that, in log mode, labels only as many values as fit (see :func:`log_ticks`)."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        font = self.style["tickFont"] or QFont()
        return [(None, log_ticks(minVal, maxVal, size, QFontMetricsF(font).height()))]

    def logTickStrings(self, values, scale, spacing):
        return [log_label(v) for v in values]
