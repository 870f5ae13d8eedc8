"""The Derivatives tab (``DerivativesTab``) and its Qt-free model (``model.DerivativesModel``).

``DerivativesTab`` is imported on first use, so the model and its tests need no Qt.
"""

from typing import Any

__all__ = ["DerivativesTab"]


def __getattr__(name: str) -> Any:
    if name == "DerivativesTab":
        from gui.tabs.derivatives.tab import DerivativesTab

        return DerivativesTab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
