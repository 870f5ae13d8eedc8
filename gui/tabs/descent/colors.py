"""A fixed colour per optimizer, so a path keeps its colour whatever else is chosen.

Apart from :mod:`gui.tabs.descent.choices` because the theme belongs to the
Qt side, and the choices are read by the Qt-free model.
"""

from __future__ import annotations

from gui.theme import series_color

_COLOR_ORDER = ("gd", "momentum", "adam", "nesterov", "rmsprop", "adagrad")


def optimizer_color(key: str) -> str:
    """The optimizer's series colour (Okabe–Ito, from gui.theme)."""
    return series_color(_COLOR_ORDER.index(key) if key in _COLOR_ORDER else len(_COLOR_ORDER))
