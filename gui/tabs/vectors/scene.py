"""The Vectors tab's scene as plain data: what to draw, tabulate and typeset.

No Qt here.  :class:`PlaneModel` holds the user's inputs (vectors a = OA and
b = OB, the operation, k, and how far each arrow was translated) and
``gui.tabs.vectors.constructions.build_scene`` asks ``engine.vectors`` for every
number, so the view only paints a :class:`Scene`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine import vectors as vec

#: Operation key → what the selector shows.
OPERATIONS = {
    "ab": "AB = OB − OA (the notes' example)",
    "sum": "a + b (parallelogram)",
    "difference": "a − b",
    "scale": "k·a (scalar multiple)",
    "dot": "a · b with the projection of a on b",
    "angle": "angle between a and b",
    "unit": "unit vectors â and b̂",
}
INPUTS = ("a", "b")
DEFAULT_VECTORS = {"a": (1.0, 1.0), "b": (3.0, 2.0)}
SNAP_STEPS = (0.5, 1.0)  # the grid steps a dragged point can snap to
DEFAULT_K = 2.0
K_RANGE = (-3.0, 3.0)
#: How far from its arrow a label sits, in plot units.
LABEL_GAP = 0.35


@dataclass(frozen=True)
class Arrow:
    """One arrow: ``role`` picks its colour (``a``, ``b``, ``result``, ``result2``)."""

    key: str
    label: str
    tail: np.ndarray
    vector: np.ndarray
    role: str
    dashed: bool = False
    head_draggable: bool = False
    translatable: bool = False
    label_side: int = 1

    @property
    def head(self) -> np.ndarray:
        return self.tail + self.vector


@dataclass(frozen=True)
class Row:
    """A line of the component table."""

    key: str
    name: str
    vector: np.ndarray
    tail: np.ndarray
    magnitude: float
    direction: vec.Angle | None
    editable: bool
    role: str


@dataclass(frozen=True)
class Scene:
    arrows: tuple[Arrow, ...]
    guides: tuple[np.ndarray, ...] = ()
    #: Text in the picture: (where, what, which way from there the text extends).
    marks: tuple[tuple[np.ndarray, str, np.ndarray], ...] = ()
    worked: tuple[vec.Worked, ...] = ()
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    bounds: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))


def input_names(operation: str) -> dict[str, str]:
    """In the notes' example the inputs are OA and OB; elsewhere a and b."""
    return {"a": "OA", "b": "OB"} if operation == "ab" else {"a": "a", "b": "b"}


class PlaneModel:
    """Inputs of the 2-D view; every derived number comes from ``engine.vectors``."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self.operation = "ab"
        self.k = DEFAULT_K
        self.snap = True  # dragged points are rounded to the grid step
        self.snap_step = SNAP_STEPS[0]
        self.reset()

    def reset(self) -> None:
        """Back to the notes' example: OA = i + j, OB = 3i + 2j, AB = OB − OA."""
        self.vectors = {key: np.array(value) for key, value in DEFAULT_VECTORS.items()}
        self.offsets = {}
        self.operation = "ab"
        self.k = DEFAULT_K

    # ---- changes (each validated; a refused change leaves the model as it was) --------
    def set_operation(self, operation: str) -> None:
        if operation not in OPERATIONS:
            raise vec.VectorError(f"Unknown operation {operation!r}.")
        self.operation = operation
        # Results differ between operations: their translations do not carry over.
        self.offsets = {k: v for k, v in self.offsets.items() if k in INPUTS}

    def set_k(self, k: float) -> None:
        value = vec.check_component(float(k))
        if not K_RANGE[0] <= value <= K_RANGE[1]:
            low, high = (vec.format_number(x) for x in K_RANGE)
            raise vec.VectorError(f"k must lie between {low} and {high}.")
        self.k = value

    def set_component(self, key: str, index: int, value: float) -> None:
        vector = self.vectors[key].copy()
        vector[index] = vec.check_component(value)
        self.vectors[key] = vector

    def move_head(self, key: str, point) -> None:
        """Drag the head of input ``key`` to ``point``; its tail stays put."""
        self.vectors[key] = vec.as_vector(np.asarray(point, dtype=float) - self.offset(key))

    def translate(self, key: str, delta) -> None:
        """Move arrow ``key`` by ``delta`` without changing it (same vector)."""
        moved = self.offset(key) + np.asarray(delta, dtype=float)
        self.offsets[key] = vec.as_vector(moved)

    def set_snap(self, on: bool, step: float) -> None:
        """Round dragged points to multiples of ``step`` (one of SNAP_STEPS) when ``on``."""
        if step not in SNAP_STEPS:
            raise vec.VectorError(f"Snap step must be one of {SNAP_STEPS}.")
        self.snap, self.snap_step = bool(on), float(step)

    def snapped(self, point) -> np.ndarray:
        """``point`` rounded to the grid when snapping is on."""
        point = np.asarray(point, dtype=float)
        return np.round(point / self.snap_step) * self.snap_step if self.snap else point

    def reset_translations(self) -> None:
        self.offsets = {}

    def offset(self, key: str) -> np.ndarray:
        return self.offsets.get(key, np.zeros(2))

    # ---- sessions ---------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "k": self.k,
            "a": self.vectors["a"].tolist(),
            "b": self.vectors["b"].tolist(),
            "offsets": {key: v.tolist() for key, v in self.offsets.items()},
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`state`; raise ValueError (nothing changed) if it does not fit."""
        trial = PlaneModel()
        try:
            trial.set_operation(str(state.get("operation", "ab")))
            trial.set_k(float(state.get("k", DEFAULT_K)))
            for key in INPUTS:
                trial.vectors[key] = vec.as_vector(state.get(key, DEFAULT_VECTORS[key]))
                if trial.vectors[key].size != 2:
                    raise vec.VectorError("Plane vectors have two components.")
            offsets = state.get("offsets", {})
            trial.offsets = {str(k): vec.as_vector(v) for k, v in dict(offsets).items()}
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"Not a Vectors tab state: {exc}") from exc
        self.__dict__.update(trial.__dict__)


def label_sides(arrows: list[Arrow]) -> list[Arrow]:
    """Put each label on the side of its arrow that is farther from the other arrows."""
    placed = []
    for arrow in arrows:
        length = float(np.linalg.norm(arrow.vector))
        if length == 0.0:
            placed.append(arrow)
            continue
        normal = np.array([-arrow.vector[1], arrow.vector[0]]) / length
        middle = arrow.tail + arrow.vector / 2
        others = [o for o in arrows if o is not arrow]

        def clearance(side: int, middle=middle, normal=normal, others=others) -> float:
            spot = middle + side * LABEL_GAP * normal
            return min((_distance_to_segment(spot, o.tail, o.head) for o in others),
                       default=math.inf)

        side = 1 if clearance(1) >= clearance(-1) else -1
        placed.append(Arrow(**{**arrow.__dict__, "label_side": side}))
    return placed


def _distance_to_segment(p: np.ndarray, start: np.ndarray, end: np.ndarray) -> float:
    span = end - start
    length2 = float(np.dot(span, span))
    t = 0.0 if length2 == 0.0 else min(1.0, max(0.0, float(np.dot(p - start, span)) / length2))
    return float(np.linalg.norm(p - (start + t * span)))
