"""The Derivatives tab (see :mod:`gui.tabs.derivatives.tab`)."""

from gui.tabs.derivatives.tab import DerivativesTab

__all__ = ["DerivativesTab"]
