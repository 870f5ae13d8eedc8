"""Sentences under the plot: the tangent and secant at x₀, the global extrema."""

from __future__ import annotations

import math

from engine.symbolic.calculus import CriticalPoints, Line, Secant
from gui.tabs.derivatives.numbers import number, shifted_x, x0_text


def describe_tangent(line: Line | None, cut: Secant) -> str:
    """Rich text: f(x₀), the tangent's slope f′(x₀) and equation, the secant's Δy/Δx."""
    x0 = x0_text(cut.x0)
    if not math.isfinite(cut.y0):
        return f"f is not defined at x₀ = {x0}: no tangent there."
    parts = [f"At x₀ = {x0}: f(x₀) = {number(cut.y0)}"]
    if line is not None:
        if math.isfinite(line.slope):
            parts.append(
                f"<b>tangent slope f′(x₀) = {number(line.slope)}</b>; "
                f"tangent {tangent_equation(line.y0, line.slope, cut.x0)}"
            )
        else:
            parts.append("f′(x₀) is undefined: no tangent line here")
    secant_slope = (f"Δy/Δx = {number(cut.slope)}" if math.isfinite(cut.slope)
                    else "Δy/Δx is undefined (f is not defined at x₀ + Δx)")
    parts.append(f"secant over Δx = {number(cut.dx, 3)}: {secant_slope}")
    return "<br>".join(parts)


def tangent_equation(y0: float, slope: float, x0: float) -> str:
    """y = f(x₀) + f′(x₀)·(x − x₀), signs folded: "y = 0.5308 + 5.958·(x + 1.495)"."""
    intercept = number(y0, 4)
    if number(slope, 4) == "0":
        return f"y = {intercept}"
    rise = f"{number(abs(slope), 4)}·{shifted_x(x0)}"
    if intercept == "0":
        return f"y = {rise}" if slope > 0 else f"y = −{rise}"
    return f"y = {intercept} {'+' if slope > 0 else '−'} {rise}"


def describe_extrema(found: CriticalPoints, domain: tuple[float, float]) -> str:
    """Global minimum and maximum of f on the closed range, and where they are taken."""
    where = f"[{number(domain[0], 4)}, {number(domain[1], 4)}]"
    parts = []
    if not found.points:
        parts.append(f"No solution of f′(x) = 0 in {where}.")
    for name, extremum in (("minimum", found.global_min), ("maximum", found.global_max)):
        if extremum is not None:
            parts.append(f"Global {name} on {where}: f = {number(extremum.value)} at "
                         f"x = {number(extremum.coords[0])} ({extremum.location})")
    if found.note:
        parts.append(found.note)
    return "<br>".join(parts)
