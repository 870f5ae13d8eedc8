"""Limits that keep symbolic work on a typed formula short.

SymPy cannot be interrupted once a call has started, so the engine keeps each
call small (:func:`check_size` refuses expressions past a node count before
they are differentiated, printed or compiled) and checks a :class:`Deadline`
between calls, returning what it has found so far when time runs out.
"""

from __future__ import annotations

import math
import time

import sympy

MAX_NODES = 6000  # a derivative this large takes ~0.3 s to build, print or compile
TIME_LIMIT = 1.5  # seconds for a search such as critical_points, set-up included


class TooComplexError(ValueError):
    """The formula (or one of its derivatives) is too large to work with in time."""


class Deadline:
    """A wall-clock limit of ``seconds`` from now (``time.perf_counter``)."""

    def __init__(self, seconds: float = TIME_LIMIT) -> None:
        self.seconds = float(seconds)
        self._end = time.perf_counter() + self.seconds

    @property
    def expired(self) -> bool:
        return time.perf_counter() >= self._end


def tree_size(expr: sympy.Basic, limit: int = MAX_NODES) -> int:
    """Nodes of ``expr``'s tree (repeated sub-trees counted each time), counting
    no further than ``limit + 1`` so that the count itself stays cheap."""
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count > limit:
            break
    return count


def check_size(expr: sympy.Basic, what: str, limit: int = MAX_NODES) -> None:
    """Raise :class:`TooComplexError` when ``expr`` has more than ``limit`` nodes."""
    if tree_size(expr, limit) > limit:
        raise TooComplexError(f"{what} is too large to work with (more than {limit} parts)")


def degree_bound(u: sympy.Expr) -> float:
    """An upper bound on the total degree of ``u`` read off its tree (∞ for anything
    not built from +, · and integer powers), without expanding it as ``Poly`` would."""
    if u.is_Symbol:
        return 1
    if u.is_number:
        return 0
    if u.is_Add:
        return max(degree_bound(a) for a in u.args)
    if u.is_Mul:
        return sum(degree_bound(a) for a in u.args)
    if u.is_Pow and u.exp.is_Integer:
        return abs(int(u.exp)) * degree_bound(u.base)
    return math.inf


def derivative_size(expr: sympy.Expr, x: sympy.Symbol) -> int:
    """An estimate of ``tree_size(diff(expr, x))`` worked out from ``expr``'s tree
    without differentiating, by the size of what each rule produces:
    (u + v)′ = u′ + v′; (u·v·w)′ = u′·v·w + u·v′·w + u·v·w′; (uⁿ)′ = n·uⁿ⁻¹·u′;
    (uᵛ)′ = uᵛ·(v′·ln u + v·u′/u); f(u)′ = f′(u)·u′ with f′(u) about twice u."""
    sizes: dict[sympy.Basic, int] = {}
    estimates: dict[sympy.Basic, int] = {}

    def size(u: sympy.Basic) -> int:
        if u not in sizes:
            sizes[u] = 1 + sum(size(a) for a in u.args)
        return sizes[u]

    def d(u: sympy.Basic) -> int:
        if u in estimates:
            return estimates[u]
        if not u.has(x) or u == x:
            result = 1
        elif u.is_Add:
            result = 1 + sum(d(a) for a in u.args)
        elif u.is_Mul:
            result = 1 + sum(size(u) - size(a) + d(a) for a in u.args if a.has(x))
        elif u.is_Pow and not u.exp.has(x):
            result = size(u) + d(u.base) + 4
        elif u.is_Pow:
            result = 2 * size(u) + d(u.base) + d(u.exp) + 8
        else:
            result = 2 * size(u) + sum(d(a) for a in u.args) + 4
        estimates[u] = result
        return result

    return d(expr)
