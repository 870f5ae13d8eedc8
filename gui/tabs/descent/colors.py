"""A fixed colour per optimizer, so a path keeps its colour whatever else is chosen.

The colours live in :mod:`gui.theme` (the Neural network tab's race uses the same
ones); apart from :mod:`gui.tabs.descent.choices` because the theme belongs to the
Qt side, and the choices are read by the Qt-free model.
"""

from __future__ import annotations

from gui.theme import optimizer_color

__all__ = ["optimizer_color"]
