"""Surfaces f(x, y) to descend: the notes' examples, classic test functions, user formulas.

A :class:`Surface` is a formula read by :func:`engine.symbolic.expressions.parse` (so it
prints, differentiates and evaluates like anything a person types), a plotting
domain, a hint whether contour levels should be spaced logarithmically, and the
critical points known for it in that domain, as ``(x, y, kind)`` with ``kind``
one of ``minimum``, ``maximum``, ``saddle``, ``inconclusive`` (the kinds of
:mod:`engine.symbolic.stationary`: the second-derivative test with r = f_xx, s = f_xy,
t = f_yy gives rt − s² > 0 and r > 0 → minimum, rt − s² > 0 and r < 0 → maximum,
rt − s² < 0 → saddle, rt − s² = 0 → the test fails: inconclusive).

The lists are complete inside each domain except for Rastrigin (only its global
minimum: it has about a hundred local ones) and x⁴y (every point of the line
x = 0 is critical; (0, 0) stands for it).  The coordinates were computed with
SymPy's ``nsolve`` to 7 decimals; tests check them against
:func:`engine.symbolic.calculus.critical_points`.

Gradients are the symbolic derivatives compiled to NumPy
(:func:`engine.symbolic.calculus.gradient_function`), never finite differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from engine.symbolic.kinds import INCONCLUSIVE, MAXIMUM, MINIMUM, SADDLE

if TYPE_CHECKING:  # SymPy: imported when a surface is made, not with this module
    from engine.symbolic.expressions import Expression
    from engine.symbolic.gradient_functions import PointFunction, Stacked

__all__ = [
    "KINDS",
    "SURFACE_KEYS",
    "Domain",
    "KnownPoint",
    "RawFunctions",
    "Surface",
    "check_domain",
    "surface",
    "surface_formulas",
    "surface_names",
]

KINDS = (MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE)
MAX_COORDINATE = 1e6  # a domain beyond ±1e6 is a typo, not a plot
MIN_WIDTH = 1e-6

Domain = tuple[float, float, float, float]  # (x_min, x_max, y_min, y_max)


class KnownPoint(NamedTuple):
    """A critical point: where ∇f = 0, with its kind from the rt − s² test."""

    x: float
    y: float
    kind: str


class RawFunctions(NamedTuple):
    """``f(x, y, *f_values)`` and ``g(x, y, *g_values)`` → [∂f/∂x, ∂f/∂y]: the raw
    compiled code (no NaN clean-up, no errstate; constants come back as numbers)."""

    f: Callable[..., object]
    f_values: tuple[float, ...]
    g: Callable[..., Sequence[object]]
    g_values: tuple[float, ...]


_COMPILED = ("_value", "_gradient", "_hessian", "raw")


@dataclass(frozen=True)
class Surface:
    """f(x, y) with its domain, contour hint, known critical points and a demo start.

    ``alpha`` is a step size with which plain gradient descent behaves from
    ``start``; ``params`` are the values of any extra symbols (a, β, …).
    """

    key: str
    name: str
    expression: Expression
    domain: Domain
    log_levels: bool = False
    critical_points: tuple[KnownPoint, ...] = ()
    start: tuple[float, float] = (0.0, 0.0)
    alpha: float = 0.01
    note: str = ""
    params: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_formula(cls, text: str, domain: Domain = (-5.0, 5.0, -5.0, 5.0),
                     params: Mapping[str, float] | None = None) -> Surface:  # fmt: skip
        """A surface from a typed formula in x and y (parse errors: ExpressionError).

        No critical points are listed: ask :func:`engine.symbolic.calculus.critical_points`
        (symbolic, may be slow, so off the GUI thread).
        """
        from engine.symbolic.expressions import parse

        checked = check_domain(domain)
        expression = parse(text, ("x", "y"))
        x0, x1, y0, y1 = checked
        surface = cls("custom", "f(x, y) = " + expression.plain, expression, checked,
                      start=((x0 + x1) / 2, (y0 + y1) / 2))  # fmt: skip
        return surface.with_params(**{**expression.defaults, **(params or {})})

    def with_params(self, **values: float) -> Surface:
        """The same surface with some parameter values changed (ValueError if bad)."""
        unknown = set(values) - set(self.expression.parameters)
        if unknown:
            raise ValueError(f"the formula has no parameter {', '.join(sorted(unknown))}")
        checked = {}
        for name, value in values.items():
            number = float(value)
            if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
                raise ValueError(f"parameter {name} must be a finite number up to ±1e6")
            checked[name] = number
        return replace(self, params={**self.params, **checked})

    def __getstate__(self) -> dict:
        # the compiled f, ∇f, H (cached lambdified functions) do not pickle: a copy sent
        # to another process (a recorder) compiles its own on first use
        return {k: v for k, v in self.__dict__.items() if k not in _COMPILED}

    @cached_property
    def _value(self) -> PointFunction:
        from engine.symbolic.calculus import value_function

        return value_function(self.expression, self.params)

    @cached_property
    def _gradient(self) -> Stacked:
        from engine.symbolic.calculus import gradient_function

        return gradient_function(self.expression, self.params)

    @cached_property
    def _hessian(self) -> PointFunction:
        from engine.symbolic.calculus import hessian_function

        return hessian_function(self.expression, self.params)

    @cached_property
    def raw(self) -> RawFunctions | None:
        """f and ∇f's compiled functions themselves, for :mod:`engine.descent.quiet`; None
        when their results may be complex (a formula with i in it), which only
        :meth:`value` and :meth:`gradient` turn into real numbers."""
        gradient = self._gradient
        names = self.expression.parameters
        values = tuple(self.expression.parameter_values(self.params).values()) if names else ()
        raw = RawFunctions(self.expression._compiled, values, gradient.compiled, gradient.values)
        x0, x1, y0, y1 = self.domain
        centre = np.array([(x0 + x1) / 2]), np.array([(y0 + y1) / 2])
        try:
            with np.errstate(all="ignore"):
                results = [raw.f(*centre, *raw.f_values), *raw.g(*centre, *raw.g_values)]
        except Exception:  # whatever it is, value() and gradient() say it to the user
            return None
        return None if any(np.iscomplexobj(r) for r in results) else raw

    @property
    def box(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The domain as ((x_min, x_max), (y_min, y_max)), the form calculus takes."""
        x0, x1, y0, y1 = self.domain
        return (x0, x1), (y0, y1)

    def value(self, points: np.ndarray) -> np.ndarray:
        """f at points of shape (..., 2); NaN where f is undefined."""
        return self._value(points)

    def gradient(self, points: np.ndarray) -> np.ndarray:
        """∇f = (∂f/∂x, ∂f/∂y) at points (..., 2), from the symbolic derivative."""
        return self._gradient(points)

    def hessian(self, points: np.ndarray) -> np.ndarray:
        """[[r, s], [s, t]] = [[f_xx, f_xy], [f_xy, f_yy]] at points (..., 2) → (..., 2, 2)."""
        return self._hessian(points)

    def grid(self, n: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """xs (n,), ys (n,) and Z (n, n) with Z[i, j] = f(xs[j], ys[i]), NaN where undefined."""
        x0, x1, y0, y1 = self.domain
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.expression(X, Y, **self.params)

    @property
    def minima(self) -> tuple[KnownPoint, ...]:
        return tuple(p for p in self.critical_points if p.kind == MINIMUM)

    @property
    def global_minima(self) -> tuple[KnownPoint, ...]:
        """The listed minima with the lowest f (several when tied, as on Himmelblau)."""
        minima = self.minima
        if not minima:
            return ()
        values = self.value(np.array([(p.x, p.y) for p in minima]))
        best = float(np.min(values))
        return tuple(p for p, v in zip(minima, values, strict=True)
                     if v <= best + 1e-9 * (1.0 + abs(best)))  # fmt: skip


def check_domain(domain: object) -> Domain:
    """``domain`` as four floats (x_min, x_max, y_min, y_max), or ValueError saying why."""
    try:
        values = tuple(float(v) for v in domain)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError("the domain must be four numbers: x min, x max, y min, y max") from None
    if len(values) != 4:
        raise ValueError("the domain must be four numbers: x min, x max, y min, y max")
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in values):
        raise ValueError("domain limits must be finite numbers between -1e6 and 1e6")
    x0, x1, y0, y1 = values
    if x1 - x0 < MIN_WIDTH or y1 - y0 < MIN_WIDTH:
        raise ValueError("each domain minimum must be below its maximum")
    return values  # type: ignore[return-value]


M, X, S, F = MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE


@dataclass(frozen=True)
class _Spec:
    name: str
    formula: str
    domain: Domain
    points: tuple[tuple[float, float, str], ...]
    start: tuple[float, float]
    alpha: float
    log_levels: bool = False
    note: str = ""


_SPECS: dict[str, _Spec] = {
    "notes_quadratic": _Spec(
        "Notes: 2x² + 4y", "2x^2 + 4y", (-3.0, 3.0, -3.0, 3.0), (), (2.0, 2.0), 0.05,
        note="∇f = (4x, 4) is never zero: no minimum, descent runs off to y → −∞.",
    ),
    "notes_quartic": _Spec(
        "Notes: x⁴y", "x^4 y", (-2.0, 2.0, -2.0, 2.0), ((0.0, 0.0, F),), (1.0, 1.0), 0.01,
        note="∇f = (4x³y, x⁴): every point of the line x = 0 is critical (test fails).",
    ),
    "rosenbrock": _Spec(
        "Rosenbrock", "(1 - x)^2 + 100(y - x^2)^2", (-2.0, 2.0, -1.0, 3.0),
        ((1.0, 1.0, M),), (-1.5, 2.0), 0.001, log_levels=True,
        note="A long curved valley: easy to find, slow to follow to (1, 1).",
    ),
    "himmelblau": _Spec(
        "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5.0, 5.0, -5.0, 5.0),
        (
            (3.0, 2.0, M), (-2.8051181, 3.1313125, M), (-3.7793103, -3.2831860, M),
            (3.5844283, -1.8481265, M), (-0.2708446, -0.9230386, X),
            (-3.0730258, -0.0813530, S), (-0.1279613, -1.9537150, S),
            (0.0866775, 2.8842547, S), (3.3851542, 0.0738519, S),
        ),
        (-0.5, 0.5), 0.01, log_levels=True,
        note="Four equal minima (f = 0): which one you reach depends on the start.",
    ),
    "beale": _Spec(
        "Beale", "(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2",
        (-4.5, 4.5, -4.5, 4.5),
        ((3.0, 0.5, M), (0.0, 1.0, S), (0.1005379, -2.6445136, S)),
        (1.0, 1.5), 0.001, log_levels=True,
    ),
    "booth": _Spec(
        "Booth", "(x + 2y - 7)^2 + (2x + y - 5)^2", (-10.0, 10.0, -10.0, 10.0),
        ((1.0, 3.0, M),), (-6.0, -6.0), 0.05, log_levels=True,
    ),
    "matyas": _Spec(
        "Matyas", "0.26(x^2 + y^2) - 0.48x y", (-10.0, 10.0, -10.0, 10.0),
        ((0.0, 0.0, M),), (8.0, -4.0), 1.0, log_levels=True,
        note="A flat valley along y = x: plain descent crawls along it.",
    ),
    "three_hump_camel": _Spec(
        "Three-hump camel", "2x^2 - 1.05x^4 + x^6/6 + x y + y^2", (-2.0, 2.0, -2.0, 2.0),
        (
            (0.0, 0.0, M), (1.7475523, -0.8737762, M), (-1.7475523, 0.8737762, M),
            (1.0705423, -0.5352711, S), (-1.0705423, 0.5352711, S),
        ),
        (1.8, 1.5), 0.01, log_levels=True,
    ),
    "six_hump_camel": _Spec(
        "Six-hump camel", "(4 - 2.1x^2 + x^4/3)x^2 + x y + (4y^2 - 4)y^2",
        (-2.0, 2.0, -1.0, 1.0),
        (
            (0.0898420, -0.7126564, M), (-0.0898420, 0.7126564, M),
            (1.7036067, -0.7960836, M), (-1.7036067, 0.7960836, M),
            (1.6071048, 0.5686515, M), (-1.6071048, -0.5686515, M),
            (1.2302299, 0.1623346, X), (-1.2302299, -0.1623346, X),
            (0.0, 0.0, S), (1.1092053, -0.7682681, S), (-1.1092053, 0.7682681, S),
            (1.2960703, 0.6050844, S), (-1.2960703, -0.6050844, S),
            (1.6380680, 0.2286741, S), (-1.6380680, -0.2286741, S),
        ),
        (-1.0, 0.25), 0.01,
        note="Six minima, two of them global at ±(0.0898, −0.7127).",
    ),
    "goldstein_price": _Spec(
        "Goldstein–Price",
        "(1 + (x + y + 1)^2(19 - 14x + 3x^2 - 14y + 6x y + 3y^2))"
        "(30 + (2x - 3y)^2(18 - 32x + 12x^2 + 48y - 36x y + 27y^2))",
        (-2.0, 2.0, -2.0, 2.0),
        (
            (0.0, -1.0, M), (-0.6, -0.4, M), (1.8, 0.2, M), (1.2, 0.8, M), (0.8, 0.2, X),
            (-0.4, -0.6, S), (0.6, 0.4, S), (1.2, -0.2, S), (1.4, 0.6, S),
        ),
        (-1.0, 1.0), 1e-5, log_levels=True,
        note="Values span six orders of magnitude: a step size that is safe on the "
        "walls is tiny in the valleys.",
    ),
    "mccormick": _Spec(
        "McCormick", "sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1", (-1.5, 4.0, -3.0, 4.0),
        ((-0.5471976, -1.5471976, M), (2.5943951, 1.5943951, M), (1.5471976, 0.5471976, S)),
        (3.5, -1.0), 0.05,
    ),
    "styblinski_tang": _Spec(
        "Styblinski–Tang", "(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y)/2", (-5.0, 5.0, -5.0, 5.0),
        (
            (-2.9035340, -2.9035340, M), (-2.9035340, 2.7468028, M),
            (2.7468028, -2.9035340, M), (2.7468028, 2.7468028, M),
            (0.1567313, 0.1567313, X),
            (-2.9035340, 0.1567313, S), (0.1567313, -2.9035340, S),
            (0.1567313, 2.7468028, S), (2.7468028, 0.1567313, S),
        ),
        (0.5, 4.5), 0.01,
    ),
    "rastrigin": _Spec(
        "Rastrigin", "20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)",
        (-5.12, 5.12, -5.12, 5.12), ((0.0, 0.0, M),), (2.3, -3.2), 0.002,
        note="A local minimum near every integer point: descent stops at the nearest one.",
    ),
    "saddle": _Spec(
        "Saddle x² − y²", "x^2 - y^2", (-2.0, 2.0, -2.0, 2.0), ((0.0, 0.0, S),),
        (1.5, 0.01), 0.05, note="Downhill along y away from the saddle: no minimum.",
    ),
    "monkey_saddle": _Spec(
        "Monkey saddle x³ − 3xy²", "x^3 - 3x y^2", (-2.0, 2.0, -2.0, 2.0),
        ((0.0, 0.0, S),), (0.5, 0.3), 0.01,
        note="At the origin r = s = t = 0, so rt − s² = 0: the test fails; but f = x³ "
             "along y = 0 changes sign there, so it is neither a minimum nor a maximum.",
    ),
}

SURFACE_KEYS: tuple[str, ...] = tuple(_SPECS)


def surface_names() -> dict[str, str]:
    """Display name of every named surface, by key, without building them."""
    return {key: spec.name for key, spec in _SPECS.items()}


def surface_formulas() -> dict[str, str]:
    """The formula of every named surface as typed (``surface(key).expression.text``), by
    key, without reading them (SymPy, a second of a start-up, is not needed for a list)."""
    return {key: spec.formula for key, spec in _SPECS.items()}


@cache
def surface_spec(key: str) -> _Spec:
    """What defines the named surface ``key``: name, formula text, domain, known points…"""
    try:
        return _SPECS[key]
    except KeyError:
        raise ValueError(f"unknown surface {key!r}") from None


def surface(key: str) -> Surface:
    """The named surface ``key`` (one of ``SURFACE_KEYS``)."""
    try:
        spec = _SPECS[key]
    except KeyError:
        raise ValueError(f"unknown surface {key!r}") from None
    from engine.symbolic.expressions import parse

    points = tuple(KnownPoint(*p) for p in spec.points)
    return Surface(key, spec.name, parse(spec.formula, ("x", "y")), spec.domain,
                   spec.log_levels, points, spec.start, spec.alpha, spec.note)  # fmt: skip
