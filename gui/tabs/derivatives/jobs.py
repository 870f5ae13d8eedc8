"""Symbolic work for the tab, packaged as one-unit jobs for ``gui.worker.Worker``.

SymPy can take a while on an unfriendly formula, so the derivative, the
derivation and the critical points are computed on the worker's thread; the
GUI thread only receives the finished, immutable results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.symbolic.calculus import (
    CriticalPoints,
    Step,
    TooComplexError,
    critical_points,
    derivation_steps,
    derivative,
    piecewise_derivative,
)
from engine.symbolic.expressions import Expression, plain_text, symbol

#: Seconds the critical-point search may take. It runs on a worker while the plot stays
#: live, so it can afford more than the engine's default: on a busy machine 1.5 s cut
#: the notes' own example short ("no solution of f′(x) = 0").
CRITICAL_TIME_LIMIT = 5.0


@dataclass(frozen=True)
class StepView:
    """One derivation step, ready to typeset: d/dx[before] = after."""

    rule: str
    latex: str
    plain: str
    explanation: str
    depth: int


@dataclass(frozen=True)
class Derivatives:
    """f′ and f″ of ``expression`` and the steps from f to f′.

    ``second`` is None when f″ is too large to build; ``second_problem`` says why.
    The texts are as shown: piece by piece for |u|, max, relu … (never δ or a step H).
    """

    expression: Expression
    first: Expression
    second: Expression | None
    steps: tuple[StepView, ...]
    first_latex: str  # f′ written in the order the derivation produced its terms
    first_plain: str
    second_latex: str = ""
    second_plain: str = ""
    second_problem: str = ""
    first_undefined: tuple[float, ...] = ()  # numbers where f′ (f″) does not exist
    second_undefined: tuple[float, ...] = ()


def _step_view(step: Step) -> StepView:
    if step.rule == "simplify":  # the last step rewrites f′, it differentiates nothing
        latex = f"= {step.after_latex}"
        plain = f"= {step.after_plain}"
    else:
        # plain brackets: mathtext's stretched \left[ looks like a bar "|"
        latex = rf"\frac{{d}}{{dx}}[{step.before_latex}] = {step.after_latex}"
        plain = f"d/dx [{plain_text(step.before)}] = {step.after_plain}"
    return StepView(step.rule, latex, plain, step.explanation, step.depth)


def differentiate(expression: Expression) -> Derivatives:
    """f′ = df/dx and f″ = d²f/dx² (engine), the derivation, and their compiled forms."""
    first = derivative(expression, "x", 1)
    try:
        second, problem = derivative(expression, "x", 2), ""
    except TooComplexError as exc:  # f′ and its derivation are still worth showing
        second, problem = None, str(exc)
    derivation = derivation_steps(expression, "x")
    steps = tuple(_step_view(s) for s in derivation)
    x = symbol("x")
    pieces = piecewise_derivative(expression.sympy, x, 1, first.sympy)
    first_latex, first_plain = ((pieces.latex, pieces.plain) if pieces is not None
                                else (derivation[-1].after_latex, first.plain))
    first_undefined = pieces.undefined_at if pieces is not None else ()
    second_latex = second_plain = ""
    second_undefined: tuple[float, ...] = ()
    if second is not None:
        pieces = piecewise_derivative(expression.sympy, x, 2, second.sympy)
        second_latex, second_plain = ((pieces.latex, pieces.plain) if pieces is not None
                                      else (second.latex, second.plain))
        second_undefined = pieces.undefined_at if pieces is not None else ()
    # compile (lambdify) here, off the GUI thread, so the first re-plot is instant
    probe = np.zeros(1)
    for f in (expression, first, second):
        if f is not None:
            f(probe, **expression.defaults)
    return Derivatives(expression, first, second, steps, first_latex, first_plain,
                       second_latex, second_plain, problem, first_undefined, second_undefined)


@dataclass(frozen=True)
class CriticalResult:
    """The engine's critical points of ``expression`` on ``domain`` with ``params``."""

    expression: Expression
    domain: tuple[float, float]
    params: tuple[tuple[str, float], ...]
    found: CriticalPoints


def find_critical_points(
    expression: Expression, domain: tuple[float, float], params: tuple[tuple[str, float], ...]
) -> CriticalResult:
    """Solutions of f′(x) = 0 on the closed domain, classified by f″ (engine)."""
    return CriticalResult(expression, domain, params,
                          critical_points(expression, domain, dict(params),
                                          time_limit=CRITICAL_TIME_LIMIT))
