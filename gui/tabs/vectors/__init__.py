"""The Vectors tab (see :mod:`gui.tabs.vectors.tab`)."""

from gui.tabs.vectors.tab import VectorsTab

__all__ = ["VectorsTab"]
