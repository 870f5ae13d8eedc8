"""The Vectors tab (``VectorsTab``) and its Qt-free model (``model.VectorsModel``).

``VectorsTab`` is imported on first use, so the model and its tests need no Qt.
"""

from typing import Any

__all__ = ["VectorsTab"]


def __getattr__(name: str) -> Any:
    if name == "VectorsTab":
        from gui.tabs.vectors.tab import VectorsTab

        return VectorsTab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
