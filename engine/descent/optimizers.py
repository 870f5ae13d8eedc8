"""Descent rules, each vectorised over k points at once (arrays of shape k × n).

A point is a row: (x, y) of a surface (n = 2) for the Gradient descent tab, or
the P weights and biases of one of K networks (n = P) for the Neural network
tab, which trains with these same rules.  Every optimizer is a small frozen
dataclass holding its hyper-parameters.  ``init_state(k, n)`` gives the
per-point memory (velocity, moment estimates, …); ``step(x, grad_fn, state)``
returns the change Δx and updates ``state`` in place; ``update`` is x + Δx.
All rows move independently, so a sweep of thousands of starts, or K networks,
is one NumPy loop.  Hyper-parameters are validated on construction; change them
with ``with_values(alpha=…)``, which returns a new optimizer (the state carries
over).

Signs follow the correct mathematics, not the notes: descent steps *against*
the gradient, x ← x − α∇f(x) (DESIGN.md §3, erratum 3).  Momentum is the notes'
update ``w ← w − ηδa + αΔw⁽ᵗ⁻¹⁾`` written as v ← μv − α∇f, x ← x + v.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Self

import numpy as np

__all__ = [
    "OPTIMIZERS",
    "AdaGrad",
    "Adam",
    "GradFn",
    "GradientDescent",
    "HyperParameter",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSProp",
    "State",
    "make",
]

State = dict[str, np.ndarray]
_UNIFORM_CHECK = 64  # from this many points on, Adam looks for one shared step count
GradFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class HyperParameter:
    """What a GUI needs to put one hyper-parameter on a control.

    ``low``/``high`` are inclusive unless ``open_high`` (then value < high).
    ``log`` suggests a logarithmic slider.
    """

    name: str
    symbol: str  # LaTeX
    label: str
    low: float
    high: float
    log: bool = False
    open_high: bool = False

    def check(self, value: object, offered: bool = True) -> float:
        """``value`` as a float, or ValueError with a message a person can act on.

        ``offered`` False asks only that the value make sense: at least 0, and below 1
        for the decays (``open_high``), of any size otherwise.
        """
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"{self.label} must be a number, not {value!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"{self.label} must be a finite number")
        low = self.low if offered else 0.0
        high = self.high if offered or self.open_high else math.inf
        too_high = number >= high if self.open_high else number > high
        if number < low or too_high:
            upper = f"below {high:g}" if self.open_high else f"at most {high:g}"
            raise ValueError(f"{self.label} must be at least {low:g} and {upper}")
        return number


def _param(default: float, symbol: str, label: str, low: float, high: float,
           log: bool = False, open_high: bool = False) -> Any:  # fmt: skip
    spec = HyperParameter("", symbol, label, low, high, log, open_high)
    return field(default=default, metadata={"spec": spec})


@dataclass(frozen=True)
class Optimizer:
    """Base class: validation, introspection and the shared ``update`` contract."""

    key: ClassVar[str]
    name: ClassVar[str]
    latex: ClassVar[str]  # the update rule, for the GUI's formula panel

    # False: hyper-parameters need only make sense (HyperParameter.check), not lie in
    # the ranges offered; the network's learning rate η runs from 0 to any size
    offered_ranges: bool = field(default=True, kw_only=True, repr=False)

    def __post_init__(self) -> None:
        for spec in self.hyperparameters():
            value = spec.check(getattr(self, spec.name), self.offered_ranges)
            object.__setattr__(self, spec.name, value)

    @classmethod
    def hyperparameters(cls) -> tuple[HyperParameter, ...]:
        """The tunable fields, in declaration order, with their ranges."""
        return tuple(replace(f.metadata["spec"], name=f.name)
                     for f in fields(cls) if "spec" in f.metadata)

    def values(self) -> dict[str, float]:
        """Current hyper-parameter values by field name (JSON-able)."""
        return {spec.name: getattr(self, spec.name) for spec in self.hyperparameters()}

    def with_values(self, **values: float) -> Self:
        """A copy with some hyper-parameters changed (validated: ValueError if bad)."""
        unknown = set(values) - {spec.name for spec in self.hyperparameters()}
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(sorted(unknown))}")
        return replace(self, **values)

    def init_state(self, k: int, n: int = 2) -> State:
        """Per-point memory for ``k`` points of ``n`` coordinates (empty for plain descent)."""
        return {}

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """The change Δx of each point (k × n), the rule's memory in ``state`` moved on
        in place; ``grad`` is ∇f(x) if already known.  Δx may be one of the
        ``state`` arrays itself: read it, never write into it."""
        raise NotImplementedError

    def update(self, x: np.ndarray, grad_fn: GradFn, state: State,
               grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """Next points x + Δx from ``x`` (k × n); ``grad`` is ∇f(x) if already known.

        x + (−q) is x − q to the last bit, so this is the rule as its formula reads.
        """
        return x + self.step(x, grad_fn, state, grad)


@dataclass(frozen=True)
class GradientDescent(Optimizer):
    """Plain gradient descent: x ← x − α∇f(x)."""

    key: ClassVar[str] = "gd"
    name: ClassVar[str] = "Gradient descent"
    latex: ClassVar[str] = r"x \leftarrow x - \alpha \nabla f(x)"

    alpha: float = _param(0.01, r"\alpha", "step size α", 1e-6, 10.0, log=True)

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        g = grad_fn(x) if grad is None else grad
        return np.multiply(g, -self.alpha)  # (−α)g is −(αg) exactly


@dataclass(frozen=True)
class Momentum(Optimizer):
    """The notes' momentum: v ← μv − α∇f(x), x ← x + v (v is the previous update Δx)."""

    key: ClassVar[str] = "momentum"
    name: ClassVar[str] = "Momentum"
    latex: ClassVar[str] = (
        r"v \leftarrow \mu v - \alpha \nabla f(x),\quad x \leftarrow x + v"
    )

    alpha: float = _param(0.001, r"\alpha", "step size α", 1e-6, 10.0, log=True)
    mu: float = _param(0.9, r"\mu", "momentum μ", 0.0, 1.0, open_high=True)

    def init_state(self, k: int, n: int = 2) -> State:
        return {"v": np.zeros((k, n))}

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        return self._push(state, grad_fn(x) if grad is None else grad)

    def _push(self, state: State, g: np.ndarray) -> np.ndarray:
        """v ← μv − αg in place; v is the step."""
        v = state["v"]
        v *= self.mu
        v -= self.alpha * g
        return v


@dataclass(frozen=True)
class Nesterov(Momentum):
    """Nesterov momentum: v ← μv − α∇f(x + μv), x ← x + v (gradient at the look-ahead)."""

    key: ClassVar[str] = "nesterov"
    name: ClassVar[str] = "Nesterov"
    latex: ClassVar[str] = (
        r"v \leftarrow \mu v - \alpha \nabla f(x + \mu v),\quad x \leftarrow x + v"
    )

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        # ∇f(x) is of no use here: the step needs the gradient where momentum leads
        return self._push(state, grad_fn(x + self.mu * state["v"]))


def _scaled(g: np.ndarray, alpha: float, accumulated: np.ndarray, eps: float) -> np.ndarray:
    """−αg / (√accumulated + ε), per coordinate (the negated step of AdaGrad and RMSProp)."""
    step = np.multiply(g, -alpha)
    denominator = np.sqrt(accumulated)
    denominator += eps
    step /= denominator
    return step


@dataclass(frozen=True)
class AdaGrad(Optimizer):
    """AdaGrad: G ← G + ∇f², x ← x − α∇f / (√G + ε), per coordinate."""

    key: ClassVar[str] = "adagrad"
    name: ClassVar[str] = "AdaGrad"
    latex: ClassVar[str] = (
        r"G \leftarrow G + (\nabla f)^2,\quad "
        r"x \leftarrow x - \frac{\alpha\, \nabla f}{\sqrt{G} + \varepsilon}"
    )

    alpha: float = _param(0.5, r"\alpha", "step size α", 1e-6, 10.0, log=True)
    eps: float = _param(1e-8, r"\varepsilon", "stabiliser ε", 1e-12, 1.0, log=True)

    def init_state(self, k: int, n: int = 2) -> State:
        return {"G": np.zeros((k, n))}

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        g = grad_fn(x) if grad is None else grad
        G = state["G"]
        G += g * g
        return _scaled(g, self.alpha, G, self.eps)


@dataclass(frozen=True)
class RMSProp(Optimizer):
    """RMSProp: s ← ρs + (1 − ρ)∇f², x ← x − α∇f / (√s + ε), per coordinate."""

    key: ClassVar[str] = "rmsprop"
    name: ClassVar[str] = "RMSProp"
    latex: ClassVar[str] = (
        r"s \leftarrow \rho s + (1-\rho)(\nabla f)^2,\quad "
        r"x \leftarrow x - \frac{\alpha\, \nabla f}{\sqrt{s} + \varepsilon}"
    )

    alpha: float = _param(0.01, r"\alpha", "step size α", 1e-6, 10.0, log=True)
    rho: float = _param(0.9, r"\rho", "decay ρ", 0.0, 1.0, open_high=True)
    eps: float = _param(1e-8, r"\varepsilon", "stabiliser ε", 1e-12, 1.0, log=True)

    def init_state(self, k: int, n: int = 2) -> State:
        return {"s": np.zeros((k, n))}

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        g = grad_fn(x) if grad is None else grad
        s = state["s"]
        s *= self.rho
        s += _decayed_square(g, self.rho)
        return _scaled(g, self.alpha, s, self.eps)


def _decayed_square(g: np.ndarray, decay: float) -> np.ndarray:
    """(1 − decay)·g·g, in that order (so every rule rounds as its formula reads)."""
    square = (1.0 - decay) * g
    square *= g
    return square


@dataclass(frozen=True)
class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba 2015).

    m ← β₁m + (1 − β₁)∇f, v ← β₂v + (1 − β₂)∇f², m̂ = m / (1 − β₁ᵗ),
    v̂ = v / (1 − β₂ᵗ), x ← x − α m̂ / (√v̂ + ε); t counts each point's own steps.
    """

    key: ClassVar[str] = "adam"
    name: ClassVar[str] = "Adam"
    latex: ClassVar[str] = (
        r"m \leftarrow \beta_1 m + (1-\beta_1)\nabla f,\ "
        r"v \leftarrow \beta_2 v + (1-\beta_2)(\nabla f)^2,\ "
        r"x \leftarrow x - \frac{\alpha\, \hat m}{\sqrt{\hat v} + \varepsilon},\ "
        r"\hat m = \frac{m}{1-\beta_1^t},\ \hat v = \frac{v}{1-\beta_2^t}"
    )

    alpha: float = _param(0.01, r"\alpha", "step size α", 1e-6, 10.0, log=True)
    beta1: float = _param(0.9, r"\beta_1", "first-moment decay β₁", 0.0, 1.0, open_high=True)
    beta2: float = _param(0.999, r"\beta_2", "second-moment decay β₂", 0.0, 1.0,
                          open_high=True)  # fmt: skip
    eps: float = _param(1e-8, r"\varepsilon", "stabiliser ε", 1e-12, 1.0, log=True)

    def init_state(self, k: int, n: int = 2) -> State:
        return {"m": np.zeros((k, n)), "v": np.zeros((k, n)), "t": np.zeros((k, 1))}

    def step(self, x: np.ndarray, grad_fn: GradFn, state: State,
             grad: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        g = grad_fn(x) if grad is None else grad
        b1, b2 = self.beta1, self.beta2
        # The formulas above, operation for operation (so the same numbers), written into
        # the state and as few fresh arrays as possible: a sweep of 10⁴ starts, or a
        # network's training, is bound by memory traffic.
        m, v, t = state["m"], state["v"], state["t"]
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        v += _decayed_square(g, b2)
        t += 1.0
        if len(t) > _UNIFORM_CHECK and t[0, 0] == t.min() == t.max():
            t = t[:1]  # all points on the same step: β₁ᵗ and β₂ᵗ once, not per point
        m_hat = m / (1.0 - b1**t)
        v_hat = v / (1.0 - b2**t)
        np.sqrt(v_hat, out=v_hat)
        v_hat += self.eps
        m_hat *= -self.alpha  # (−α)m̂ / d is −(αm̂ / d) exactly
        m_hat /= v_hat
        return m_hat


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.key: cls for cls in (GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam)
}


def make(key: str, **values: float) -> Optimizer:
    """The optimizer registered as ``key`` (see ``OPTIMIZERS``) with some values set."""
    try:
        cls = OPTIMIZERS[key]
    except KeyError:
        choices = ", ".join(OPTIMIZERS)
        raise ValueError(f"unknown optimizer {key!r}; choose one of {choices}") from None
    return cls(**values)
