"""Lessons: ordered steps through the tabs, with questions checked by the engine.

Qt-free, so a lesson can be read, checked and answered in a test without a window.
A lesson file is JSON (documented in docs/lessons.md)::

    {"format": "gradient-lab-lesson", "version": 1, "title": "…",
     "steps": [{"title": "…", "text": "Markdown-light with $…$ maths",
                "tab": "derivatives", "state": {…partial tab state…},
                "lock": ["objectName", …], "hide": ["objectName", …],
                "question": {"kind": "number", "prompt": "…",
                             "compute": {"derivative": "x^5", "at": 2},
                             "tolerance": 0.001, "why": "…"},
                "run_until": {"epochs": 1000}}]}

``"reveal": ["objectName", …]`` hides controls that would give a question's answer away
until the question is answered.

A network step's run-until may train several networks at once instead of one:
``"run_until": {"epochs": 1000, "starts": 20}`` trains seeds s … s+19 side by side
(the Many starts panel) and stops them all at epoch 1,000.

A number question's right answer is either written (``"answer": 80``) or named as an
engine computation (``"compute"``), evaluated here by :mod:`engine.symbolic` from the
formula text through the project's own reader: never ``eval``.  A file is untrusted
input like a session: read with :func:`engine.files.read_regular` (regular files only,
at most :data:`MAX_BYTES`), and every fault is a :class:`LessonError` in words.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.files import FileReadError, read_regular

FORMAT = "gradient-lab-lesson"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
MAX_STEPS = 200
TABS = ("vectors", "derivatives", "descent", "network")
RUN_UNITS = {"epochs": "network", "steps": "descent"}  # a run-until count and its tab
MAX_STARTS = 500  # networks of a many-starts run-until (the panel's own limit)
DEFAULT_TOLERANCE = 0.005
COMPUTATIONS = ("derivative", "partial", "value", "discriminant")
#: what a step's state must reset when it does not give it: a network step that sets
#: settings without weights starts from its seed's fresh weights, with no old curves
FRESH = {"network": {"weights": None, "biases": None,
                     "loss_history": {"epochs": [], "train": [], "test": None},
                     "trails": None}}
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
                     r"(?:\s*/\s*(\d+\.?\d*|\.\d+))?\s*$")


class LessonError(ValueError):
    """A lesson that cannot be opened or a question that cannot be checked; says why."""


@dataclass(frozen=True)
class Question:
    """A number (checked within ``tolerance`` of ``answer`` or of ``compute``) or a choice."""

    kind: str
    prompt: str
    answer: float | int | None = None  # the number, or the index of the right choice
    compute: dict[str, Any] | None = None
    tolerance: float = DEFAULT_TOLERANCE
    choices: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class Step:
    title: str
    text: str = ""
    tab: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    lock: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    question: Question | None = None
    run_until: tuple[str, int] | None = None  # ("epochs", 1000) or ("steps", 100)
    starts: int = 1  # networks the run-until trains side by side (many starts if > 1)
    reveal: tuple[str, ...] = ()  # controls hidden until the question is answered


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str  # right or wrong, the expected answer and why


# ---- reading ---------------------------------------------------------------------
def load_lesson(path: str | os.PathLike[str]) -> Lesson:
    """Read and check the lesson file at ``path``."""
    name = os.path.basename(os.fspath(path))
    try:
        data = read_regular(path, MAX_BYTES, "a lesson file")
    except FileReadError as exc:
        raise LessonError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LessonError(f"{name} is not UTF-8 text, so not a lesson") from None
    return parse_lesson(text, name)


def parse_lesson(text: str, name: str = "the lesson") -> Lesson:
    """Check a lesson's JSON text and build it; :class:`LessonError` names the fault."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise LessonError(f"{name} is damaged or not a lesson file ({reason})") from None
    return lesson_from_dict(document, name)


def is_lesson_text(text: str) -> bool:
    """Whether JSON text declares the lesson format (how the command line tells a
    lesson from a session)."""
    return re.search(r'"format"\s*:\s*"' + FORMAT + '"', text[:4096]) is not None


def lesson_from_dict(document: Any, name: str = "the lesson") -> Lesson:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LessonError(f"{name} is not a Gradient Lab lesson (no \"format\": \"{FORMAT}\")")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LessonError(f"{name} has no valid format version")
    if version > VERSION:
        raise LessonError(f"{name} was written for a newer Gradient Lab (format {version}); "
                          f"this one reads format {VERSION}")
    title = _text(document, "title", name, required=True)
    steps = document.get("steps")
    if not isinstance(steps, list) or not steps:
        raise LessonError(f"{name} has no steps (\"steps\" must be a list of at least one)")
    if len(steps) > MAX_STEPS:
        raise LessonError(f"{name} has {len(steps)} steps; a lesson has at most {MAX_STEPS}")
    return Lesson(title, tuple(_step(raw, f"{name}, step {i}")
                               for i, raw in enumerate(steps, start=1)))


def _step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict):
        raise LessonError(f"{where} is not a set of values")
    title = _text(raw, "title", where, required=True)
    where = f"{where} (“{title}”)"
    unknown = set(raw) - {"title", "text", "tab", "state", "lock", "hide", "question",
                          "run_until", "reveal"}
    if unknown:
        raise LessonError(f"{where} has unknown entries: {', '.join(sorted(unknown))}")
    tab = raw.get("tab")
    if tab is not None and tab not in TABS:
        raise LessonError(f"{where}: tab must be one of {', '.join(TABS)}, not {tab!r}")
    state = raw.get("state", {})
    if not isinstance(state, dict):
        raise LessonError(f"{where}: state must be a set of values")
    if state and tab is None:
        raise LessonError(f"{where} gives a state but no tab to load it into")
    names = {key: _names(raw.get(key, []), f"{where}: {key}")
             for key in ("lock", "hide", "reveal")}
    question = raw.get("question")
    if names["reveal"] and question is None:
        raise LessonError(f"{where}: reveal shows controls once the question is answered; "
                          "this step has no question")
    run_until, starts = _run_until(raw.get("run_until"), tab, where)
    return Step(title, _text(raw, "text", where), tab, state, names["lock"], names["hide"],
                None if question is None else _question(question, f"{where}: question"),
                run_until, starts, names["reveal"])


def _text(raw: dict, key: str, where: str, required: bool = False) -> str:
    value = raw.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise LessonError(f"{where}: {key!r} must be {'some ' if required else ''}text")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LessonError(f"{where} must be a list of control names (objectName)")
    return tuple(value)


def _run_until(raw: Any, tab: str | None, where: str) -> tuple[tuple[str, int] | None, int]:
    """((unit, count), networks) of a run-until, or (None, 1) for none."""
    if raw is None:
        return None, 1
    shape = f"{where}: run_until must be {{\"epochs\": N}}, {{\"steps\": N}} or " \
            f"{{\"epochs\": N, \"starts\": K}}"
    if not isinstance(raw, dict):
        raise LessonError(shape)
    units = [key for key in raw if key in RUN_UNITS]
    if len(units) != 1 or set(raw) - {units[0], "starts"}:
        raise LessonError(shape)
    unit = units[0]
    count = raw[unit]
    if RUN_UNITS[unit] != tab:
        raise LessonError(f"{where}: run_until {unit} needs the {RUN_UNITS[unit]} tab")
    if not _whole(count, 1, 10**7):
        raise LessonError(f"{where}: run_until {unit} must be a whole number from 1 to 10⁷")
    starts = raw.get("starts", 1)
    if "starts" in raw and unit != "epochs":
        raise LessonError(f"{where}: run_until starts (many networks) goes with epochs")
    if not _whole(starts, 2 if "starts" in raw else 1, MAX_STARTS):
        raise LessonError(f"{where}: run_until starts must be a whole number from 2 to "
                          f"{MAX_STARTS}")
    return (unit, count), starts


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise LessonError(f"{where} is not a set of values")
    kind = raw.get("kind")
    prompt = _text(raw, "prompt", where, required=True)
    why = _text(raw, "why", where)
    if kind == "choice":
        choices = raw.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or \
                not all(isinstance(c, str) and c for c in choices):
            raise LessonError(f"{where}: a choice question needs \"choices\": two or more texts")
        answer = raw.get("answer")
        if not isinstance(answer, int) or isinstance(answer, bool) or \
                not 0 <= answer < len(choices):
            raise LessonError(f"{where}: \"answer\" must be the index (from 0) of the right "
                              f"choice, 0 to {len(choices) - 1}")
        return Question("choice", prompt, answer, None, 0.0, tuple(choices), why)
    if kind != "number":
        raise LessonError(f"{where}: kind must be \"number\" or \"choice\", not {kind!r}")
    answer, compute = raw.get("answer"), raw.get("compute")
    if (answer is None) == (compute is None):
        raise LessonError(f"{where}: give either \"answer\" (a number) or \"compute\"")
    if answer is not None and not _is_number(answer):
        raise LessonError(f"{where}: \"answer\" must be a finite number")
    tolerance = raw.get("tolerance", DEFAULT_TOLERANCE)
    if not _is_number(tolerance) or tolerance < 0:
        raise LessonError(f"{where}: \"tolerance\" must be a number ≥ 0")
    question = Question("number", prompt, answer, compute, float(tolerance), (), why)
    try:
        expected_value(question)  # a computation that cannot run is the file's fault: say so now
    except LessonError as exc:
        raise LessonError(f"{where}: {exc}") from None
    return question


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and \
        math.isfinite(value)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in a lesson")


# ---- answers ---------------------------------------------------------------------
def expected_value(question: Question) -> float:
    """The right number: written in the file, or computed by the engine."""
    if question.compute is None:
        return float(question.answer)
    return compute(question.compute)


def compute(spec: Mapping[str, Any]) -> float:
    """A named engine computation of one number.

    ``{"derivative": f, "at": x0}``: f′(x0).  ``{"partial": f, "wrt": "x"|"y", "at":
    [x0, y0]}``: ∂f/∂x or ∂f/∂y there.  ``{"value": f, "at": x0 or [x0, y0]}``: f there.
    ``{"discriminant": f, "at": [x0, y0]}``: rt − s² with r = f_xx, s = f_xy, t = f_yy.
    ``"parameters": {"b": 2}`` sets f's parameters (default 1).
    """
    if not isinstance(spec, Mapping):
        raise LessonError("\"compute\" must be a set of values")
    kinds = [k for k in COMPUTATIONS if k in spec]
    if len(kinds) != 1:
        raise LessonError(f"\"compute\" must name one of {', '.join(COMPUTATIONS)}")
    kind = kinds[0]
    formula, at = spec[kind], spec.get("at")
    point = [at] if _is_number(at) else at
    if not isinstance(point, list) or not 1 <= len(point) <= 2 or \
            not all(_is_number(v) for v in point):
        raise LessonError(f"{kind}: \"at\" must be a number or [x, y]")
    variables = ("x", "y")[: len(point)]
    if kind in ("partial", "discriminant") and len(point) != 2:
        raise LessonError(f"{kind}: \"at\" must be a point [x, y]")
    if kind == "derivative" and len(point) != 1:
        raise LessonError("derivative: \"at\" must be one number (use \"partial\" for f(x, y))")
    params = spec.get("parameters", {})
    if not isinstance(params, Mapping) or not all(_is_number(v) for v in params.values()):
        raise LessonError(f"{kind}: \"parameters\" must map names to numbers")
    # SymPy only once a lesson computes: the window imports this module to build its
    # Lessons menu, and importing SymPy there delayed its first paint (issue 16)
    from engine.symbolic import ExpressionError, TooComplexError, parse
    from engine.symbolic.symbolic_derivative import derivative

    try:
        f = parse(formula, variables)
        if kind == "derivative":
            parts = [derivative(f, "x")]
        elif kind == "partial":
            wrt = spec.get("wrt")
            if wrt not in variables:
                raise LessonError("partial: \"wrt\" must be \"x\" or \"y\"")
            parts = [derivative(f, wrt)]
        elif kind == "discriminant":
            fx = derivative(f, "x")
            parts = [derivative(f, "x", 2), derivative(fx, "y"), derivative(f, "y", 2)]
        else:
            parts = [f]
        values = [float(p(*point, **params)) for p in parts]
    except (ExpressionError, TooComplexError, TypeError) as exc:
        raise LessonError(f"{kind} of {formula!r}: {exc}") from None
    result = values[0] * values[2] - values[1] ** 2 if kind == "discriminant" else values[0]
    if not math.isfinite(result):
        raise LessonError(f"{kind} of {formula!r} is not defined at {at}")
    return result


def read_number(text: str) -> float | None:
    """A typed answer: ``80``, ``-0.25``, ``−0.25`` (a true minus), ``1e3``, ``0,5`` or
    a fraction ``16/3``; None when it is none of these."""
    cleaned = text.replace("−", "-").replace("\u2009", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+,\d+", cleaned):  # a decimal comma
        cleaned = cleaned.replace(",", ".")
    match = _NUMBER.match(cleaned)
    if match is None:
        return None
    value = float(match.group(1))
    if match.group(2) is not None:
        denominator = float(match.group(2))
        if denominator == 0:
            return None
        value /= denominator
    return value if math.isfinite(value) else None


def check_answer(question: Question, given: str | int) -> Verdict:
    """Right or wrong, and why: a number within the tolerance, or the right choice."""
    why = f" {question.why}" if question.why else ""
    if question.kind == "choice":
        right = question.choices[question.answer]
        if given == question.answer:
            return Verdict(True, f"Right: {right}.{why}")
        return Verdict(False, f"Not quite: the answer is “{right}”.{why}")
    value = read_number(str(given))
    if value is None:
        return Verdict(False, f"“{given}” is not a number: type one such as 80, -0.5 or 16/3")
    expected = expected_value(question)
    shown = format_number(expected)
    if abs(value - expected) <= question.tolerance:
        return Verdict(True, f"Right: {shown}.{why}")
    return Verdict(False, f"Not quite: you gave {format_number(value)}, the answer is "
                          f"{shown} (within ±{question.tolerance:g}).{why}")


def format_number(value: float) -> str:
    """Up to six significant digits, with a true minus sign."""
    text = f"{value:.6g}"
    return text.replace("-", "−")


# ---- states and writing ----------------------------------------------------------
def merged_state(tab: str, current: Mapping[str, Any], partial: Mapping[str, Any]) -> dict:
    """``partial`` over ``current``, nested mappings merged key by key (lists replaced)."""
    merged = dict(current)
    if tab in FRESH and "weights" not in partial and "settings" in partial:
        merged.update(json.loads(json.dumps(FRESH[tab])))
    for key, value in partial.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merged_state("", merged[key], value)
        else:
            merged[key] = value
    return merged


def run_until_state(step: Step) -> dict[str, Any]:
    """The part of the state that makes the run stop at the step's count by itself, so
    a run-until pauses at exactly that epoch (network) or step (descent)."""
    if step.run_until is None:
        return {}
    unit, count = step.run_until
    return {"settings": {"max_epochs": count}} if unit == "epochs" else {"max_steps": count}


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """The JSON document of ``lesson`` (what Save lesson writes)."""
    steps = []
    for step in lesson.steps:
        raw: dict[str, Any] = {"title": step.title, "text": step.text}
        if step.tab is not None:
            raw["tab"] = step.tab
        for key in ("state", "lock", "hide", "reveal"):
            if getattr(step, key):
                raw[key] = _plain(getattr(step, key))
        if step.question is not None:
            q = step.question
            question: dict[str, Any] = {"kind": q.kind, "prompt": q.prompt}
            if q.kind == "choice":
                question["choices"] = list(q.choices)
            if q.compute is not None:
                question["compute"] = _plain(q.compute)
            else:
                question["answer"] = q.answer
            if q.kind == "number":
                question["tolerance"] = q.tolerance
            question["why"] = q.why
            raw["question"] = question
        if step.run_until is not None:
            raw["run_until"] = {step.run_until[0]: step.run_until[1]}
            if step.starts > 1:
                raw["run_until"]["starts"] = step.starts
        steps.append(raw)
    return {"format": FORMAT, "version": VERSION, "title": lesson.title, "steps": steps}


def lesson_text(lesson: Lesson) -> str:
    return json.dumps(lesson_to_dict(lesson), indent=1, ensure_ascii=False, allow_nan=False)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value
