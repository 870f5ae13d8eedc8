"""Axes that paint from a pixmap cache: their tick labels change rarely, frames come often."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem


def cache_axes(plot: pg.PlotItem) -> None:
    """Keep each axis as a pixmap until its range or size changes.

    Re-drawing tick-label text on every frame was the largest single cost of
    a live frame; a cached axis is one blit.
    """
    for name in ("left", "bottom", "right", "top"):
        plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
