"""The tab's inputs as plain JSON-able data, checked before anything is applied."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.descent.optimizers import OPTIMIZERS
from engine.descent.surfaces import check_domain
from engine.descent.swarm import check_eps, check_max_steps, check_points
from gui.tabs.descent import choices
from gui.tabs.descent.optimizers import build_optimizers


@dataclass
class DescentState:
    """Formula, domain, starts, optimizers with α, μ, β₁, β₂, ε, step limit, mode,
    the values of the formula's parameters, the α of optimizers that have their own,
    and which view is shown, with the 3-D surface's azimuth and elevation."""

    formula: str
    domain: list[float]
    starts: list[list[float]]
    optimizers: list[str]
    hyperparameters: dict[str, float] = field(default_factory=dict)
    tolerance: float = choices.DEFAULT_TOLERANCE
    max_steps: int = choices.DEFAULT_MAX_STEPS
    mode: str = "trajectories"
    grid: int = choices.DEFAULT_GRID
    arrows: bool = True
    parameters: dict[str, float] = field(default_factory=dict)  # a, β, … of f(x, y)
    alphas: dict[str, float] = field(default_factory=dict)  # α of optimizers with their own
    view: str = "contours"  # the contour plot or the 3-D surface
    azimuth: int = choices.DEFAULT_AZIMUTH  # the 3-D surface's angles, in degrees
    elevation: int = choices.DEFAULT_ELEVATION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DescentState:
        """A checked state; ValueError saying what does not fit."""
        if not isinstance(data, dict):
            raise ValueError("the Gradient descent state must be a mapping")
        try:
            state = cls(**data)
        except TypeError as exc:
            raise ValueError(f"unexpected Gradient descent state: {exc}") from None
        from engine.symbolic.expressions import parse

        parse(str(state.formula), ("x", "y"))
        state.domain = list(check_domain(state.domain))
        state.starts = check_points(state.starts).tolist()
        unknown = [key for key in state.optimizers if key not in OPTIMIZERS]
        if unknown or not isinstance(state.optimizers, list):
            raise ValueError(f"unknown optimizers: {unknown}")
        values = {**_defaults(), **dict(state.hyperparameters)}
        state.alphas = _numbers(state.alphas, "the α per optimizer")
        unknown = [key for key in state.alphas if key not in OPTIMIZERS]
        if unknown:
            raise ValueError(f"α given for unknown optimizers: {unknown}")
        # every value checked by its optimizer
        build_optimizers(list(OPTIMIZERS), values, state.alphas)
        state.hyperparameters = {key: float(values[key]) for key in _defaults()}
        state.tolerance = check_eps(state.tolerance)
        state.max_steps = check_max_steps(state.max_steps)
        if state.mode not in choices.MODES:
            raise ValueError(f"the mode must be one of {', '.join(choices.MODES)}")
        grid = float(state.grid)
        if not (math.isfinite(grid) and 10 <= grid <= 200):
            raise ValueError("the basin grid must be from 10 to 200")
        state.grid = int(grid)
        state.arrows = bool(state.arrows)
        state.parameters = _numbers(state.parameters, "the parameters")
        if state.view not in choices.VIEWS:
            raise ValueError(f"the view must be one of {', '.join(choices.VIEWS)}")
        state.azimuth = _degrees(state.azimuth, "azimuth", choices.AZIMUTH_RANGE)
        state.elevation = _degrees(state.elevation, "elevation", choices.ELEVATION_RANGE)
        return state


def _degrees(value: Any, name: str, limits: tuple[int, int]) -> int:
    """A whole number of degrees within ``limits``; ValueError naming ``name`` if not."""
    low, high = limits
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not low <= value <= high:
        raise ValueError(f"the 3-D surface's {name} must be {low} … {high} degrees, "
                         f"not {value!r}")
    return round(value)


def _numbers(values: Any, what: str) -> dict[str, float]:
    """``values`` as a name → finite number mapping; ValueError naming ``what`` if not."""
    if not isinstance(values, dict):
        raise ValueError(f"{what} must be a mapping of names to numbers")
    try:
        checked = {str(name): float(value) for name, value in values.items()}
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be numbers") from None
    if not all(math.isfinite(v) for v in checked.values()):
        raise ValueError(f"{what} must be finite numbers")
    return checked


def _defaults() -> dict[str, float]:
    return {"alpha": choices.DEFAULT_ALPHA, "mu": choices.DEFAULT_MU,
            "beta1": choices.DEFAULT_BETA1, "beta2": choices.DEFAULT_BETA2}  # fmt: skip
