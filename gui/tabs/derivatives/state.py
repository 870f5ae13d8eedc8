"""The tab's inputs as plain, JSON-able data (for sessions), checked on the way in."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gui.tabs.derivatives.presets import (
    DEFAULT_DX,
    DEFAULT_FORMULA,
    DEFAULT_X0,
    DEFAULT_X_RANGE,
    DX_RANGE,
    MIN_X_SPAN,
    X_LIMIT,
)


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class TabState:
    """Formula, parameter values, x₀, Δx, x range, which curves are shown, and whether
    the y axis fits f alone."""

    formula: str = DEFAULT_FORMULA
    parameters: Mapping[str, float] = field(default_factory=dict)
    x0: float = DEFAULT_X0
    dx: float = DEFAULT_DX
    x_range: tuple[float, float] = DEFAULT_X_RANGE
    shown: tuple[bool, bool, bool] = (True, True, True)
    fit_to_f: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.formula,
            "parameters": dict(self.parameters),
            "x0": self.x0,
            "dx": self.dx,
            "x_range": list(self.x_range),
            "shown": list(self.shown),
            "fit_to_f": self.fit_to_f,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TabState:
        """Check everything first: ValueError names the first field that does not fit."""
        if not isinstance(data, Mapping):
            raise ValueError("the Derivatives state must be a mapping")
        formula = data.get("formula", DEFAULT_FORMULA)
        from engine.symbolic.expressions import ExpressionError, parse

        try:
            parse(formula)
        except ExpressionError as exc:
            raise ValueError(f"formula {formula!r}: {exc}") from None
        params = data.get("parameters", {})
        if not isinstance(params, Mapping):
            raise ValueError("parameters must be a mapping of name to value")
        parameters = {str(k): _finite(v, f"parameter {k}") for k, v in params.items()}
        raw_range = data.get("x_range", DEFAULT_X_RANGE)
        if not isinstance(raw_range, list | tuple) or len(raw_range) != 2:
            raise ValueError("x_range must be [x min, x max]")
        low, high = (_finite(v, "x_range") for v in raw_range)
        if not (-X_LIMIT <= low and high <= X_LIMIT and high - low > MIN_X_SPAN):
            raise ValueError(f"x_range must satisfy −{X_LIMIT:g} ≤ x min < x max ≤ {X_LIMIT:g}")
        dx = _finite(data.get("dx", DEFAULT_DX), "dx")
        if not DX_RANGE[0] <= dx <= DX_RANGE[1]:
            raise ValueError(f"dx must lie in [{DX_RANGE[0]:g}, {DX_RANGE[1]:g}]")
        shown = data.get("shown", (True, True, True))
        if not isinstance(shown, list | tuple) or len(shown) != 3 or not all(
            isinstance(s, bool) for s in shown
        ):
            raise ValueError("shown must be three true/false values (f, f′, f″)")
        x0 = _finite(data.get("x0", DEFAULT_X0), "x0")
        fit_to_f = data.get("fit_to_f", False)
        if not isinstance(fit_to_f, bool):
            raise ValueError("fit_to_f must be true or false")
        return cls(formula, parameters, x0, dx, (low, high), tuple(shown), fit_to_f)
