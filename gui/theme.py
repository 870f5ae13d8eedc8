"""The one colour scheme every tab uses.

Okabe–Ito's palette is safe for the common colour-vision deficiencies, so
optimizers, classes and curves stay distinguishable for everyone.
"""

from __future__ import annotations

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


def configure_pyqtgraph() -> None:
    """White background, dark foreground, antialiasing: set before the first plot."""
    # Imported here: pyqtgraph is only needed once a tab with a plot is built.
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background=BACKGROUND, foreground=FOREGROUND)
