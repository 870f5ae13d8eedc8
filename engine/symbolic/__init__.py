"""Formulas a person types, and the calculus on them (the Derivatives tab's engine).

Reading: :mod:`expression_tokens` (tokens) → :mod:`expressions` (an ``ast``
whitelist, then SymPy). Calculus: :mod:`symbolic_derivative`, :mod:`derivation_steps`,
:mod:`calculus` (tangent, secant, Δy/Δx), :mod:`critical_points` (f′ = 0 or ∇f = 0,
classified), all under the limits of :mod:`budget`.
"""

from engine.symbolic.budget import TooComplexError
from engine.symbolic.expressions import Expression, ExpressionError, parse

__all__ = ["Expression", "ExpressionError", "TooComplexError", "parse"]
