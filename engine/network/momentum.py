"""The update rule of every TrainingRun: gradient descent with momentum, in place.

    Δw(t) = −η ∂C/∂w + μ Δw(t−1),      w ← w + Δw(t)

with an optional L2 penalty that adds λW to ∂C/∂W (biases are not penalised).
"""

from __future__ import annotations

import numpy as np

from engine.network.network import Network


class GradientDescent:
    """Δw(t) = −η ∂C/∂w + μ Δw(t−1); w ← w + Δw, for all K networks at once.

    ``learning_rate`` (η), ``momentum`` (μ) and ``l2`` (λ) are plain attributes:
    a change takes effect at the next update.  ``dC_dW``, ``dC_db`` are the
    gradient arrays backprop fills; ``velocity`` holds Δw(t−1).
    """

    def __init__(
        self, network: Network, learning_rate: float, momentum: float = 0.0, l2: float = 0.0
    ) -> None:
        self.network = network
        self.learning_rate = float(learning_rate)
        self.momentum = float(momentum)
        self.l2 = float(l2)
        self.grads = network.new_parameters()
        self.gradient, self.dC_dW, self.dC_db = self.grads.flat, self.grads.W, self.grads.b
        self.velocity = np.zeros_like(self.gradient)
        self._step = np.empty_like(self.gradient)
        self.frozen: np.ndarray | None = None  # K × 1 of 0/1; 0 stops a diverged network

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

    def update(self) -> None:
        """Apply one step with the gradient currently in ``dC_dW``, ``dC_db``."""
        if self.l2:
            for gW, W in zip(self.dC_dW, self.network.W, strict=True):
                gW += self.l2 * W
        if self.frozen is not None:
            self.gradient *= self.frozen
        # Δw = −η g + μ Δw(t−1), written in place over the whole K × P block
        if self.momentum:
            np.multiply(self.gradient, -self.learning_rate, out=self._step)
            self.velocity *= self.momentum
            self.velocity += self._step
        else:
            np.multiply(self.gradient, -self.learning_rate, out=self.velocity)
        self.network.params += self.velocity
