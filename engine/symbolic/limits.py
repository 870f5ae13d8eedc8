"""One-sided limits lim_{x→c±} u(x), exact where SymPy finds them, else numerical.

A one-sided limit is asked only where u is defined on that side close to c (ln x
has no limit from the left of 0 for a reader: it is undefined there, although
SymPy's complex logarithm has one). SymPy's ``limit`` gives exact values (1/3, ∞)
for the small expressions a student types; past :data:`MAX_LIMIT_NODES` nodes, or
when SymPy answers with something that is not a real number or ±∞ (a bounded
oscillation such as sin(1/x)), the limit is read off u(c ± h) for shrinking h.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import sympy

from engine.symbolic.bounded import bounded_call
from engine.symbolic.branches import branch_beside, has_switches
from engine.symbolic.budget import tree_size
from engine.symbolic.expression_functions import real_root, relu, sigmoid
from engine.symbolic.expressions import plain_text

MAX_LIMIT_NODES = 150
MAX_EXACT_POINT = 1e12  # past it, exact arithmetic at c (e^(10³⁰⁸)) is hopeless
LIMIT_SECONDS = 1.5  # SymPy's limit cannot be interrupted; past this its helper is killed
# h = 10⁻² … 10⁻¹⁰ times max(1, |c|): small enough to see the limit, large enough
# for float64 to tell c + h from c
STEPS = tuple(10.0 ** -k for k in range(2, 11))
NEAR = (1e-4, 1e-6, 1e-8)  # where "defined on that side" is checked


@dataclass(frozen=True)
class Limit:
    """lim_{x→c±} u: ``value`` (±inf for ∓∞, NaN when u is undefined on that side or has
    no limit), its exact form when known, and ``text`` for a reader ("−1", "∞", "1/3")."""

    value: float
    exact: sympy.Expr | None = None

    @property
    def exists(self) -> bool:
        """A finite limit."""
        return math.isfinite(self.value)

    @property
    def text(self) -> str:
        if math.isnan(self.value):
            return ""
        if math.isinf(self.value):
            return "∞" if self.value > 0 else "−∞"
        if self.exact is not None and len(readable(self.exact)) <= 12:
            return readable(self.exact)
        return number_text(self.value)


def number_text(value: float) -> str:
    """A float as a reader writes it: 6 significant digits, a true minus sign."""
    text = f"{value:.6g}"
    return text.replace("-", "−") if text != "-0" else "0"


def readable(exact: sympy.Expr) -> str:
    """An exact value as plain text with a true minus sign ("−√3/3", "π/2")."""
    text = re.sub(r"sqrt\((\w+)\)", r"√\1", plain_text(exact)).replace("sqrt", "√")
    if text.startswith("-"):
        text = "−" + text[1:]
    return text.replace(" - ", " − ")


def exact_point(x0: float | sympy.Expr) -> sympy.Expr:
    """x0 as an exact number: a float becomes the rational it prints as (0.1 → 1/10)."""
    if isinstance(x0, sympy.Basic):
        return x0
    return sympy.Rational(repr(float(x0)))


def _limit_form(u: sympy.Expr) -> sympy.Expr:
    """u with the lab's own functions in forms SymPy's limit knows
    (σ → exp, relu → Max, ⁿ√u → sgn u·|u|^(1/n))."""
    return u.replace(sigmoid, lambda z: 1 / (1 + sympy.exp(-z))).replace(
        relu, lambda z: sympy.Max(0, z)).replace(
        real_root, lambda z, n: sympy.sign(z) * sympy.Abs(z) ** (1 / n))  # fmt: skip


def defined_near(values_at: object, c: float, side: int) -> bool:
    """Whether u is finite at c + side·h for the small h of :data:`NEAR`."""
    scale = max(1.0, abs(c))
    xs = np.array([c + side * h * scale for h in NEAR])
    return bool(np.isfinite(values_at(xs)).all())  # type: ignore[operator]


def side_limit(
    u: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int, values_at: object
) -> Limit:
    """lim_{x→c⁺} u (side = +1) or lim_{x→c⁻} u (side = −1); ``values_at`` evaluates u on
    a float array. NaN when u is undefined just to that side of c or has no limit."""
    c_float = float(c)
    if not defined_near(values_at, c_float, side):
        return Limit(math.nan)
    small = abs(c_float) <= MAX_EXACT_POINT and tree_size(u, MAX_LIMIT_NODES) <= MAX_LIMIT_NODES
    if small and not _variable_exponent(u, x):
        # SymPy's limit cannot take max(x, x²): the branch beside c is an ordinary formula
        branch = branch_beside(u, x, c, side) if c.is_number and has_switches(u, x) else u
        exact = _bounded_limit(branch, x, c, side)
        if exact is not None:
            return exact
    return _numeric_limit(values_at, c_float, side)


def _variable_exponent(u: sympy.Expr, x: sympy.Symbol) -> bool:
    """x^x and the like: SymPy's limit can run for minutes on these (x^x at 0)."""
    return any(node.is_Pow and node.exp.has(x) for node in sympy.preorder_traversal(u))


def _bounded_limit(u: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int) -> Limit | None:
    """:func:`_sympy_limit` given :data:`LIMIT_SECONDS` (engine.symbolic.bounded)."""
    return bounded_call(_sympy_limit, (u, x, c, side), LIMIT_SECONDS)


def _sympy_limit(u: sympy.Expr, x: sympy.Symbol, c: sympy.Expr, side: int) -> Limit | None:
    try:
        result = sympy.limit(_limit_form(u), x, c, "+" if side > 0 else "-")
    except (NotImplementedError, ValueError, TypeError, RecursionError, ZeroDivisionError):
        return None
    if result in (sympy.oo, -sympy.oo):
        return Limit(math.inf if result == sympy.oo else -math.inf)
    if not result.is_number or result.has(sympy.AccumBounds, sympy.zoo, sympy.nan):
        return None
    value = complex(result.evalf(30))
    if value.imag != 0:
        return None
    simple = sympy.nsimplify(result) if result.is_Float else result
    return Limit(value.real, simple)


def _numeric_limit(values_at: object, c: float, side: int) -> Limit:
    """The limit read off u(c ± h), h → 0: ±∞ when |u| keeps growing with one sign,
    the common value when the last samples agree, NaN otherwise (no limit)."""
    scale = max(1.0, abs(c))
    xs = np.array([c + side * h * scale for h in STEPS])
    u = np.asarray(values_at(xs), dtype=float)  # type: ignore[operator]
    if not np.isfinite(u).all():
        return Limit(math.nan)
    size = np.abs(u)
    growing = bool((np.diff(size[-5:]) > 0).all()) and size[-1] > 1e3 * max(size[0], 1.0)
    if growing and (np.sign(u[-5:]) == np.sign(u[-1])).all():
        return Limit(math.inf if u[-1] > 0 else -math.inf)
    # rounding grows as h shrinks (f″ of sin(x)/x loses all digits by h = 10⁻⁶), so
    # take the first three successive values that agree, wherever they are
    for k in range(len(u) - 2):
        window = u[k : k + 3]
        if np.ptp(window) <= 1e-6 * max(1.0, float(np.max(np.abs(window)))):
            return Limit(float(window[-1]))
    return Limit(math.nan)
