"""The Gradient descent tab's settings in use, and what its model asks of a worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.descent.surfaces import Domain
from gui.tabs.descent import choices
from gui.tabs.descent.state import _defaults

ALIVE = ("running", "paused")
DEFAULT_DOMAIN: Domain = (-5.0, 5.0, -5.0, 5.0)


class Driver(Protocol):
    """What the model asks of a worker (``gui.worker.Worker`` has all of it)."""

    state: str

    def start(self, job: Any, paused: bool = False) -> None: ...
    def cancel(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def toggle(self) -> None: ...
    def submit(self, command: Callable[[Any], Any]) -> None: ...
    def step_once(self, n: int) -> None: ...


@dataclass
class DescentSettings:
    """The settings in use (the engine's names: alpha, mu, beta1, beta2)."""

    formula: str = ""
    optimizers: list[str] = field(default_factory=lambda: list(choices.DEFAULT_OPTIMIZERS))
    hyperparameters: dict[str, float] = field(default_factory=_defaults)
    alphas: dict[str, float] = field(default_factory=dict)  # optimizers with their own α
    tolerance: float = choices.DEFAULT_TOLERANCE
    max_steps: int = choices.DEFAULT_MAX_STEPS
    mode: str = "trajectories"
    grid: int = choices.DEFAULT_GRID
    arrows: bool = True
    parameters: dict[str, float] = field(default_factory=dict)  # a, β, … of f(x, y)
    basin_optimizer: str = choices.DEFAULT_OPTIMIZERS[0]
    # what is shown: the contour plot or the 3-D surface, and the surface's angles
    view: str = "contours"
    azimuth: int = choices.DEFAULT_AZIMUTH
    elevation: int = choices.DEFAULT_ELEVATION
