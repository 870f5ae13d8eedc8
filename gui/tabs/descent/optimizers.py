"""Engine optimizers from the tab's settings: shared μ, β₁, β₂; α shared or per optimizer."""

from __future__ import annotations

from collections.abc import Mapping

from engine.descent.optimizers import OPTIMIZERS, Optimizer, make


def own_values(key: str, values: Mapping[str, float],
               alphas: Mapping[str, float] | None = None) -> dict[str, float]:
    """The settings that optimizer ``key`` has (μ only for the momentum methods, …),
    with its own α from ``alphas`` where it has one."""
    names = {spec.name for spec in OPTIMIZERS[key].hyperparameters()}
    mine = {**values, **({"alpha": alphas[key]} if alphas and key in alphas else {})}
    return {name: value for name, value in mine.items() if name in names}


def build_optimizers(keys: list[str], values: Mapping[str, float],
                     alphas: Mapping[str, float] | None = None) -> list[Optimizer]:
    """One engine optimizer per key, each validated by the engine (ValueError if not)."""
    return [make(key, **own_values(key, values, alphas)) for key in keys]


def describe(optimizer: Optimizer) -> str:
    """“Adam, α = 0.01, β₁ = 0.9, …” for reports."""
    specs = {spec.name: spec for spec in optimizer.hyperparameters()}
    parts = [f"{specs[name].label.split()[-1]} = {value:g}"
             for name, value in optimizer.values().items()]  # fmt: skip
    return f"{optimizer.name}, " + ", ".join(parts)
