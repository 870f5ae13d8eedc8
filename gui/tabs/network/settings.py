"""Every input of the Neural network tab as one plain value, checked before use.

``NetworkSettings`` is what the controls panel shows and what ``state()``
saves; ``from_dict`` refuses anything out of range with a ValueError whose
message a user can act on, so no absurd value reaches the engine.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from engine.descent.optimizers import OPTIMIZERS, Optimizer
from engine.network.activations import ACTIVATIONS
from engine.network.network import INITS
from engine.network.presets import PRESETS

XOR_NAME = "XOR truth table"
CSV_NAME = "CSV file"
GENERATED = ("noisy XOR", "two circles", "two moons", "two spirals", "two Gaussians")
DATASETS = (XOR_NAME, *GENERATED, CSV_NAME)
LOSSES = ("cross_entropy", "squared_error")
BATCH_MODES = ("full", "mini", "online")

MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64
MAX_INPUTS = 64
LEARNING_RATE_RANGE = (1e-6, 100.0)
# the rules' hyper-parameters over the Gradient descent tab's ranges (its μ, β₁ and β₂
# controls); ρ as its decays, ε as the engine's rule allows it
MOMENTUM_RANGE = (0.0, 0.999)
RHO_RANGE = (0.0, 0.999)
BETA1_RANGE = (0.0, 0.999)
BETA2_RANGE = (0.0, 0.9999)
EPSILON_RANGE = (1e-12, 1.0)
OPTIMIZER_KEYS = tuple(OPTIMIZERS)  # gd, momentum (the notes'), nesterov, adagrad, rmsprop, adam
#: the setting that holds each hyper-parameter of the rules (α is the learning rate η)
SETTING_OF = {"alpha": "learning_rate", "mu": "momentum", "rho": "rho", "beta1": "beta1",
              "beta2": "beta2", "eps": "epsilon"}
#: what applies to the run at once: the rule and its values (a new rule's memory starts at 0)
LIVE_FIELDS = ("optimizer", "learning_rate", "momentum", "rho", "beta1", "beta2", "epsilon",
               "max_epochs", "preset")
BETA_RANGE = (-1.0, 25.0)  # the notes' slider; β ≤ 0 is explained, not hidden
SAMPLES_RANGE = (20, 5000)
NOISE_RANGE = (0.0, 2.0)
TEST_FRACTION_RANGE = (0.0, 0.9)
BATCH_RANGE = (1, 100_000)
SEED_RANGE = (0, 2**31 - 1)
EPOCHS_RANGE = (1, 100_000_000)

DEFAULT_PRESET = "recommended"


class LayerError(ValueError):
    """Layer sizes that cannot be built, with a message for the user."""


def parse_layers(text: str) -> tuple[int, ...]:
    """'2-4-1' (or '2, 4, 1', '2 4 1') → (2, 4, 1), within the tab's limits.

    Raises LayerError naming the first piece that is not a whole number in range,
    an empty piece ('2-4-', '2--1') and a number too long to read.
    """
    text = text.strip()
    if not text:
        raise LayerError("give at least an input and an output layer, e.g. 2-4-1")
    pieces = [p.strip() for p in re.split(r"\s*[,\-–]\s*|\s+", text)]
    if len(pieces) > MAX_HIDDEN_LAYERS + 2 and all(pieces):
        raise LayerError(f"{len(pieces) - 2} hidden layers; the limit is {MAX_HIDDEN_LAYERS}")
    sizes = []
    for position, piece in enumerate(pieces, start=1):
        if not piece:
            raise LayerError(f"layer {position} is empty: every layer needs its number of "
                             "units, e.g. 2-4-1")
        if not re.fullmatch(r"[0-9]+", piece):  # str.isdigit() also accepts '²' and '٣'
            shown = piece if len(piece) <= 12 else piece[:12] + "…"
            raise LayerError(f"layer {position}: {shown!r} is not a whole number of units "
                             "(digits 0-9 only)")
        limit = MAX_INPUTS if position == 1 else MAX_UNITS
        if len(piece.lstrip("0")) > 9:  # int() of thousands of digits is slow, then refused
            raise LayerError(f"layer {position} has a {len(piece):,}-digit number of units; "
                             f"the limit is {limit}")
        value = int(piece)
        if value < 1:
            raise LayerError(f"layer {position} needs at least one unit")
        if value > limit:
            raise LayerError(f"layer {position} has {value:,} units; the limit is {limit}")
        sizes.append(value)
    if len(sizes) < 2:
        raise LayerError("give at least an input and an output layer, e.g. 2-4-1")
    return tuple(sizes)


def fit_layers(settings: NetworkSettings, sizes: tuple[int, ...]) -> NetworkSettings:
    """``settings`` with new layer sizes, keeping each layer's activation where it still exists.

    Hidden layers beyond the old ones take the last hidden activation (tanh if
    there was none); the output keeps its own.
    """
    old = list(settings.activations)
    hidden = old[:-1] or ["tanh"]
    output = old[-1] if old else "sigmoid"
    n_hidden = len(sizes) - 2
    activations = [hidden[min(m, len(hidden) - 1)] for m in range(n_hidden)] + [output]
    return replace(settings, layers=tuple(sizes), activations=tuple(activations))


def format_layers(sizes: tuple[int, ...]) -> str:
    return "-".join(str(n) for n in sizes)


def rule_fields(key: str) -> tuple[str, ...]:
    """The settings rule ``key`` uses besides η: ("momentum",) for the notes' momentum."""
    return tuple(SETTING_OF[spec.name] for spec in OPTIMIZERS[key].hyperparameters()
                 if spec.name != "alpha")


@dataclass(frozen=True)
class NetworkSettings:
    """Data, architecture and training settings; ``activations`` names σ^1 … σ^L."""

    dataset: str = XOR_NAME
    csv_path: str = ""
    n_samples: int = 200
    noise: float = 0.1
    test_fraction: float = 0.25
    data_seed: int = 0
    layers: tuple[int, ...] = (2, 4, 1)
    activations: tuple[str, ...] = ("tanh", "sigmoid")
    beta: float = 1.0
    loss: str = "cross_entropy"
    init: str = "xavier_he"
    optimizer: str = "momentum"  # sessions saved before the choice used the notes' momentum
    learning_rate: float = 0.5
    momentum: float = 0.9
    rho: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    batch_mode: str = "full"
    batch_size: int = 16
    shuffle: bool = True
    seed: int = 0
    max_epochs: int = 1000
    preset: str = field(default=DEFAULT_PRESET, compare=False)

    @property
    def batch(self) -> int | None:
        """The engine's batch size: None for full batch, 1 online."""
        return {"full": None, "online": 1}.get(self.batch_mode, self.batch_size)

    def architecture(self) -> tuple:
        """What, when changed, needs fresh weights (everything but the rule and the stop)."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in LIVE_FIELDS)

    def rule(self) -> Optimizer:
        """The descent rule that trains the network, α = η: the notes' momentum is
        Momentum(α = η, μ), Adam(α = η, β₁, β₂, ε) … (engine.network.optimizer)."""
        cls = OPTIMIZERS[self.optimizer]
        values = {spec.name: getattr(self, SETTING_OF[spec.name])
                  for spec in cls.hyperparameters()}
        return cls(**values, offered_ranges=False)  # η may reach 100, beyond the descent tab

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["layers"] = list(self.layers)
        data["activations"] = list(self.activations)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NetworkSettings:
        """Settings from plain data; ValueError names the first value that does not fit."""
        if not isinstance(data, dict):
            raise ValueError("network settings must be a mapping")
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown network settings: {', '.join(sorted(unknown))}")
        merged = {**asdict(cls()), **data}
        settings = cls(
            dataset=_choice(merged, "dataset", DATASETS),
            csv_path=_text(merged, "csv_path"),
            n_samples=_integer(merged, "n_samples", SAMPLES_RANGE),
            noise=_number(merged, "noise", NOISE_RANGE),
            test_fraction=_number(merged, "test_fraction", TEST_FRACTION_RANGE),
            data_seed=_integer(merged, "data_seed", SEED_RANGE),
            layers=_layers(merged["layers"]),
            activations=tuple(_choice({"activation": a}, "activation", tuple(ACTIVATIONS))
                              for a in _sequence(merged, "activations")),
            beta=_number(merged, "beta", BETA_RANGE),
            loss=_choice(merged, "loss", LOSSES),
            init=_choice(merged, "init", INITS),
            optimizer=_choice(merged, "optimizer", OPTIMIZER_KEYS),
            learning_rate=_number(merged, "learning_rate", LEARNING_RATE_RANGE),
            momentum=_number(merged, "momentum", MOMENTUM_RANGE),
            rho=_number(merged, "rho", RHO_RANGE),
            beta1=_number(merged, "beta1", BETA1_RANGE),
            beta2=_number(merged, "beta2", BETA2_RANGE),
            epsilon=_number(merged, "epsilon", EPSILON_RANGE),
            batch_mode=_choice(merged, "batch_mode", BATCH_MODES),
            batch_size=_integer(merged, "batch_size", BATCH_RANGE),
            shuffle=_flag(merged, "shuffle"),
            seed=_integer(merged, "seed", SEED_RANGE),
            max_epochs=_integer(merged, "max_epochs", EPOCHS_RANGE),
            preset=_text(merged, "preset"),
        )
        if len(settings.activations) != len(settings.layers) - 1:
            raise ValueError(f"{len(settings.layers) - 1} layers need as many activations, "
                             f"got {len(settings.activations)}")
        return settings


SYMBOLS = {"learning_rate": "η", "momentum": "μ", "rho": "ρ", "beta1": "β₁", "beta2": "β₂",
           "epsilon": "ε"}


def rule_text(settings: NetworkSettings) -> str:
    """'Adam, η = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-08': the rule and the values it uses."""
    values = ", ".join(f"{SYMBOLS[name]} = {getattr(settings, name):.4g}"
                       for name in ("learning_rate", *rule_fields(settings.optimizer)))
    return f"{OPTIMIZERS[settings.optimizer].name}, {values}"


def preset_settings(name: str, base: NetworkSettings | None = None) -> NetworkSettings:
    """``base`` (or the defaults) with the engine preset ``name``'s network and training
    (both presets train with the notes' momentum; μ = 0 is plain descent in the notes')."""
    preset = PRESETS[name]
    batch_mode = "full" if preset.batch_size is None else "mini"
    return replace(
        base or NetworkSettings(),
        layers=preset.layer_sizes, activations=preset.activations, beta=1.0, loss=preset.loss,
        init=preset.init, optimizer="momentum", learning_rate=preset.learning_rate,
        momentum=preset.momentum,
        batch_mode=batch_mode, batch_size=preset.batch_size or 16,
        max_epochs=preset.max_epochs, preset=name,
    )


def default_settings() -> NetworkSettings:
    return preset_settings(DEFAULT_PRESET)


def _choice(data: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = data[key]
    if value not in allowed:
        raise ValueError(f"{key}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _text(data: dict, key: str) -> str:
    if not isinstance(data[key], str):
        raise ValueError(f"{key} must be text")
    return data[key]


def _flag(data: dict, key: str) -> bool:
    if not isinstance(data[key], bool):
        raise ValueError(f"{key} must be true or false")
    return data[key]


def _number(data: dict, key: str, bounds: tuple[float, float]) -> float:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{key}: {value!r} is not a finite number")
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(f"{key} = {value:g} is outside {low:g} … {high:g}")
    return float(value)


def _integer(data: dict, key: str, bounds: tuple[int, int]) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key}: {value!r} is not a whole number")
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(f"{key} = {value:,} is outside {low:,} … {high:,}")
    return value


def _sequence(data: dict, key: str) -> list:
    value = data[key]
    if not isinstance(value, list | tuple):
        raise ValueError(f"{key} must be a list")
    return list(value)


def _layers(value: Any) -> tuple[int, ...]:
    if isinstance(value, str):
        return parse_layers(value)
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise ValueError("layers must be a list of whole numbers")
    if any(v < 1 for v in value):
        raise LayerError("every layer needs at least one unit")
    return parse_layers("-".join(str(v) for v in value))
