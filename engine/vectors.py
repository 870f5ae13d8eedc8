"""Vectors in the plane and in space, each operation with its worked line.

Every operation returns a :class:`Worked`: the number(s) and the line a student
would write, in the notes' style (``AB = OB − OA = (3 − 1)i + (2 − 1)j = 2i + j``),
both as plain text and as LaTeX for ``gui.mathtext``.  Vectors are NumPy arrays
of 2 or 3 finite components.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

#: Largest component a user may type: beyond it the pictures stop meaning anything.
MAX_COMPONENT = 1e6
MINUS = "−"
_BASIS_TEXT = ("i", "j", "k")
_BASIS_LATEX = (r"\hat{\imath}", r"\hat{\jmath}", r"\hat{k}")


class VectorError(ValueError):
    """An input that is not a usable vector or number, with a message for the user."""


class ZeroVectorError(VectorError):
    """The operation is undefined because a vector is zero."""


class Angle(NamedTuple):
    degrees: float
    radians: float


@dataclass(frozen=True)
class Worked:
    """A result with the line that derives it, in plain text and in LaTeX."""

    value: Any
    text: str
    latex: str


# ---- input ---------------------------------------------------------------------------


def parse_component(text: str) -> float:
    """A component typed by the user: a number or a constant expression (``1/2``,
    ``sqrt(2)``, ``−3π/4``), finite, with |x| ≤ ``MAX_COMPONENT``.

    Expressions are read by the project's own parser (``engine.symbolic.expressions``:
    a tokenizer and a whitelist of syntax), never by ``eval``; a decimal comma
    (``0,5``) is read as a decimal point.
    """
    stripped = text.strip()
    if not stripped:
        raise VectorError("Type a number.")
    cleaned = stripped.replace(MINUS, "-")
    if re.fullmatch(r"[+-]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        value = _constant(cleaned, stripped)
    return check_component(value)


def _constant(cleaned: str, typed: str) -> float:
    """The value of a formula without variables, e.g. ``1/2`` or ``sqrt(2)``."""
    # Imported here: the parser pulls in SymPy, which plain vector arithmetic never needs.
    from engine.symbolic.expressions import ExpressionError, parse

    try:
        expression = parse(cleaned, ())
    except ExpressionError as exc:
        raise VectorError(f"“{typed}” is not a number: {exc}.") from None
    if expression.parameters:
        letters = ", ".join(expression.parameters)
        raise VectorError(f"“{typed}” is not a number: it holds the letter(s) {letters}.")
    value = expression.sympy.evalf(30)
    if not (value.is_real and value.is_finite):
        raise VectorError(f"“{typed}” is not a real, finite number.")
    return float(value)


def check_component(value: float) -> float:
    """``value`` if it is finite and within ±``MAX_COMPONENT``, else a VectorError."""
    if not math.isfinite(value):
        raise VectorError("Components must be finite numbers (not NaN or infinity).")
    if abs(value) > MAX_COMPONENT:
        raise VectorError(f"Components must lie between −{MAX_COMPONENT:g} and {MAX_COMPONENT:g}.")
    return float(value)


def as_vector(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """A float array of 2 or 3 checked components."""
    v = np.asarray(values, dtype=float).reshape(-1)
    if v.size not in (2, 3):
        raise VectorError(f"A vector here has 2 or 3 components, not {v.size}.")
    for x in v:
        check_component(float(x))
    return v


def _finite(u: Sequence[float] | np.ndarray) -> np.ndarray:
    """``u`` as a float array; VectorError if a component is NaN or infinite.

    Every operation checks this itself: NaN compares false with everything, so
    unchecked it turns into answers that look fine (θ = 0°, "not zero").
    """
    a = np.asarray(u, dtype=float)
    if not np.all(np.isfinite(a)):
        raise VectorError("Components must be finite numbers (not NaN or infinity).")
    return a


def _pair(u: Sequence[float] | np.ndarray, v: Sequence[float] | np.ndarray):
    a, b = _finite(u), _finite(v)
    if a.shape != b.shape or a.size not in (2, 3):
        raise VectorError("Both vectors need the same number of components (2 or 3).")
    return a, b


def _exact_dot(a: np.ndarray, b: np.ndarray) -> float:
    """Σ aᵢbᵢ of the binary values, summed exactly and rounded once (no cancellation)."""
    return float(sum(Fraction(float(x)) * Fraction(float(y)) for x, y in zip(a, b, strict=True)))


def _exact_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a × b (3-D) or the scalar a₁b₂ − a₂b₁ (2-D), each component rounded once.

    In floating point a₂b₃ − a₃b₂ cancels for nearly parallel vectors: (3, 2) and
    (3, 2 + 10⁻¹³) would give a component 0.15 % off; exact fractions do not.
    """
    x, y = [Fraction(float(t)) for t in a], [Fraction(float(t)) for t in b]
    if len(x) == 2:
        return np.array(float(x[0] * y[1] - x[1] * y[0]))
    return np.array([float(x[p] * y[q] - x[q] * y[p]) for p, q in ((1, 2), (2, 0), (0, 1))])


# ---- formatting ----------------------------------------------------------------------


def format_number(x: float, latex: bool = False) -> str:
    """Integers without ``.0``, others to 3 decimals; tiny values in 3 significant figures."""
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    nearest = round(x)
    if abs(x - nearest) <= 1e-9 * max(1.0, abs(x)):
        text = str(int(nearest))
    elif abs(x) >= 1e-3:
        text = f"{x:.3f}".rstrip("0").rstrip(".")
    else:
        mantissa, exponent = f"{x:.2e}".split("e")
        mantissa, power = mantissa.rstrip("0").rstrip("."), int(exponent)
        text = (f"{mantissa} \\times 10^{{{power}}}" if latex
                else f"{mantissa}×10^{power}")
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", "-" if latex else MINUS)


def _signed(x: float, latex: bool) -> str:
    """A factor in a product or sum: negative numbers in parentheses."""
    text = format_number(x, latex)
    return f"({text})" if x < 0 and text != "0" else text


def format_vector(v: Sequence[float] | np.ndarray, latex: bool = False) -> str:
    """``2i + j``, ``−2i − 3j + 0.5k``: 1i written as i, zero terms left out."""
    basis = _BASIS_LATEX if latex else _BASIS_TEXT
    minus = "-" if latex else MINUS
    terms = []
    for x, e in zip(np.asarray(v, dtype=float), basis, strict=False):
        size = format_number(abs(x), latex)
        if size == "0":
            continue
        coefficient = "" if size == "1" else size
        sign = minus if x < 0 else "+"
        terms.append((sign, f"{coefficient}{e}"))
    if not terms:
        return r"\vec{0}" if latex else "0"
    first_sign, first = terms[0]
    head = f"{minus}{first}" if first_sign != "+" else first
    return head + "".join(f" {sign} {term}" for sign, term in terms[1:])


def _name(name: str, latex: bool) -> str:
    """A vector's name; in LaTeX each letter run gets its arrow (``a + b``, ``2a``, ``AB``)."""
    if not latex:
        return name

    def arrow(match: re.Match[str]) -> str:
        letters = match.group(0)
        return rf"\vec{{{letters}}}" if len(letters) == 1 else rf"\overrightarrow{{{letters}}}"

    return re.sub(r"[A-Za-z]+", arrow, name).replace(MINUS, "-")


def _hat_name(name: str, latex: bool) -> str:
    if latex:
        return rf"\hat{{{name}}}" if len(name) == 1 else rf"\widehat{{{name}}}"
    # NFC gives the precomposed letter (â) where one exists, so text compares cleanly.
    return unicodedata.normalize("NFC", f"{name}\u0302") if len(name) == 1 else f"unit({name})"


def _componentwise(parts: list[str], latex: bool) -> str:
    basis = _BASIS_LATEX if latex else _BASIS_TEXT
    return " + ".join(f"({p}){e}" for p, e in zip(parts, basis, strict=False))


def _both(build) -> tuple[str, str]:
    return build(False), build(True)


# ---- the operations ------------------------------------------------------------------


def _combine(u, v, sign: int, names: tuple[str, str], result: str | None) -> Worked:
    a, b = _pair(u, v)
    value = a + sign * b

    def line(latex: bool) -> str:
        op = (" + " if sign > 0 else (" - " if latex else f" {MINUS} "))
        lhs = _name(names[0], latex) + op + _name(names[1], latex)
        parts = [format_number(x, latex) + op + _signed(y, latex) for x, y in zip(a, b,
                                                                                  strict=True)]
        prefix = f"{_name(result, latex)} = " if result else ""
        return (f"{prefix}{lhs} = {_componentwise(parts, latex)} = "
                f"{format_vector(value, latex)}")

    return Worked(value, *_both(line))


def add(u, v, names: tuple[str, str] = ("a", "b"), result: str | None = None) -> Worked:
    """a + b = (a₁ + b₁)i + (a₂ + b₂)j (+ (a₃ + b₃)k)."""
    return _combine(u, v, +1, names, result)


def subtract(u, v, names: tuple[str, str] = ("a", "b"), result: str | None = None) -> Worked:
    """a − b = (a₁ − b₁)i + (a₂ − b₂)j (+ (a₃ − b₃)k)."""
    return _combine(u, v, -1, names, result)


def vector_ab(A, B, points: tuple[str, str] = ("A", "B")) -> Worked:
    """The vector from point A to point B: AB = OB − OA."""
    first, second = points
    return subtract(B, A, names=(f"O{second}", f"O{first}"), result=f"{first}{second}")


def scale(k: float, u, name: str = "a") -> Worked:
    """k·a = (k a₁)i + (k a₂)j (+ (k a₃)k)."""
    a = _finite(u)
    k = float(_finite(k))
    value = k * a

    def line(latex: bool) -> str:
        dot = r" \cdot " if latex else "·"
        parts = [_signed(k, latex) + dot + _signed(x, latex) for x in a]
        return (f"{_signed(k, latex)}{_name(name, latex)} = {_componentwise(parts, latex)} = "
                f"{format_vector(value, latex)}")

    return Worked(value, *_both(line))


def magnitude(u, name: str = "a") -> Worked:
    """|a| = √(a₁² + a₂² (+ a₃²))."""
    a = _finite(u)
    squares = float(np.dot(a, a))
    value = math.sqrt(squares)

    def line(latex: bool) -> str:
        bars = f"|{_name(name, latex)}|"
        terms = " + ".join(f"{_signed(x, latex)}^2" if latex else f"{_signed(x, False)}²"
                           for x in a)
        root = rf"\sqrt{{{terms}}}" if latex else f"√({terms})"
        inner = format_number(squares, latex)
        exact = abs(value - round(value)) <= 1e-9 * max(1.0, value)
        root_of = rf" = \sqrt{{{inner}}}" if latex else f" = √{inner}"
        equals = " = " if exact else (r" \approx " if latex else " ≈ ")
        tail = f"{root_of}{equals}{format_number(value, latex)}"
        return f"{bars} = {root}{tail}"

    return Worked(value, *_both(line))


def direction(u, name: str = "a") -> Worked:
    """θ = atan2(a₂, a₁) for a plane vector, in degrees and radians (value: :class:`Angle`)."""
    a = _finite(u)
    if a.size != 2:
        raise VectorError("A direction angle is defined here for plane (2-D) vectors.")
    if not np.any(a):
        raise ZeroVectorError(f"{name} is the zero vector: it has no direction.")
    radians = math.atan2(a[1], a[0])
    value = Angle(math.degrees(radians), radians)

    def line(latex: bool) -> str:
        args = f"{format_number(a[1], latex)}, {format_number(a[0], latex)}"
        if latex:
            return (rf"\theta({_name(name, True)}) = \operatorname{{atan2}}({args}) = "
                    rf"{format_number(value.degrees, True)}^\circ = "
                    rf"{format_number(radians, True)}\ \mathrm{{rad}}")
        return (f"θ({name}) = atan2({args}) = {format_number(value.degrees)}° = "
                f"{format_number(radians)} rad")

    return Worked(value, *_both(line))


def unit(u, name: str = "a") -> Worked:
    """â = a / |a|; undefined (ZeroVectorError) for the zero vector."""
    a = _finite(u)
    length = float(np.linalg.norm(a))
    if length == 0.0:
        raise ZeroVectorError(f"{name} is the zero vector: it has no unit vector.")
    value = a / length

    def line(latex: bool) -> str:
        size = format_number(length, latex)
        if latex:
            parts = [rf"\frac{{{format_number(x, True)}}}{{{size}}}" for x in a]
            frac = rf"\frac{{{_name(name, True)}}}{{|{_name(name, True)}|}}"
        else:
            parts = [f"{format_number(x)}/{size}" for x in a]
            frac = f"{name}/|{name}|"
        return (f"{_hat_name(name, latex)} = {frac} = {_componentwise(parts, latex)} = "
                f"{format_vector(value, latex)}")

    return Worked(value, *_both(line))


def dot(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """a · b = a₁b₁ + a₂b₂ (+ a₃b₃)."""
    a, b = _pair(u, v)
    value = float(np.dot(a, b))

    def line(latex: bool) -> str:
        times = r" \cdot " if latex else "·"
        lhs = _name(names[0], latex) + times + _name(names[1], latex)
        terms = " + ".join(_signed(x, latex) + times + _signed(y, latex)
                           for x, y in zip(a, b, strict=True))
        return f"{lhs} = {terms} = {format_number(value, latex)}"

    return Worked(value, *_both(line))


def _require_nonzero(vectors, names, what: str) -> None:
    for v, name in zip(vectors, names, strict=True):
        if not np.any(v):
            raise ZeroVectorError(f"{name} is the zero vector: {what} is undefined.")


def angle_between(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """θ = atan2(|a × b|, a · b) in [0°, 180°], which equals arccos(a · b / (|a||b|)).

    The worked line shows the cosine, as the notes do, but θ is computed from
    atan2: arccos loses half the digits near 0° and 180° (θ = 1e−7 rad has
    cos θ = 1 − 5e−15, and 1e−8 rad rounds to cos θ = 1 exactly).
    The value is an :class:`Angle`.
    """
    a, b = _pair(u, v)
    _require_nonzero((a, b), names, "the angle between them")
    product, na, nb = _exact_dot(a, b), float(np.linalg.norm(a)), float(np.linalg.norm(b))
    radians = math.atan2(float(np.linalg.norm(_exact_cross(a, b))), product)
    cosine = max(-1.0, min(1.0, product / (na * nb)))  # shown only
    value = Angle(math.degrees(radians), radians)

    def line(latex: bool) -> str:
        x, y = (_name(n, latex) for n in names)
        numbers = [format_number(t, latex) for t in (product, na, nb, cosine)]
        degrees, rad = format_number(value.degrees, latex), format_number(radians, latex)
        if latex:
            return (rf"\cos\theta = \frac{{{x} \cdot {y}}}{{|{x}||{y}|}} = "
                    rf"\frac{{{numbers[0]}}}{{{numbers[1]} \times {numbers[2]}}} = {numbers[3]}"
                    rf",\quad \theta = {degrees}^\circ = {rad}\ \mathrm{{rad}}")
        return (f"cos θ = {x}·{y} / (|{x}||{y}|) = {numbers[0]} / ({numbers[1]} × "
                f"{numbers[2]}) = {numbers[3]}, θ = {degrees}° = {rad} rad")

    return Worked(value, *_both(line))


def scalar_projection(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """The component of a along b: comp_b a = a · b / |b|."""
    a, b = _pair(u, v)
    _require_nonzero((b,), names[1:], f"projecting onto {names[1]}")
    product, nb = float(np.dot(a, b)), float(np.linalg.norm(b))
    value = product / nb

    def line(latex: bool) -> str:
        x, y = (_name(n, latex) for n in names)
        p, n, r = (format_number(t, latex) for t in (product, nb, value))
        if latex:
            return (rf"\mathrm{{comp}}_{{{y}}}\,{x} = \frac{{{x} \cdot {y}}}{{|{y}|}} = "
                    rf"\frac{{{p}}}{{{n}}} = {r}")
        return f"comp_{names[1]} {names[0]} = {x}·{y} / |{y}| = {p} / {n} = {r}"

    return Worked(value, *_both(line))


def vector_projection(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """proj_b a = (a · b / b · b) b."""
    a, b = _pair(u, v)
    _require_nonzero((b,), names[1:], f"projecting onto {names[1]}")
    product, bb = float(np.dot(a, b)), float(np.dot(b, b))
    value = (product / bb) * b

    def line(latex: bool) -> str:
        x, y = (_name(n, latex) for n in names)
        p, q = format_number(product, latex), format_number(bb, latex)
        components = format_vector(b, latex)
        result = format_vector(value, latex)
        if latex:
            return (rf"\mathrm{{proj}}_{{{y}}}\,{x} = \frac{{{x} \cdot {y}}}{{{y} \cdot {y}}}"
                    rf"\,{y} = \frac{{{p}}}{{{q}}}({components}) = {result}")
        return (f"proj_{names[1]} {names[0]} = ({x}·{y} / {y}·{y}) {y} = "
                f"({p}/{q})({components}) = {result}")

    return Worked(value, *_both(line))


def rejection(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """The part of a perpendicular to b: a − proj_b a."""
    a, b = _pair(u, v)
    projection = vector_projection(a, b, names).value
    value = a - projection

    def line(latex: bool) -> str:
        x, y = (_name(n, latex) for n in names)
        minus = " - " if latex else f" {MINUS} "
        proj = (rf"\mathrm{{proj}}_{{{y}}}\,{x}" if latex else f"proj_{names[1]} {names[0]}")
        return (f"{x}{minus}{proj} = ({format_vector(a, latex)}){minus}"
                f"({format_vector(projection, latex)}) = {format_vector(value, latex)}")

    return Worked(value, *_both(line))


def cross(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """a × b = (a₂b₃ − a₃b₂)i + (a₃b₁ − a₁b₃)j + (a₁b₂ − a₂b₁)k (3-D only)."""
    a, b = _pair(u, v)
    if a.size != 3:
        raise VectorError("The cross product is defined for 3-D vectors.")
    value = _exact_cross(a, b)
    pairs = ((1, 2), (2, 0), (0, 1))

    def line(latex: bool) -> str:
        times = r" \cdot " if latex else "·"
        minus = " - " if latex else f" {MINUS} "
        parts = [_signed(a[p], latex) + times + _signed(b[q], latex) + minus
                 + _signed(a[q], latex) + times + _signed(b[p], latex) for p, q in pairs]
        op = r" \times " if latex else " × "
        lhs = _name(names[0], latex) + op + _name(names[1], latex)
        return f"{lhs} = {_componentwise(parts, latex)} = {format_vector(value, latex)}"

    return Worked(value, *_both(line))


def cross_magnitude_identity(u, v, names: tuple[str, str] = ("a", "b")) -> Worked:
    """|a × b| = |a||b| sin θ, with θ the angle between a and b (value: |a × b|)."""
    a, b = _pair(u, v)
    value = float(np.linalg.norm(cross(a, b, names).value))
    x, y = names
    if not (np.any(a) and np.any(b)):
        zero = y if np.any(a) else x
        text = f"|{x} × {y}| = 0 ({zero} is the zero vector, so θ is undefined)"
        latex = (rf"|{_name(x, True)} \times {_name(y, True)}| = 0"
                 rf"\quad (\mathrm{{{zero}\ is\ zero:\ \theta\ undefined}})")
        return Worked(0.0, text, latex)
    theta = angle_between(a, b, names).value
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))

    def line(latex: bool) -> str:
        n1, n2, d, r = (format_number(t, latex) for t in (na, nb, theta.degrees, value))
        p, q = _name(x, latex), _name(y, latex)
        if latex:
            return (rf"|{p} \times {q}| = |{p}||{q}|\sin\theta = {n1} \times {n2} \times "
                    rf"\sin {d}^\circ = {r}")
        return f"|{x} × {y}| = |{x}||{y}| sin θ = {n1} × {n2} × sin {d}° = {r}"

    return Worked(value, *_both(line))


# ---- drawing space on a plane --------------------------------------------------------


def view_projection(points, azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """Orthographic picture of 3-D points: rotate by azimuth about z, tilt by elevation.

    Screen x = −x sin φ + y cos φ; screen y = −(x cos φ + y sin φ) sin ε + z cos ε,
    with φ the azimuth and ε the elevation (rows of ``points`` are points).
    """
    p = np.atleast_2d(np.asarray(points, dtype=float))
    phi, eps = math.radians(azimuth_deg), math.radians(elevation_deg)
    right = np.array([-math.sin(phi), math.cos(phi), 0.0])
    up = np.array([-math.cos(phi) * math.sin(eps), -math.sin(phi) * math.sin(eps),
                   math.cos(eps)])
    return np.column_stack((p @ right, p @ up))


def view_depth(points, azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """How far each point is toward the viewer of :func:`view_projection`.

    The viewer looks along −d with d = right × up = (cos φ cos ε, sin φ cos ε, sin ε):
    larger depth is nearer, so painting in increasing depth draws far things first.
    """
    p = np.atleast_2d(np.asarray(points, dtype=float))
    phi, eps = math.radians(azimuth_deg), math.radians(elevation_deg)
    toward = np.array([math.cos(phi) * math.cos(eps), math.sin(phi) * math.cos(eps),
                       math.sin(eps)])
    return p @ toward
