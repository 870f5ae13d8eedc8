"""The tab's one diverging colour scale: class 0 / negative ↔ background ↔ class 1 / positive.

Built from the theme's Okabe–Ito colours, fixed levels, so a colour means the
same value in every frame and in every small heat map. The neutral middle is
the theme's background (white when light, near-black when dark), so "no
preference" always reads as empty paper.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from gui.theme import CLASS_COLORS, SERIES
from gui.themed import background, rgb

LUT_SIZE = 256
STRIP_BLOCK = 16384  # values scaled at a time for a heat strip
#: Lighter than the pure palette so the data points on top stay readable.
_STRENGTH = 0.6


_luts: dict[str, np.ndarray] = {}


def diverging_lut(paper: str) -> np.ndarray:
    """LUT_SIZE × 4 uint8 (RGBA): CLASS_COLORS[0] at 0, ``paper`` at ½, CLASS_COLORS[1] at 1.

    Row for t ∈ [−1, 1]: paper + (tint − paper)·|t|·strength.
    """
    t = np.linspace(-1.0, 1.0, LUT_SIZE)[:, None]
    middle = rgb(paper)
    low, high = rgb(CLASS_COLORS[0]), rgb(CLASS_COLORS[1])
    tint = np.where(t < 0, low, high)
    colours = middle + (tint - middle) * np.abs(t) * _STRENGTH
    alpha = np.full((LUT_SIZE, 1), 255.0)
    return np.hstack([colours, alpha]).round().astype(np.uint8)


def lut() -> np.ndarray:
    """The diverging LUT on the theme's background (one per background, kept)."""
    paper = background()
    if paper not in _luts:
        _luts[paper] = diverging_lut(paper)
    return _luts[paper]


def class_color(index: int) -> str:
    """Class 0 and 1 in the class colours; further classes from the series."""
    return CLASS_COLORS[index] if index < len(CLASS_COLORS) else SERIES[index % len(SERIES)]


def blend_classes(probabilities: np.ndarray) -> np.ndarray:
    """C × H × W class weights (softmax outputs) → H × W × 4 uint8, each class's colour mixed in."""
    colors = np.array([rgb(class_color(c)) for c in range(len(probabilities))])
    paper = rgb(background())
    mixed = np.tensordot(np.clip(probabilities, 0.0, 1.0), colors, axes=(0, 0))
    confidence = np.clip(probabilities.max(axis=0), 0.0, 1.0)[..., None]
    # the background where the classes are even, the winner's colour where it is sure
    share = (confidence * len(probabilities) - 1.0) / max(1, len(probabilities) - 1)
    colours = paper + (mixed - paper) * np.clip(share, 0.0, 1.0) * _STRENGTH
    alpha = np.full((*colours.shape[:2], 1), 255.0)
    return np.concatenate([colours, alpha], axis=2).round().astype(np.uint8)


def scaled_indices(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Values mapped onto LUT rows, clipped to [low, high]; NaN → the middle, ±∞ → the ends.

    Row = (value − mid)·(LUT_SIZE − 1)/(high − low) + (LUT_SIZE − 1)/2, with mid and the
    span from halves so ranges as wide as ±1.7e308 do not overflow; a value that
    overflows on the way lies far outside the range and ends at its end, as clipped.
    """
    values = np.asarray(values, dtype=float)
    if not (np.isfinite(low) and np.isfinite(high) and high > low):
        low, high = 0.0, 1.0
    middle = (LUT_SIZE - 1) / 2
    scale = middle / (high / 2 - low / 2)
    with np.errstate(over="ignore", invalid="ignore"):
        rows = values - (low / 2 + high / 2)  # one new array, then in place: few passes
        rows *= scale
    rows += middle
    np.clip(rows, 0, LUT_SIZE - 1, out=rows)
    rows[np.isnan(rows)] = middle
    return rows.astype(np.intp)


def heat_strip(maps: np.ndarray, low: float, high: float) -> QImage:
    """Units × H × W grids as one QImage, unit i in rows i·H … (i+1)·H, plane upright.

    One image per layer rather than one per unit: building QImages is what costs.
    """
    # each LUT row's RGBA as one 32-bit word: one gather of words, not of 4 bytes apiece
    table = lut().view(np.uint32).ravel()
    words = np.empty(maps.shape, dtype=np.uint32)
    # a few units at a time: temporaries that stay in cache (all 64 units at once: 3x slower)
    units = max(1, STRIP_BLOCK // max(1, maps[0].size))
    for first in range(0, len(maps), units):
        block = maps[first:first + units, ::-1, :]
        words[first:first + units] = table[scaled_indices(block, low, high)]
    return rgba_image(words.view(np.uint8).reshape(-1, maps.shape[2], 4))


def rgba_image(rgba: np.ndarray) -> QImage:
    """H × W × 4 uint8 → a QImage that owns its pixels."""
    rgba = np.ascontiguousarray(rgba)
    height, width = rgba.shape[:2]
    image = QImage(rgba.data, width, height, 4 * width, QImage.Format.Format_RGBA8888)
    return image.copy()
