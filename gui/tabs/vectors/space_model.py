"""The Vectors tab's 3-D inputs, Qt-free: vectors a and b in space and the view's angles.

Events (``Evented.connect``):

- ``"vectors" ()`` — a or b changed: the table, formulas and picture follow;
- ``"view" ()`` — the azimuth or elevation changed: the picture turns, the sliders follow;
- ``"message" (text)`` — why a typed component was refused ("" once one is accepted).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import vectors as vec
from gui.evented import Evented

DEFAULT_A = (2.0, 0.0, 1.0)
DEFAULT_B = (1.0, 2.0, 0.0)
DEFAULT_AZIMUTH, DEFAULT_ELEVATION = 35, 20
AZIMUTH_RANGE = (-180, 180)
ELEVATION_RANGE = (-89, 89)


class SpaceModel(Evented):
    """a, b (three components each), the azimuth and elevation (whole degrees)."""

    def __init__(self) -> None:
        super().__init__()
        self.vectors = {"a": np.array(DEFAULT_A), "b": np.array(DEFAULT_B)}
        self.azimuth, self.elevation = DEFAULT_AZIMUTH, DEFAULT_ELEVATION
        self.message = ""

    def cross(self) -> vec.Worked:
        """a × b, worked (``engine.vectors.cross``)."""
        return vec.cross(self.vectors["a"], self.vectors["b"])

    # ---- intents ----------------------------------------------------------------------
    def type_component(self, key: str, index: int, text: str) -> bool:
        """``text`` typed into component ``index`` of a or b; refused with a message."""
        try:
            value = vec.parse_component(text)
        except vec.VectorError as exc:
            self._say(f"{key}, {'xyz'[index]}: {exc} The vector is unchanged.")
            self.emit("vectors")  # the refused cell goes back to the value in use
            return False
        vector = self.vectors[key].copy()
        vector[index] = value
        self.vectors[key] = vector
        self._say("")
        self.emit("vectors")
        return True

    def turn(self, azimuth: float, elevation: float) -> None:
        """Look from ``azimuth``, ``elevation`` degrees (rounded, kept within their ranges)."""
        azimuth = int(np.clip(round(azimuth), *AZIMUTH_RANGE))
        elevation = int(np.clip(round(elevation), *ELEVATION_RANGE))
        if (azimuth, elevation) != (self.azimuth, self.elevation):
            self.azimuth, self.elevation = azimuth, elevation
            self.emit("view")

    def reset(self) -> None:
        self.load(self.checked({}))

    def _say(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.emit("message", text)

    # ---- sessions ---------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {"a": self.vectors["a"].tolist(), "b": self.vectors["b"].tolist(),
                "azimuth": self.azimuth, "elevation": self.elevation}

    @staticmethod
    def checked(state: dict[str, Any]) -> dict[str, Any]:
        """The inputs of a saved :meth:`state`; ValueError saying what does not fit."""
        try:
            vectors = {key: vec.as_vector(state.get(key, default))
                       for key, default in (("a", DEFAULT_A), ("b", DEFAULT_B))}
            angles = (state.get("azimuth", DEFAULT_AZIMUTH),
                      state.get("elevation", DEFAULT_ELEVATION))
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"Not a 3-D view state: {exc}") from exc
        for name, value, (low, high) in zip(("Azimuth", "Elevation"), angles,
                                            (AZIMUTH_RANGE, ELEVATION_RANGE), strict=True):
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not low <= value <= high:
                raise ValueError(f"{name} must be {low} … {high} degrees, not {value!r}.")
        if any(v.size != 3 for v in vectors.values()):
            raise ValueError("Vectors in space have three components.")
        return {"vectors": vectors, "azimuth": round(angles[0]), "elevation": round(angles[1])}

    def load(self, inputs: dict[str, Any]) -> None:
        """Take inputs returned by :meth:`checked`."""
        self.vectors = inputs["vectors"]
        self._say("")
        self.emit("vectors")
        self.turn(inputs["azimuth"], inputs["elevation"])
