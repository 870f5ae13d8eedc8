"""The picture of f over the domain: a display scale, contour lines and ∇f arrows.

Values come from the engine (``Surface.grid`` evaluates the compiled formula,
``Surface.gradient`` the compiled symbolic ∇f); this module only decides how to
show them.  Where f spans orders of magnitude (Rosenbrock, Himmelblau) the
colours and contour levels follow log₁₀(f − f_min + δ), so the valley floor is
not one flat colour.  Undefined or infinite values never reach the plot: they
are painted in the lowest colour and reported as a share of the domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.descent.surfaces import Surface
from gui.contour_segments import contour_segments

GRID = 400
CONTOUR_STRIDE = 3  # contour lines on every 3rd sample: smooth enough, 9× less work
CONTOUR_LEVELS = 14
ARROWS = 15
HEAD = 0.3  # arrow-head length as a share of the arrow
#: A typed formula gets log levels when most of the domain sits this far below the top.
LOG_SPREAD = 20.0


@dataclass(frozen=True)
class Lines:
    """Polylines as one array of points and a ``connect`` mask (no NaN separators)."""

    x: np.ndarray
    y: np.ndarray
    connect: np.ndarray


@dataclass(frozen=True)
class Field:
    """Display data of f on ``domain``; ``image[i, j]`` is at (xs[j], ys[i])."""

    domain: tuple[float, float, float, float]
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray  # f itself, finite everywhere (undefined → lowest value)
    image: np.ndarray  # the display scale of f, float32
    levels: tuple[float, float]
    log: bool
    f_min: float
    offset: float
    contours: Lines
    arrows: Lines
    undefined_share: float

    @property
    def defined(self) -> bool:
        return self.undefined_share < 1.0

    def scale(self, values: np.ndarray) -> np.ndarray:
        """The display scale of f values (see :func:`display_scale`)."""
        return display_scale(values, self.log, self.f_min, self.offset)

    def unscale(self, heights: np.ndarray) -> np.ndarray:
        """f at display heights: f_min + 10^h − δ on a log scale (the inverse of scale)."""
        heights = np.asarray(heights, dtype=float)
        return self.f_min + 10.0**heights - self.offset if self.log else heights


def display_scale(values: np.ndarray, log: bool, f_min: float, offset: float) -> np.ndarray:
    """log₁₀(f − f_min + δ) when ``log``, else f itself."""
    values = np.asarray(values, dtype=float)
    if not log:
        return values
    return np.log10(np.maximum(values - f_min, 0.0) + offset)


def compute_field(surface: Surface, n: int = GRID) -> Field:
    """Evaluate f on an n × n grid and derive colours, contour lines and ∇f arrows."""
    xs, ys, z = surface.grid(n)
    finite = np.isfinite(z)
    undefined = 1.0 - float(finite.mean())
    if not finite.any():
        z = np.zeros_like(z)
        finite = np.ones_like(finite)
    f_min, f_max = float(z[finite].min()), float(z[finite].max())
    log = surface.log_levels or _wide_range(z[finite], f_min, f_max)
    offset = max((f_max - f_min) * 1e-6, 1e-12)
    z = np.where(finite, z, f_min)
    image = display_scale(z, log, f_min, offset).astype(np.float32)
    low, high = _levels(image[finite] if undefined < 1.0 else image.ravel(), log)
    levels = np.linspace(low, high, CONTOUR_LEVELS + 2)[1:-1]
    return Field(surface.domain, xs, ys, z, image, (low, high), log, f_min, offset,
                 _contours(image, xs, ys, levels), _arrows(surface), undefined)


def _wide_range(values: np.ndarray, f_min: float, f_max: float) -> bool:
    typical = float(np.median(values)) - f_min
    return typical > 0 and (f_max - f_min) / typical > LOG_SPREAD


def _levels(image: np.ndarray, log: bool) -> tuple[float, float]:
    # Linear scales clip the top 1 %: one tall spike must not wash out the rest.
    low = float(image.min())
    high = float(image.max() if log else np.percentile(image, 99))
    if not high > low:
        high = low + 1.0
    return low, high


def _no_lines() -> Lines:
    return Lines(np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool))


def _contours(image: np.ndarray, xs: np.ndarray, ys: np.ndarray, levels: np.ndarray) -> Lines:
    """Contour lines of the display scale, in plot coordinates, as segments drawn in pairs."""
    coarse = image[::CONTOUR_STRIDE, ::CONTOUR_STRIDE]
    cx, cy = xs[::CONTOUR_STRIDE], ys[::CONTOUR_STRIDE]
    segments = np.concatenate([contour_segments(coarse, float(level)) for level in levels]
                              or [np.zeros((0, 2, 2))])
    if not len(segments):
        return _no_lines()
    rows, cols = segments[:, :, 0].ravel(), segments[:, :, 1].ravel()
    x = np.interp(cols, np.arange(len(cx)), cx)
    y = np.interp(rows, np.arange(len(cy)), cy)
    connect = np.zeros(len(x), dtype=bool)
    connect[::2] = True  # each segment's start to its end, never to the next segment
    return Lines(x, y, connect)


def _arrows(surface: Surface) -> Lines:
    """Arrows along ∇f on a coarse grid, longer where f is steeper (log of ‖∇f‖)."""
    x0, x1, y0, y1 = surface.domain
    cell = np.array([(x1 - x0) / ARROWS, (y1 - y0) / ARROWS])
    gx = x0 + (np.arange(ARROWS) + 0.5) * cell[0]
    gy = y0 + (np.arange(ARROWS) + 0.5) * cell[1]
    points = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    with np.errstate(all="ignore"):
        grad = surface.gradient(points)
        norm = np.hypot(grad[:, 0], grad[:, 1])
    keep = np.isfinite(norm) & (norm > 0)
    if not keep.any():
        return _no_lines()
    points, grad, norm = points[keep], grad[keep], norm[keep]
    steep = np.log10(norm)
    low, high = np.percentile(steep, [5, 95])
    share = np.clip((steep - low) / (high - low), 0, 1) if high > low else np.ones_like(steep)
    # Directions are taken in cell units so an arrow looks right on a non-square domain.
    unit = grad / cell
    unit /= np.hypot(unit[:, 0], unit[:, 1])[:, None]
    length = (0.35 + 0.5 * share)[:, None]
    tail = points - 0.5 * length * unit * cell
    tip = points + 0.5 * length * unit * cell
    heads = [_rotate(-unit, angle) * HEAD * length * cell for angle in (0.45, -0.45)]
    segments = np.stack([tail, tip, tip, tip + heads[0], tip, tip + heads[1]], axis=1)
    flat = segments.reshape(-1, 2)
    connect = np.tile([True, False], len(flat) // 2)
    return Lines(flat[:, 0].copy(), flat[:, 1].copy(), connect)


def _rotate(vectors: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.column_stack([c * vectors[:, 0] - s * vectors[:, 1],
                            s * vectors[:, 0] + c * vectors[:, 1]])
