"""The Gradient descent tab (``DescentTab``) and its Qt-free model (``model.DescentModel``).

``DescentTab`` is imported on first use, so the model and its tests need no Qt.
"""

from typing import Any

__all__ = ["DescentTab"]


def __getattr__(name: str) -> Any:
    if name == "DescentTab":
        from gui.tabs.descent.tab import DescentTab

        return DescentTab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
