"""Engine optimizers from the tab's shared settings (α, μ, β₁, β₂)."""

from __future__ import annotations

from engine.optimizers import OPTIMIZERS, Optimizer, make


def own_values(key: str, values: dict[str, float]) -> dict[str, float]:
    """The settings that optimizer ``key`` has (μ only for the momentum methods, …)."""
    names = {spec.name for spec in OPTIMIZERS[key].hyperparameters()}
    return {name: value for name, value in values.items() if name in names}


def build_optimizers(keys: list[str], values: dict[str, float]) -> list[Optimizer]:
    """One engine optimizer per key, each validated by the engine (ValueError if not)."""
    return [make(key, **own_values(key, values)) for key in keys]


def describe(optimizer: Optimizer) -> str:
    """“Adam, α = 0.01, β₁ = 0.9, …” for reports."""
    specs = {spec.name: spec for spec in optimizer.hyperparameters()}
    parts = [f"{specs[name].label.split()[-1]} = {value:g}"
             for name, value in optimizer.values().items()]  # fmt: skip
    return f"{optimizer.name}, " + ", ".join(parts)
