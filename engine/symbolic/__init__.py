"""Formulas a person types, and the calculus on them (the Derivatives tab's engine).

Reading: :mod:`expression_tokens` (tokens) → :mod:`expressions` (an ``ast``
whitelist, then SymPy). Calculus: :mod:`symbolic_derivative`, :mod:`derivation_steps`,
:mod:`calculus` (tangent, secant, Δy/Δx), :mod:`critical_points` (f′ = 0 or ∇f = 0,
classified), all under the limits of :mod:`budget`.
"""

import importlib
from typing import Any

__all__ = ["Expression", "ExpressionError", "TooComplexError", "parse"]

# Each name is imported on first use (PEP 562): importing a light module of this package
# (bounded, compiled) must not import SymPy, which takes a second of a start-up.
_HOMES = {"TooComplexError": "budget", "Expression": "expressions",
          "ExpressionError": "expressions", "parse": "expressions"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"engine.symbolic.{_HOMES[name]}"), name)
