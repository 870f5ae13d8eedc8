"""The Vectors tab's one source of truth, Qt-free: the plane's inputs, space's, the view shown.

:class:`PlaneModel` holds a = OA and b = OB, the operation, k, each arrow's
translation, snapping and the message about the last refused input;
:class:`gui.tabs.vectors.space_model.SpaceModel` holds the 3-D vectors and the
view's angles; :class:`VectorsModel` puts them together with which view is
shown and is what sessions, state codes and lessons read and write.  Every
derived number comes from ``engine.vectors`` (through :func:`scene`).

Events (``Evented.connect``) of :class:`PlaneModel`:

- ``"changed" (cause)`` — the inputs or settings changed: every view redraws from
  the model.  ``cause`` tells the plot whether to bring the scene into view:
  ``"drag"`` (not while the mouse moves it), ``"edit"`` (if part is out of
  view), ``"quiet"`` (never: snapping, tails home, a refusal), ``"load"`` (a
  session: if out of view) or ``"reset"`` (always).
- ``"message" (text)`` — why an input was refused ("" once one is accepted).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import vectors as vec
from gui.evented import Evented
from gui.tabs.vectors.constructions import build_scene
from gui.tabs.vectors.scene import (
    DEFAULT_K,
    DEFAULT_VECTORS,
    INPUTS,
    K_RANGE,
    OPERATIONS,
    SNAP_STEPS,
    Arrow,
    Scene,
    input_names,
)
from gui.tabs.vectors.space_model import SpaceModel

CAUSES = ("drag", "edit", "quiet", "load", "reset")
VIEWS = ("plane", "space")


class PlaneModel(Evented):
    """Inputs of the 2-D view; every derived number comes from ``engine.vectors``."""

    def __init__(self) -> None:
        super().__init__()
        self.vectors: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self.operation = "ab"
        self.k = DEFAULT_K
        self.snap = True  # dragged points are rounded to the grid step
        self.snap_step = SNAP_STEPS[0]
        self.message = ""
        self._scene: Scene | None = None
        self._slide_from: np.ndarray | None = None  # the tail where a shaft drag began
        self._defaults()

    def _defaults(self) -> None:
        self.vectors = {key: np.array(value) for key, value in DEFAULT_VECTORS.items()}
        self.offsets = {}
        self.operation = "ab"
        self.k = DEFAULT_K

    # ---- reading ----------------------------------------------------------------------
    def scene(self) -> Scene:
        """What to draw, tabulate and typeset (built once per change)."""
        if self._scene is None:
            self._scene = build_scene(self)
        return self._scene

    def offset(self, key: str) -> np.ndarray:
        return self.offsets.get(key, np.zeros(2))

    def snapped(self, point) -> np.ndarray:
        """``point`` rounded to the grid when snapping is on."""
        point = np.asarray(point, dtype=float)
        return np.round(point / self.snap_step) * self.snap_step if self.snap else point

    def name(self, key: str) -> str:
        """What the user calls input ``key`` now (OA/OB in the notes' example, else a/b)."""
        return input_names(self.operation)[key]

    # ---- intents (each validated; a refused one leaves the inputs as they were) --------
    def reset(self) -> None:
        """Back to the notes' example: OA = i + j, OB = 3i + 2j, AB = OB − OA."""
        self._defaults()
        self._changed("reset", "")

    def set_operation(self, operation: str) -> None:
        if operation not in OPERATIONS:
            raise vec.VectorError(f"Unknown operation {operation!r}.")
        self.operation = operation
        # Results differ between operations: their translations do not carry over.
        self.offsets = {k: v for k, v in self.offsets.items() if k in INPUTS}
        self._changed("edit", "")

    def set_k(self, k: float) -> None:
        """k in k·a; VectorError (k unchanged) outside K_RANGE or not finite."""
        self.k = _checked_k(k)
        self._changed("edit", "")

    def type_k(self, text: str) -> bool:
        """``text`` typed as k; refused with a message (k kept) unless a number in range."""
        try:
            self.set_k(vec.parse_component(text))
        except vec.VectorError as exc:
            self._changed("quiet", f"{exc} k stays {vec.format_number(self.k)}.")
            return False
        return True

    def type_component(self, key: str, index: int, text: str) -> bool:
        """``text`` typed into component ``index`` of input ``key``; refused with a message."""
        try:
            value = vec.parse_component(text)
        except vec.VectorError as exc:
            self._changed("quiet", f"{self.name(key)}, {'xy'[index]}: {exc} "
                                   "The vector is unchanged.")
            return False
        vector = self.vectors[key].copy()
        vector[index] = value
        self.vectors[key] = vector
        self._changed("edit", "")
        return True

    def drag_head(self, key: str, point) -> None:
        """The head of input ``key`` dragged to ``point`` (snapped); its tail stays put."""
        try:
            self.vectors[key] = vec.as_vector(self.snapped(point) - self.offset(key))
        except vec.VectorError as exc:
            self._changed("drag", f"{self.name(key)}: {exc}")
            return
        self._changed("drag", self.message)

    def slide(self, key: str, delta, phase: str) -> None:
        """Arrow ``key`` slid by ``delta`` from where the drag began (``phase``: "start",
        "move" or "finish"), its tail snapped: a translated vector is the same vector."""
        arrow = self.arrow(key)
        if arrow is None:
            return
        if phase == "start" or self._slide_from is None:
            self._slide_from = arrow.tail.copy()
        target = self.snapped(self._slide_from + np.asarray(delta, dtype=float))
        if phase == "finish":
            self._slide_from = None
        try:
            self.offsets[key] = vec.as_vector(self.offset(key) + target - arrow.tail)
        except vec.VectorError as exc:
            self._changed("drag", str(exc))
            return
        self._changed("drag", self.message)

    def arrow(self, key: str) -> Arrow | None:
        return next((a for a in self.scene().arrows if a.key == key), None)

    def set_snap(self, on: bool, step: float) -> None:
        """Round dragged points to multiples of ``step`` (one of SNAP_STEPS) when ``on``."""
        if step not in SNAP_STEPS:
            raise vec.VectorError(f"Snap step must be one of {SNAP_STEPS}.")
        self.snap, self.snap_step = bool(on), float(step)
        self._changed("quiet", self.message)

    def reset_translations(self) -> None:
        self.offsets = {}
        self._changed("quiet", self.message)

    def _changed(self, cause: str, message: str) -> None:
        self._scene = None
        if message != self.message:
            self.message = message
            self.emit("message", message)
        self.emit("changed", cause)

    # ---- sessions ---------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "k": self.k,
            "a": self.vectors["a"].tolist(),
            "b": self.vectors["b"].tolist(),
            "offsets": {key: v.tolist() for key, v in self.offsets.items()},
        }

    @staticmethod
    def checked(state: dict[str, Any]) -> dict[str, Any]:
        """The inputs of a saved :meth:`state`; ValueError saying what does not fit."""
        try:
            operation = str(state.get("operation", "ab"))
            if operation not in OPERATIONS:
                raise vec.VectorError(f"Unknown operation {operation!r}.")
            k = _checked_k(state.get("k", DEFAULT_K))
            vectors = {key: vec.as_vector(state.get(key, DEFAULT_VECTORS[key]))
                       for key in INPUTS}
            if any(v.size != 2 for v in vectors.values()):
                raise vec.VectorError("Plane vectors have two components.")
            offsets = {str(key): vec.as_vector(v)
                       for key, v in dict(state.get("offsets", {})).items()}
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"Not a Vectors tab state: {exc}") from exc
        return {"operation": operation, "k": k, "vectors": vectors, "offsets": offsets}

    def load(self, inputs: dict[str, Any], snap: bool, snap_step: float) -> None:
        """Take inputs returned by :meth:`checked`, and the snapping."""
        self.operation, self.k = inputs["operation"], inputs["k"]
        self.vectors, self.offsets = inputs["vectors"], inputs["offsets"]
        self.snap, self.snap_step = bool(snap), float(snap_step)
        self._changed("load", "")


def _checked_k(k: Any) -> float:
    """k as a float in K_RANGE; VectorError if it is not."""
    value = vec.check_component(float(k))
    if not K_RANGE[0] <= value <= K_RANGE[1]:
        low, high = (vec.format_number(x) for x in K_RANGE)
        raise vec.VectorError(f"k must lie between {low} and {high}.")
    return value


class VectorsModel(Evented):
    """The tab's state: the plane, space, and which of the two is shown.

    Event ``"view" (index)`` when the shown view changes (0 plane, 1 space).
    """

    def __init__(self) -> None:
        super().__init__()
        self.plane = PlaneModel()
        self.space = SpaceModel()
        self.view = 0

    def show_view(self, index: int) -> None:
        index = 1 if index == 1 else 0
        if index != self.view:
            self.view = index
            self.emit("view", index)

    def reset(self) -> None:
        """The notes' example in the plane, space's default, the plane shown."""
        self.plane.reset()
        self.space.reset()
        self.show_view(0)

    def state(self) -> dict[str, Any]:
        return {"plane": self.plane.state(), "space": self.space.state(),
                "snap": self.plane.snap, "snap_step": self.plane.snap_step,
                "view": self.view}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`state`; ValueError (and nothing changed) if any part does not fit."""
        if not isinstance(state, dict):
            raise ValueError("A Vectors tab state is a dictionary.")
        step = state.get("snap_step", SNAP_STEPS[0])
        if step not in SNAP_STEPS:
            raise ValueError(f"Snap step must be one of {SNAP_STEPS}.")
        plane = state.get("plane", {})
        space = state.get("space", {})
        if not isinstance(plane, dict) or not isinstance(space, dict):
            raise ValueError("Not a Vectors tab state: plane and space are dictionaries.")
        inputs = PlaneModel.checked(plane)
        space_inputs = SpaceModel.checked(space)
        self.plane.load(inputs, bool(state.get("snap", True)), step)
        self.space.load(space_inputs)
        self.show_view(1 if state.get("view") == 1 else 0)
