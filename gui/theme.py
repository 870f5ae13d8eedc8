"""The one colour scheme every tab uses.

Okabe–Ito's palette is safe for the common colour-vision deficiencies, so
optimizers, classes and curves stay distinguishable for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Okabe & Ito (2008), "Color Universal Design".
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#7F7F7F"

#: Okabe–Ito's light colours: on white they are under WCAG's 3:1 for graphics (2.25, 2.31,
#: 1.32). Lines and markers in them get an edge in the text colour there (the fill stays the
#: palette's, so the colours stay told apart); text in them is darkened (see readable).
LIGHT_COLORS = frozenset({ORANGE, SKY_BLUE, YELLOW})
#: WCAG 2.1 (1.4.11): graphics a reader needs stand 3:1 apart from what is next to them.
GRAPHICS_CONTRAST = 3.0

#: Series colours in the order they are handed out (f, f′, f″; optimizers; ...).
SERIES = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, YELLOW, BLACK)

#: Two classes (label 0 and label 1) and signs (negative, positive).
CLASS_COLORS = (VERMILLION, BLUE)
NEGATIVE, POSITIVE = VERMILLION, BLUE

BACKGROUND = "#FFFFFF"
FOREGROUND = "#202020"
GRID_ALPHA = 0.25

#: Critical-point kinds and their marker colours.
KIND_COLORS = {
    "minimum": GREEN,
    "maximum": VERMILLION,
    "saddle": ORANGE,
    "inflection": SKY_BLUE,
    "inconclusive": PURPLE,
}


def relative_luminance(color: str) -> float:
    """WCAG 2: L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB of ``#RRGGBB``."""
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@lru_cache(maxsize=256)
def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), from 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def needs_edge(color: str, paper: str | None = None) -> bool:
    """True when a line or marker in ``color`` stands under 3:1 from the paper (the theme's
    background by default): it is drawn with an edge in the text colour."""
    paper = paper if paper is not None else _scheme.background
    return contrast(color, paper) < GRAPHICS_CONTRAST


def readable(color: str, paper: str | None = None) -> str:
    """``color`` for text on ``paper``: itself when it stands 3:1 from the paper, else the same
    hue moved toward black (on light paper) or white (on dark) in 1 % steps until it does."""
    paper = paper if paper is not None else _scheme.background
    if contrast(color, paper) >= GRAPHICS_CONTRAST:
        return color
    target = 0.0 if relative_luminance(paper) > 0.18 else 255.0
    rgb = [int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    for step in range(1, 101):
        moved = "#" + "".join(f"{round(c + (target - c) * step / 100):02X}" for c in rgb)
        if contrast(moved, paper) >= GRAPHICS_CONTRAST:
            return moved
    return _scheme.foreground


def series_color(index: int) -> str:
    """The colour of the ``index``-th series, cycling through :data:`SERIES`."""
    return SERIES[index % len(SERIES)]


_OPTIMIZER_ORDER = ("gd", "momentum", "adam", "nesterov", "rmsprop", "adagrad")


def optimizer_color(key: str) -> str:
    """An optimizer's fixed series colour, the same in every tab that races them."""
    return series_color(_OPTIMIZER_ORDER.index(key) if key in _OPTIMIZER_ORDER
                        else len(_OPTIMIZER_ORDER))


@dataclass(frozen=True)
class Scheme:
    """The neutral colours of one theme; the Okabe–Ito colours serve both."""

    name: str
    background: str  # plots, the diagram, the inspector sheet
    foreground: str  # text, axes, outlines
    muted: str  # secondary text and guide lines
    window: str
    base: str  # text fields and tables
    button: str
    highlight: str


LIGHT = Scheme("light", BACKGROUND, FOREGROUND, GREY, "#EFEFEF", "#FFFFFF", "#E4E4E4", BLUE)
# On dark, black would vanish and blue darkens: the text is near-white, the highlight sky blue.
DARK = Scheme("dark", "#1B1D21", "#E8E8E8", "#9A9A9A", "#2A2D33", "#202327", "#353941",
              SKY_BLUE)

_scheme = LIGHT


def high_contrast(base: Scheme) -> Scheme:
    """``base`` pushed to black on white (or white on black): for projectors."""
    dark = base.name.startswith("dark")
    ink, paper = ("#FFFFFF", "#000000") if dark else ("#000000", "#FFFFFF")
    return Scheme(f"{base.name}, high contrast", paper, ink, "#C8C8C8" if dark else "#404040",
                  paper, paper, "#303030" if dark else "#E0E0E0", base.highlight)


def scheme() -> Scheme:
    """The theme in use (set by :mod:`gui.appearance`)."""
    return _scheme


def set_scheme(new: Scheme) -> None:
    global _scheme
    _scheme = new


def configure_pyqtgraph() -> None:
    """The theme's background and foreground, antialiasing: set before plots are made."""
    # Imported here: pyqtgraph is only needed once a tab with a plot is built.
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background=_scheme.background,
                        foreground=_scheme.foreground)
