"""The Vectors tab's scene as plain data: what to draw, tabulate and typeset.

No Qt here.  :class:`gui.tabs.vectors.model.PlaneModel` holds the user's inputs
(vectors a = OA and b = OB, the operation, k, and how far each arrow was
translated) and ``gui.tabs.vectors.constructions.build_scene`` asks
``engine.vectors`` for every number, so the views only show a :class:`Scene`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

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
