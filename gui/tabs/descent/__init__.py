"""The Gradient descent tab: contours of f(x, y), critical points, optimizers racing live."""

from gui.tabs.descent.tab import DescentTab

__all__ = ["DescentTab"]
