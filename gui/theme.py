"""The one colour scheme every tab uses.

Okabe–Ito's palette is safe for the common colour-vision deficiencies, so
optimizers, classes and curves stay distinguishable for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

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
