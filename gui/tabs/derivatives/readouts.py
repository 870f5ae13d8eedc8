"""Sentences under the plot: the tangent and secant at x₀, the global extrema."""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from gui.tabs.derivatives.numbers import number, shifted_x, x0_text

if TYPE_CHECKING:
    from engine.symbolic.calculus import CriticalPoints
    from gui.tabs.derivatives.point import PointAnalysis


def describe_tangent(point: PointAnalysis) -> str:
    """Rich text: f(x₀), then f′(x₀) and the tangent's equation, or the engine's sentence
    saying why f′(x₀) does not exist (with the one-sided limits), then the secant."""
    cut, at = point.secant, point.slope
    x0 = x0_text(cut.x0)
    if not math.isfinite(cut.y0):
        reason = f" ({escape(at.message)})" if at is not None else ""
        return f"f is not defined at x₀ = {x0}: no tangent there{reason}."
    parts = [f"At x₀ = {x0}: f(x₀) = {number(cut.y0)}"]
    if point.has_tangent_line:
        line = point.tangent
        parts.append(
            f"<b>tangent slope f′(x₀) = {number(line.slope)}</b>; "
            f"tangent {tangent_equation(line.y0, line.slope, cut.x0)}"
        )
    elif at is not None:
        parts.append(f"<b>{escape(at.message)}</b>: no tangent line")
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
    """Global minimum and maximum of f on the closed range, every point taking them, or
    the engine's sentence when one does not exist ("no global minimum: f → −∞ as x → 0⁻");
    a list that may be incomplete says so first."""
    where = f"[{number(domain[0], 4)}, {number(domain[1], 4)}]"
    parts = []
    if not found.complete:
        parts.append(f"<b>The list may be incomplete</b>: {escape(found.note)}")
    elif not found.points:
        parts.append(f"No critical point in {where}.")
    for name, extremum in (("minimum", found.global_min), ("maximum", found.global_max)):
        if extremum is None:
            continue
        if extremum.note:
            parts.append(f"On {where}, {escape(extremum.note)}")
            continue
        places = " and ".join(f"x = {number(c[0])}"
                              for c in (extremum.coords, *extremum.others))
        parts.append(f"Global {name} on {where}: f = {number(extremum.value)} at {places} "
                     f"({extremum.location})")
    if found.note and found.complete:
        parts.append(escape(found.note))
    return "<br>".join(parts)
