"""Each operation's picture: the arrows, guide lines and worked lines it shows.

Qt-free.  Positions of constructions (the parallelogram's copies, the foot of
the projection, the angle's arc) are taken from the arrows' home places (tails
at O); a translated arrow leaves a dashed ghost there, so the construction
still reads correctly while the moved copy shows it is the same vector.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from engine import vectors as vec
from gui.tabs.vectors.scene import INPUTS, Arrow, Row, Scene, input_names, label_sides

if TYPE_CHECKING:
    from gui.tabs.vectors.model import PlaneModel

ORIGIN = np.zeros(2)
ARC_POINTS = 48


def build_scene(model: PlaneModel) -> Scene:
    """The :class:`Scene` for the model's operation, every number from ``engine.vectors``."""
    names = input_names(model.operation)
    a, b = model.vectors["a"], model.vectors["b"]
    parts = _Parts()
    shown = ("a",) if model.operation == "scale" else INPUTS
    for key in shown:
        parts.arrow(key, names[key], ORIGIN, model.vectors[key], key, head_draggable=True)
    try:
        _BUILDERS[model.operation](parts, model, a, b, names)
    except vec.ZeroVectorError as exc:
        parts.problems.append(str(exc))
    return parts.finish(model)


class _Parts:
    """Collects a scene while an operation's builder runs."""

    def __init__(self) -> None:
        self.arrows: list[Arrow] = []
        self.guides: list[np.ndarray] = []
        self.marks: list[tuple[np.ndarray, str, np.ndarray]] = []
        self.worked: list[vec.Worked] = []
        self.problems: list[str] = []

    def arrow(self, key: str, label: str, tail, vector, role: str, dashed: bool = False,
              head_draggable: bool = False) -> None:
        self.arrows.append(Arrow(key, label, np.asarray(tail, dtype=float),
                                 np.asarray(vector, dtype=float), role, dashed=dashed,
                                 head_draggable=head_draggable, translatable=not dashed))

    def finish(self, model: PlaneModel) -> Scene:
        arrows, notes = _translated(self.arrows, model)
        rows = tuple(_row(arrow) for arrow in arrows if not arrow.dashed)
        points = [p for arrow in arrows for p in (arrow.tail, arrow.head)]
        points += [p for guide in self.guides for p in guide]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Scene(
            arrows=tuple(label_sides(arrows)), guides=tuple(self.guides),
            marks=tuple(self.marks), worked=tuple(self.worked), rows=rows,
            notes=tuple(notes), problems=tuple(self.problems),
            bounds=(min(xs), max(xs), min(ys), max(ys)),
        )


def _translated(arrows: list[Arrow], model: PlaneModel) -> tuple[list[Arrow], list[str]]:
    """Apply the user's translations; each moved arrow leaves a ghost at home."""
    out, notes = [], []
    for arrow in arrows:
        offset = model.offset(arrow.key) if arrow.translatable else np.zeros(2)
        if not np.any(offset):
            out.append(arrow)
            continue
        out.append(Arrow(**{**arrow.__dict__, "key": f"{arrow.key}_home", "label": "",
                            "dashed": True, "head_draggable": False, "translatable": False}))
        moved = Arrow(**{**arrow.__dict__, "tail": arrow.tail + offset})
        out.append(moved)
        tail = ", ".join(vec.format_number(x) for x in moved.tail)
        notes.append(f"Tail of {arrow.label} moved to ({tail}): components unchanged, "
                     f"same vector {vec.format_vector(arrow.vector)}.")
    return out, notes


def _row(arrow: Arrow) -> Row:
    length = vec.magnitude(arrow.vector).value
    angle = vec.direction(arrow.vector).value if length > 0 else None
    return Row(arrow.key, arrow.label, arrow.vector, arrow.tail, length, angle,
               editable=arrow.key in INPUTS, role=arrow.role)


def _describe(parts: _Parts, value: np.ndarray, name: str) -> None:
    parts.worked.append(vec.magnitude(value, name))
    if np.any(value):
        parts.worked.append(vec.direction(value, name))


# ---- one builder per operation ---------------------------------------------------------


def _ab(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    worked = vec.vector_ab(a, b)
    parts.arrow("result", "AB", a, worked.value, "result")
    parts.worked.append(worked)
    _describe(parts, worked.value, "AB")


def _sum(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    worked = vec.add(a, b)
    parts.arrow("b_copy", "", a, b, "b", dashed=True)
    parts.arrow("a_copy", "", b, a, "a", dashed=True)
    parts.arrow("result", "a + b", ORIGIN, worked.value, "result")
    parts.worked.append(worked)
    _describe(parts, worked.value, "a + b")


def _difference(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    worked = vec.subtract(a, b)
    # a − b runs from b's head to a's head: b + (a − b) = a.
    parts.arrow("result", "a − b", b, worked.value, "result")
    parts.worked.append(worked)
    _describe(parts, worked.value, "a − b")


def _scale(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    worked = vec.scale(model.k, a)
    label = f"{vec.format_number(model.k)}a"
    parts.arrow("result", label, ORIGIN, worked.value, "result")
    parts.worked.append(worked)
    _describe(parts, worked.value, label)


def _dot(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    parts.worked.append(vec.dot(a, b))
    scalar = vec.scalar_projection(a, b)
    projection = vec.vector_projection(a, b)
    foot = projection.value
    parts.arrow("result", "proj_b a", ORIGIN, foot, "result")
    parts.guides.append(np.array([a, foot]))
    # The line carrying b, long enough to hold the foot (foot = t·b).
    t = vec.dot(a, b).value / vec.dot(b, b).value
    parts.guides.append(np.outer([min(0.0, t), max(1.0, t)], b))
    parts.worked += [scalar, projection, vec.rejection(a, b)]


def _angle(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    worked = vec.angle_between(a, b)
    parts.worked += [vec.dot(a, b), vec.magnitude(a), vec.magnitude(b, "b"), worked]
    start = vec.direction(a).value.radians
    turn = vec.cross([*a, 0.0], [*b, 0.0]).value[2]
    sweep = math.copysign(worked.value.radians, turn if turn != 0 else 1.0)
    radius = 0.6 * min(vec.magnitude(a).value, vec.magnitude(b).value)
    t = start + sweep * np.linspace(0.0, 1.0, ARC_POINTS)
    parts.guides.append(radius * np.column_stack((np.cos(t), np.sin(t))))
    middle = start + sweep / 2
    outward = np.array([math.cos(middle), math.sin(middle)])
    parts.marks.append((1.05 * radius * outward,
                        f"θ = {vec.format_number(worked.value.degrees)}°", outward))


def _unit(parts: _Parts, model: PlaneModel, a, b, names) -> None:
    t = np.linspace(0.0, 2 * math.pi, 4 * ARC_POINTS)
    parts.guides.append(np.column_stack((np.cos(t), np.sin(t))))
    for key, role in (("a", "result"), ("b", "result2")):
        worked = vec.unit(model.vectors[key], key)
        label = worked.text.split(" = ")[0]
        parts.arrow(role, label, ORIGIN, worked.value, role)
        parts.worked += [vec.magnitude(model.vectors[key], key), worked]


_BUILDERS = {
    "ab": _ab, "sum": _sum, "difference": _difference, "scale": _scale,
    "dot": _dot, "angle": _angle, "unit": _unit,
}
