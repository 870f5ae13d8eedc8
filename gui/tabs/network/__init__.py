"""The Neural network tab (see :mod:`gui.tabs.network.tab`)."""

from gui.tabs.network.tab import NetworkTab

__all__ = ["NetworkTab"]
