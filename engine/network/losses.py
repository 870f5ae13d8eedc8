"""Cost functions C(a^L, y) and the output error δ^L = ∂C/∂z^L.

Columns are samples; the output units run along axis −2.  ``cost`` returns
the cost of every output unit of every sample (sum over axis −2 for one
sample's C); the network averages over samples.

Note on the notes: for squared error C = ½(y − a)ᵀ(y − a) the notes give
∂C/∂a = y − a; the correct slope is ∂C/∂a = a − y.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache

import numpy as np

from engine.network.activations import Activation, Sigmoid, Softmax

_EPS = 1e-15
"""Keeps log away from 0 where no closed form from z is available."""


@dataclass(frozen=True)
class Loss(ABC):
    """A cost function with its formulas for display."""

    name: str
    latex: str
    dC_da_latex: str

    @abstractmethod
    def cost(self, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per-unit, per-sample cost; C for one sample is the sum over axis −2."""

    @abstractmethod
    def dC_da(self, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """∂C/∂a^L for one sample's C, element-wise."""


class SquaredError(Loss):
    """C = ½(y − a)ᵀ(y − a), ∂C/∂a = a − y."""

    def cost(self, a, y):
        return 0.5 * (y - a) ** 2

    def dC_da(self, a, y):
        return a - y


class BinaryCrossEntropy(Loss):
    """C = −[y log a + (1 − y) log(1 − a)], ∂C/∂a = (a − y) / (a(1 − a))."""

    def cost(self, a, y):
        a = np.clip(a, _EPS, 1.0 - _EPS)
        return -(y * np.log(a) + (1.0 - y) * np.log1p(-a))

    def dC_da(self, a, y):
        a = np.clip(a, _EPS, 1.0 - _EPS)
        return (a - y) / (a * (1.0 - a))


class CategoricalCrossEntropy(Loss):
    """C = −Σ_i y_i log a_i for one-hot y, ∂C/∂a_i = −y_i / a_i."""

    def cost(self, a, y):
        return -y * np.log(np.clip(a, _EPS, None))

    def dC_da(self, a, y):
        return -y / np.clip(a, _EPS, None)


LOSSES: dict[str, Loss] = {
    "squared_error": SquaredError(
        "squared_error",
        r"C = \tfrac{1}{2} (y - a^L)^\top (y - a^L)",
        r"\frac{\partial C}{\partial a^L} = a^L - y",
    ),
    "cross_entropy": BinaryCrossEntropy(
        "cross_entropy",
        r"C = -\left[ y \log a^L + (1 - y) \log(1 - a^L) \right]",
        r"\frac{\partial C}{\partial a^L} = \frac{a^L - y}{a^L (1 - a^L)}",
    ),
    "categorical_cross_entropy": CategoricalCrossEntropy(
        "categorical_cross_entropy",
        r"C = -\sum_i y_i \log a^L_i",
        r"\frac{\partial C}{\partial a^L_i} = -\frac{y_i}{a^L_i}",
    ),
}
"""The cost functions by name."""


def get_loss(name: str) -> Loss:
    """The cost function called ``name`` (see ``LOSSES``)."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None


def check_pair(loss: Loss, output: Activation) -> None:
    """Reject output layer / cost pairs whose δ^L this module cannot form."""
    if isinstance(output, Softmax) != isinstance(loss, CategoricalCrossEntropy):
        raise ValueError("softmax output and categorical cross-entropy go together, only")
    if isinstance(loss, BinaryCrossEntropy) and not isinstance(output, Sigmoid):
        # log a and log(1 − a) need every output inside (0, 1)
        raise ValueError("cross-entropy needs a sigmoid output layer (outputs in (0, 1))")


@cache
def _from_z(loss: type, output: type) -> str:
    """"sigmoid" (sigmoid + cross-entropy) or "softmax" (softmax + categorical cross-entropy)
    where C and δ^L are formed from z^L directly, "" otherwise; by class, worked out once
    (a check per batch cost as much as a small batch's arithmetic)."""
    if issubclass(loss, BinaryCrossEntropy) and issubclass(output, Sigmoid):
        return "sigmoid"
    if issubclass(loss, CategoricalCrossEntropy) and issubclass(output, Softmax):
        return "softmax"
    return ""


def output_cost(
    loss: Loss,
    output: Activation,
    z: np.ndarray,
    a: np.ndarray,
    y: np.ndarray,
    out: np.ndarray | None = None,
    lse: np.ndarray | None = None,
) -> np.ndarray:
    """Per-unit, per-sample cost, computed from z^L where that is exact and safe.

    Sigmoid + cross-entropy: C = log(1 + e^{βz}) − yβz (= −y log a − (1−y) log(1−a)).
    Softmax + categorical cross-entropy: C = y_i (logsumexp(z) − z_i), with
    logsumexp(z) from ``lse`` when the softmax of this z^L wrote it (the same numbers).
    Both avoid log(0) without clipping; other pairs clip a away from 0 and 1.
    """
    pair = _from_z(type(loss), type(output))
    if pair == "sigmoid":
        bz = z if output.beta == 1.0 else output.beta * z
        c = np.logaddexp(0.0, bz, out=out)
        c -= y * bz
        return c
    if pair == "softmax":
        if lse is None:
            z_max = z.max(axis=-2, keepdims=True)
            lse = z_max + np.log(np.exp(z - z_max).sum(axis=-2, keepdims=True))
        c = np.subtract(lse, z, out=out)
        c *= y
        return c
    if out is None:
        return loss.cost(a, y)
    out[...] = loss.cost(a, y)
    return out


def output_delta(
    loss: Loss,
    output: Activation,
    z: np.ndarray,
    a: np.ndarray,
    y: np.ndarray,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """δ^L = ∂C/∂z^L = ∂C/∂a^L ∘ ∂a^L/∂z^L for one sample's C.

    Sigmoid + cross-entropy simplifies to δ^L = β(a^L − y) (the notes' a^L − y
    for β = 1), and softmax + categorical cross-entropy to δ^L = a^L − y; both
    avoid dividing by a(1 − a), which is 0 once the sigmoid saturates.
    """
    if _from_z(type(loss), type(output)):
        out = np.subtract(a, y, out=out)
        if output.beta != 1.0:
            out *= output.beta
        return out
    return np.multiply(loss.dC_da(a, y), output.derivative(z, a), out=out)
