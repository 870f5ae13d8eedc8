"""SymPy expressions compiled to NumPy code, and their raw output made into real
float arrays: the evaluation hot path of every formula (a live descent calls it
once per step for each optimiser).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy

from engine.symbolic.expression_functions import NUMPY_NAMESPACE


def compile_numpy(
    exprs: sympy.Expr | Sequence[sympy.Expr], args: Sequence[sympy.Symbol], cse: bool = False
) -> Callable[..., object]:
    """``lambdify(args, exprs)`` over NumPy (plus σ, relu, δ); a list of expressions gives
    one function returning a list, sharing common sub-expressions when ``cse``."""
    # plain real symbols _a0, _a1, … rather than lambdify's dummies: a Dummy has no
    # assumptions, and re-building tanh(tanh(…(x))) around one asks "is it real?"
    # at every level, exponentially in the depth (7 levels: 0.6 s)
    safe = {a: sympy.Symbol(f"_a{k}", real=True) for k, a in enumerate(args)}
    body = exprs.xreplace(safe) if isinstance(exprs, sympy.Basic) else [
        e.xreplace(safe) for e in exprs]  # fmt: skip
    return sympy.lambdify(list(safe.values()), body, modules=[NUMPY_NAMESPACE, "numpy"],
                          dummify=False, cse=cse)  # fmt: skip


def real_array(raw: object, shape: tuple[int, ...], fresh: bool) -> np.ndarray:
    """``raw`` as float64 of ``shape``, NaN where it is complex (√−1) or not finite.

    ``fresh`` says ``raw`` is a new array nobody else holds (so it may be written in
    place); a constant, an input passed straight through, or a broadcast is copied."""
    if np.iscomplexobj(raw):
        raw = np.asarray(raw)
        raw = np.where(np.abs(raw.imag) <= 1e-12 * np.abs(raw.real), raw.real, np.nan)
        fresh = True
    if fresh and isinstance(raw, np.ndarray) and raw.dtype == np.float64 and raw.shape == shape:
        out = raw
    else:
        out = np.array(np.broadcast_to(np.asarray(raw, dtype=float), shape), dtype=float)
    if not np.isfinite(out).all():
        out[~np.isfinite(out)] = np.nan
    return out
