"""The settings part of :class:`gui.tabs.descent.model.DescentModel`: optimizers and
their values (live while a race runs), ε, the step limit, arrows, grid and mode."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from gui.tabs.descent import choices, commands
from gui.tabs.descent.optimizers import build_optimizers, own_values
from gui.tabs.descent.settings import ALIVE


class SettingsIntents:
    """Each intent checks the value with the engine, keeps it and emits ``"settings"``."""

    def choose_optimizers(self, keys: list[str]) -> None:
        s = self.settings
        s.optimizers = [key for key in choices.optimizer_names() if key in keys]
        if s.optimizers and s.basin_optimizer not in s.optimizers:
            s.basin_optimizer = s.optimizers[0]  # it follows the ticks
        self.emit("settings", s)
        self._restart()

    def choose_basin_optimizer(self, key: str) -> None:
        if key not in choices.optimizer_names():
            self._refuse("optimizers", f"unknown optimizer {key!r}")
            return
        self.settings.basin_optimizer = key
        self.emit("settings", self.settings)
        if self.settings.mode == "basins":
            self.start_basins()

    def set_values(self, values: dict[str, float], alphas: dict[str, float] | None = None,
                   ) -> None:  # fmt: skip
        """α, μ, β₁, β₂ (any of them) and, if given, the α of each optimizer that has its
        own; live while a race runs."""
        s = self.settings
        merged = {**s.hyperparameters, **values}
        alphas = dict(s.alphas if alphas is None else alphas)
        try:
            build_optimizers(list(choices.optimizer_names()), merged, alphas)
        except ValueError as exc:
            self._refuse("optimizers", f"Cannot use these values: {exc}")
            return
        s.hyperparameters, s.alphas = merged, alphas
        self.emit("settings", s)
        if s.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
            return
        self.run_worker.submit(partial(commands.set_hyperparameters, self._own_values()))

    def set_alpha(self, key: str | None, alpha: float) -> None:
        """α of optimizer ``key`` alone (the others keep theirs), or with ``key`` None of
        every optimizer: one shared α again."""
        s = self.settings
        if key is None:
            self.set_values({"alpha": alpha}, {})
        else:
            self.set_values({}, {**s.alphas, key: alpha})

    def _own_values(self) -> dict[int, dict[str, float]]:
        """Each racing optimizer's values, by its group in the run."""
        s = self.settings
        return {g: own_values(key, s.hyperparameters, s.alphas)
                for g, key in enumerate(s.optimizers)}  # fmt: skip

    def set_tolerance(self, eps: float) -> None:
        self.settings.tolerance = float(eps)
        self._apply_limit(partial(commands.set_tolerance, float(eps)))

    def set_max_steps(self, max_steps: int) -> None:
        self.settings.max_steps = int(max_steps)
        self._apply_limit(partial(commands.set_max_steps, int(max_steps)))

    def _apply_limit(self, command: Callable[[Any], Any]) -> None:
        self.emit("settings", self.settings)
        if self.settings.mode == "basins" or self.run_worker.state not in ALIVE:
            self._restart()
        else:
            self.run_worker.submit(command)

    def set_arrows(self, shown: bool) -> None:
        self.settings.arrows = bool(shown)
        self.emit("settings", self.settings)

    def set_grid(self, n: int) -> None:
        self.settings.grid = int(n)
        self.emit("settings", self.settings)
        if self.settings.mode == "basins":
            self.start_basins()

    def set_mode(self, mode: str) -> None:
        if mode not in choices.MODES or mode == self.settings.mode:
            return
        self.settings.mode = mode
        self.emit("settings", self.settings)
        self.emit("mode", mode)
        if mode == "basins":
            self.run_worker.pause()
            self.start_basins()
        else:
            self.basin_worker.cancel()
        self.emit("run", self.worker.state)
