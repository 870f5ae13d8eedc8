"""The Neural network tab (``NetworkTab``) and its Qt-free model (``model.NetworkModel``).

``NetworkTab`` is imported on first use, so the model and its tests need no Qt.
"""

from typing import Any

__all__ = ["NetworkTab"]


def __getattr__(name: str) -> Any:
    if name == "NetworkTab":
        from gui.tabs.network.tab import NetworkTab

        return NetworkTab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
