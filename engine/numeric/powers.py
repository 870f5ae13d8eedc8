"""Small whole powers as products: uⁿ for 2 ≤ |n| ≤ 16 (SymPy-free, shared by both routes).

NumPy's power on a float array calls the C library's pow for every element (x**3 over
10⁴ points: 0.86 ms; x*x*x: 8 µs).  :mod:`engine.symbolic.compiled` writes such powers
with :func:`integer_power`, and so does the NumPy route (:mod:`engine.numeric.jets`),
so both give the same bits.
"""

from __future__ import annotations

import numpy as np

LARGEST_PRODUCT = 16  # uⁿ for 2 ≤ |n| ≤ this is written as products


def integer_power(u: object, n: int) -> object:
    """uⁿ for an integer n (2 ≤ |n| ≤ 16) by repeated squaring, u⁻ⁿ = (1/u)ⁿ.

    Python and NumPy scalars get ``u ** n`` as lambdify would write it (n < 0 as
    a float, so 0⁻ⁿ raises for a Python number as before); arrays get products."""
    if not isinstance(u, np.ndarray):
        return u ** (n if n > 0 else float(n))
    if n < 0:
        u, n = 1.0 / u, -n  # (1/u)ⁿ: no overflow of uⁿ when u⁻ⁿ is a tiny number
    result, square = None, u
    while True:  # binary powering: u¹³ = u · u⁴ · u⁸
        if n & 1:
            result = square if result is None else result * square
        n >>= 1
        if not n:
            return result
        square = square * square


def whole_power(u: object, n: int) -> object:
    """uⁿ for any integer n: 1, u, u·u, products up to |n| = 16, NumPy's power beyond."""
    if n == 0:
        return np.ones_like(u) if isinstance(u, np.ndarray) else np.float64(1.0)
    if n == 1:
        return u
    if n == 2:
        return u * u  # type: ignore[operator]
    if abs(n) <= LARGEST_PRODUCT:
        return integer_power(u, n)
    return u**n  # type: ignore[operator]
