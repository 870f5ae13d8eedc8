"""A tiny evented model: plain callbacks, no Qt, so a tab's state can be tested without a window.

The napari pattern in its smallest form: a model keeps the state and calls
``emit(event, *args)`` when it changes; views ``connect(event, callback)``
and redraw from the model.  Qt-free on purpose: the models run in plain
pytest, and a Qt view connects a bound method like any other callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Evented:
    """Named events with any number of listeners, called in the order they connected."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Callable[..., Any]]] = {}

    def connect(self, event: str, callback: Callable[..., Any]) -> None:
        """Call ``callback(*args)`` whenever ``event`` is emitted."""
        self._listeners.setdefault(event, []).append(callback)

    def disconnect(self, event: str, callback: Callable[..., Any]) -> None:
        """Stop calling ``callback`` for ``event`` (no error if it was not connected)."""
        listeners = self._listeners.get(event, [])
        if callback in listeners:
            listeners.remove(callback)

    def emit(self, event: str, *args: Any) -> None:
        """Tell every listener of ``event``; a listener's exception propagates to the caller."""
        for callback in list(self._listeners.get(event, ())):
            callback(*args)
