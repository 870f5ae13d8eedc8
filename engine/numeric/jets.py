"""Second-order forward-mode jets: (u, u′, u″) carried through every operation.

For u = (u, u′, u″) and a function g of one argument, the chain rule gives
g(u)′ = g′(u)·u′ and g(u)″ = g″(u)·u′² + g′(u)·u″; products and quotients follow
Leibniz's rule: (ab)″ = a″b + 2a′b′ + ab″, and q = a/b has q′ = (a′ − q b′)/b,
q″ = (a″ − 2q′b′ − q b″)/b.  A jet whose derivatives are known to be 0 (a number, a
parameter, or x when only f is wanted) is *constant*: it carries no derivative
arrays, so f alone costs what a plain NumPy evaluation costs, and g′(u) is never
multiplied by a zero u′ (where g′ is infinite that would make NaN, not 0).

The functions mean what :mod:`engine.symbolic.expression_functions` means by them
(same names, :mod:`engine.symbolic.function_names`): σ, relu, the real odd root,
|u|′ = sgn u, sgn′ u = 2δ(u) (undefined at 0), floor′ = ceil′ = 0, and the step
H(0) = ½ in the derivative of relu, max and min.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from engine.numeric.powers import whole_power

Array = np.ndarray | float


@dataclass(frozen=True, slots=True)
class Jet:
    """u with u′ and u″ (both 0 when ``constant``)."""

    v: Array
    d1: Array = 0.0
    d2: Array = 0.0
    constant: bool = True


def constant(value: Array) -> Jet:
    return Jet(value)


def variable(value: Array) -> Jet:
    """The variable itself: x′ = 1, x″ = 0."""
    return Jet(value, 1.0, 0.0, False)


def add(a: Jet, b: Jet) -> Jet:
    return Jet(a.v + b.v, a.d1 + b.d1, a.d2 + b.d2, a.constant and b.constant)


def sub(a: Jet, b: Jet) -> Jet:
    return Jet(a.v - b.v, a.d1 - b.d1, a.d2 - b.d2, a.constant and b.constant)


def neg(a: Jet) -> Jet:
    return Jet(-a.v, -a.d1, -a.d2, a.constant)


def mul(a: Jet, b: Jet) -> Jet:
    """(ab)′ = a′b + ab′, (ab)″ = a″b + 2a′b′ + ab″."""
    if a.constant and b.constant:
        return Jet(a.v * b.v)
    if a.constant:
        return Jet(a.v * b.v, a.v * b.d1, a.v * b.d2, False)
    if b.constant:
        return Jet(a.v * b.v, a.d1 * b.v, a.d2 * b.v, False)
    return Jet(a.v * b.v, a.d1 * b.v + a.v * b.d1,
               a.d2 * b.v + 2.0 * a.d1 * b.d1 + a.v * b.d2, False)


def div(a: Jet, b: Jet) -> Jet:
    """q = a/b: q′ = (a′ − q b′)/b, q″ = (a″ − 2q′b′ − q b″)/b."""
    q = a.v / b.v
    if b.constant:
        return Jet(q) if a.constant else Jet(q, a.d1 / b.v, a.d2 / b.v, False)
    q1 = (a.d1 - q * b.d1) / b.v
    q2 = (a.d2 - 2.0 * q1 * b.d1 - q * b.d2) / b.v
    return Jet(q, q1, q2, False)


def chain(a: Jet, g: Array, g1: Callable[[], Array], g2: Callable[[], Array]) -> Jet:
    """g(a) from g's value at a.v and (only if a varies) g′(a.v), g″(a.v)."""
    if a.constant:
        return Jet(g)
    first = g1()
    return Jet(g, first * a.d1, g2() * a.d1 * a.d1 + first * a.d2, False)


def _undefined_at_zero(u: Array) -> Array:
    """δ(u) and its derivatives read as numbers: 0 away from u = 0, undefined at it."""
    return np.where(u == 0.0, np.nan, 0.0)


def _step(u: Array) -> Array:
    return np.heaviside(u, 0.5)


def sigmoid_value(u: Array) -> Array:
    """σ(u) = 1/(1 + e^(−u)), written so that e^(−|u|) never overflows."""
    small = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def real_root(u: Array, n: int) -> Array:
    """The real n-th root of u for odd n (∛−8 = −2)."""
    return np.cbrt(u) if n == 3 else np.sign(u) * np.abs(u) ** (1.0 / n)


def _one(name: str, a: Jet) -> Jet:
    u = a.v
    if name == "sin":
        return chain(a, np.sin(u), lambda: np.cos(u), lambda: -np.sin(u))
    if name == "cos":
        return chain(a, np.cos(u), lambda: -np.sin(u), lambda: -np.cos(u))
    if name == "tan":
        t = np.tan(u)
        return chain(a, t, lambda: 1.0 + t * t, lambda: 2.0 * t * (1.0 + t * t))
    if name == "cot":
        c = 1.0 / np.tan(u)
        return chain(a, c, lambda: -(1.0 + c * c), lambda: 2.0 * c * (1.0 + c * c))
    if name == "sec":
        s, t = 1.0 / np.cos(u), np.tan(u)
        return chain(a, s, lambda: s * t, lambda: s * (t * t + s * s))
    if name == "csc":
        s, c = 1.0 / np.sin(u), 1.0 / np.tan(u)
        return chain(a, s, lambda: -s * c, lambda: s * (c * c + s * s))
    if name in ("asin", "arcsin", "acos", "arccos"):
        sign = 1.0 if name in ("asin", "arcsin") else -1.0
        value = np.arcsin(u) if sign > 0 else np.arccos(u)
        return chain(a, value, lambda: sign / np.sqrt(1.0 - u * u),
                     lambda: sign * u / (1.0 - u * u) ** 1.5)
    if name in ("atan", "arctan"):
        return chain(a, np.arctan(u), lambda: 1.0 / (1.0 + u * u),
                     lambda: -2.0 * u / (1.0 + u * u) ** 2)
    if name == "sinh":
        return chain(a, np.sinh(u), lambda: np.cosh(u), lambda: np.sinh(u))
    if name == "cosh":
        return chain(a, np.cosh(u), lambda: np.sinh(u), lambda: np.cosh(u))
    if name == "tanh":
        t = np.tanh(u)
        return chain(a, t, lambda: 1.0 - t * t, lambda: -2.0 * t * (1.0 - t * t))
    if name == "exp":
        e = np.exp(u)
        return chain(a, e, lambda: e, lambda: e)
    if name == "ln":
        return chain(a, np.log(u), lambda: 1.0 / u, lambda: -1.0 / (u * u))
    if name == "sqrt":
        r = np.sqrt(u)
        return chain(a, r, lambda: 0.5 / r, lambda: -0.25 / (u * r))
    if name == "cbrt":
        return odd_root_power(a, 1, 3)
    if name == "abs":
        return chain(a, np.abs(u), lambda: np.sign(u), lambda: _undefined_at_zero(u))
    if name in ("sign", "sgn"):
        return chain(a, np.sign(u), lambda: _undefined_at_zero(u),
                     lambda: _undefined_at_zero(u))
    if name == "floor":
        return chain(a, np.floor(u), lambda: 0.0, lambda: 0.0)
    if name == "ceil":
        return chain(a, np.ceil(u), lambda: 0.0, lambda: 0.0)
    if name in ("sigmoid", "σ"):
        s = sigmoid_value(u)
        return chain(a, s, lambda: s * (1.0 - s), lambda: s * (1.0 - s) * (1.0 - 2.0 * s))
    if name == "relu":
        return chain(a, np.maximum(u, 0.0), lambda: _step(u), lambda: _undefined_at_zero(u))
    if name in ("log10", "log2"):
        return div(_one("ln", a), constant(np.log(10.0 if name == "log10" else 2.0)))
    raise KeyError(name)


def _larger(a: Jet, b: Jet, sign: float) -> Jet:
    """max(a, b) (sign 1) or min(a, b) (sign −1): the derivative is the larger's
    (smaller's), the mean of both at a tie, and f″ is undefined at a tie (δ)."""
    value = np.maximum(a.v, b.v) if sign > 0 else np.minimum(a.v, b.v)
    if a.constant and b.constant:
        return Jet(value)
    w = _step(sign * (a.v - b.v))
    return Jet(value, w * a.d1 + (1.0 - w) * b.d1,
               w * a.d2 + (1.0 - w) * b.d2 + _undefined_at_zero(a.v - b.v), False)


def call(name: str, args: list[Jet]) -> Jet:
    """The function ``name`` (a name of :mod:`engine.symbolic.function_names`) of ``args``."""
    if name in ("max", "min"):
        result = args[0]
        for other in args[1:]:
            result = _larger(result, other, 1.0 if name == "max" else -1.0)
        return result
    if name == "log":
        return _one("ln", args[0]) if len(args) == 1 else div(_one("ln", args[0]),
                                                              _one("ln", args[1]))
    return _one(name, args[0])


def odd_root_power(a: Jet, p: int, q: int) -> Jet:
    """u^(p/q) for odd q > 1 as the real root (ⁿ√u)^p: defined for u < 0 too;
    its derivatives are (p/q)·r^(p−q) and (p/q)((p−q)/q)·r^(p−2q) with r = ⁿ√u."""
    r = real_root(a.v, q)
    return chain(a, r**p, lambda: p / q * r ** (p - q),
                 lambda: p / q * (p - q) / q * r ** (p - 2 * q))


def power(a: Jet, b: Jet, exact: Fraction | None) -> Jet:
    """a^b; ``exact`` is b's exact value when b is a number (an odd-denominator fraction
    is the real root, as the SymPy route reads it)."""
    if exact is not None:
        if exact.denominator % 2 == 1 and exact.denominator > 1:
            return odd_root_power(a, exact.numerator, exact.denominator)
        if exact.denominator == 1:
            n = exact.numerator
            if n == 0:
                return Jet(whole_power(a.v, 0))
            if n == 1:
                return a
            # products, not NumPy's pow per element: 100 times faster for x³ (powers.py)
            return chain(a, whole_power(a.v, n), lambda: n * whole_power(a.v, n - 1),
                         lambda: n * (n - 1) * whole_power(a.v, n - 2))
    if b.constant:
        c = b.v
        return chain(a, a.v**c, lambda: c * a.v ** (c - 1), lambda: c * (c - 1) * a.v ** (c - 2))
    # a^b = e^(b ln a): the value as NumPy's power, the derivatives through b·ln a
    value = np.power(a.v, b.v)
    exponent = mul(b, _one("ln", a))
    return Jet(value, value * exponent.d1,
               value * (exponent.d2 + exponent.d1 * exponent.d1), False)
