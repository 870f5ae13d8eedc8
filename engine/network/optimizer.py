"""The update rule of every TrainingRun: a rule of the Gradient descent tab on θ.

Network k's P weights and biases are one point of ``engine.descent.optimizers``
(row k of the K × P block ``params``) and ∂C/∂θ from backprop is its gradient,
so the network trains with the very rules that race on surfaces f(x, y):

    θ ← θ + Δθ,    Δθ from the rule; the notes' momentum is
    Δθ(t) = −η ∂C/∂θ + μ Δθ(t−1)   (Momentum with α = η, μ; μ = 0 is plain descent)

with an optional L2 penalty that adds λW to ∂C/∂W (biases are not penalised).
A race gives each block of rows (copies of one network) a rule of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Momentum, Nesterov, Optimizer, State
from engine.network.network import Network

GradientAt = Callable[[np.ndarray], np.ndarray]  # θ (K × P) → ∂C/∂θ on the same batch


@dataclass
class Group:
    """Rows ``rows`` of the K networks, moved by ``rule`` with its memory ``state``."""

    rule: Optimizer
    rows: slice
    state: State


class NetworkOptimizer:
    """θ ← θ + Δθ for all K networks, Δθ from each row block's descent rule.

    Without ``rules``: the notes' momentum, Momentum(α = ``learning_rate``,
    μ = ``momentum``), for every network.  With ``rules`` (R of them, K a
    multiple of R): the k-th block of K / R networks follows rule k.
    ``learning_rate`` (η = α), ``momentum`` (μ) and ``l2`` (λ) take effect at
    the next update.  ``dC_dW``, ``dC_db`` are the gradient arrays backprop
    fills (views of ``gradient``, K × P).
    """

    def __init__(self, network: Network, learning_rate: float = 0.5, momentum: float = 0.0,
                 l2: float = 0.0, rules: Sequence[Optimizer] | None = None) -> None:
        self.network = network
        self.l2 = float(l2)
        K, P = network.n_networks, network.n_parameters
        if rules is None:
            rules = [Momentum(alpha=learning_rate, mu=momentum, offered_ranges=False)]
        if not rules or K % len(rules):
            raise ValueError(f"{K} networks cannot be shared out among {len(rules)} rules")
        size = K // len(rules)
        self.groups = [Group(rule, slice(i * size, (i + 1) * size), rule.init_state(size, P))
                       for i, rule in enumerate(rules)]
        self.grads = network.new_parameters()
        self.gradient, self.dC_dW, self.dC_db = self.grads.flat, self.grads.W, self.grads.b
        self.frozen: np.ndarray | None = None  # K × 1 of 0/1; 0 stops a diverged network

    @property
    def rules(self) -> tuple[Optimizer, ...]:
        return tuple(group.rule for group in self.groups)

    @property
    def looks_ahead(self) -> bool:
        """True if some rule needs ∂C/∂θ away from θ (Nesterov's look-ahead)."""
        for group in self.groups:  # asked every batch: a loop, not any() over a generator
            if isinstance(group.rule, Nesterov):
                return True
        return False

    @property
    def learning_rate(self) -> float:
        """η, the step size α of the (first) rule."""
        return self.groups[0].rule.values()["alpha"]

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        for group in self.groups:
            group.rule = group.rule.with_values(alpha=value)

    @property
    def momentum(self) -> float:
        """μ of the (first) rule; 0 for rules without momentum."""
        return self.groups[0].rule.values().get("mu", 0.0)

    @momentum.setter
    def momentum(self, value: float) -> None:
        for group in self.groups:
            if "mu" in group.rule.values():
                group.rule = group.rule.with_values(mu=value)

    def use(self, rule: Optimizer) -> bool:
        """Every network moves by ``rule`` from the next update on; True if that meant
        fresh memory (another kind of rule: its velocity, moments and step count start
        at 0), False if only its values changed (the memory carries on, as η does)."""
        fresh = False
        for group in self.groups:
            if type(group.rule) is not type(rule):
                size = group.rows.stop - group.rows.start
                group.state = rule.init_state(size, self.network.n_parameters)
                fresh = True
            group.rule = rule
        return fresh

    def __getstate__(self) -> dict:
        # the gradient views would be pickled as copies, cut off from ``grads``
        views = ("grads", "gradient", "dC_dW", "dC_db")
        state = {key: value for key, value in self.__dict__.items() if key not in views}
        state["gradient"] = self.grads.flat
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.grads = self.network.new_parameters(self.gradient)
        self.dC_dW, self.dC_db = self.grads.W, self.grads.b

    def forget(self, rows: np.ndarray) -> None:
        """The rules' memory (velocity, moments, step count) of networks ``rows`` back to 0."""
        for group in self.groups:
            mine = rows[group.rows]
            for memory in group.state.values():
                memory[mine] = 0.0

    def update(self, gradient_at: GradientAt | None = None) -> None:
        """One step with the gradient in ``dC_dW``, ``dC_db``; ``gradient_at`` gives
        ∂C/∂θ of the same batch at other θ (needed only if ``looks_ahead``)."""
        self._adjust(self.gradient, self.dC_dW, self.network.W)
        params = self.network.params
        if len(self.groups) == 1 and gradient_at is None:
            # one rule for every network: no row views to cut (the same step, sooner)
            group = self.groups[0]
            params += group.rule.step(params, None, group.state, self.gradient)
            return
        for group in self.groups:
            rows = group.rows
            grad_fn = None if gradient_at is None else self._rows_gradient(gradient_at, rows)
            params[rows] += group.rule.step(params[rows], grad_fn, group.state,
                                            self.gradient[rows])

    def _adjust(self, gradient: np.ndarray, dC_dW: list[np.ndarray],
                W: list[np.ndarray]) -> None:
        """The L2 term λW^m into each ∂C/∂W^m (views of ``gradient``, K × P), and
        zero for frozen networks."""
        if self.l2:
            for gW, W_m in zip(dC_dW, W, strict=True):
                gW += self.l2 * W_m
        if self.frozen is not None:
            gradient *= self.frozen

    def _rows_gradient(self, gradient_at: GradientAt, rows: slice) -> Callable:
        def grad_fn(theta_rows: np.ndarray) -> np.ndarray:
            theta = self.network.params.copy()
            theta[rows] = theta_rows
            gradient = gradient_at(theta)
            new = self.network.new_parameters
            self._adjust(gradient, new(gradient).W, new(theta).W)
            return gradient[rows]

        return grad_fn
