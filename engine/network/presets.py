"""Named training set-ups shared by the GUI, the tests and the benchmarks.

``"notes"`` is the notes' example exactly: a 2-2-1 sigmoid network from
standard-normal starting values, cross-entropy (so δ^L = a^L − y), the mean
over the four XOR points, learning rate 1, 1000 full-batch epochs, no
momentum.  From random starts it often stalls in a flat region or a local
minimum (see the tests for the share of seeds that solve XOR).

``"recommended"`` is what reliably solves XOR: tanh hidden units (zero
centred, steeper), Glorot/Xavier starting values and momentum 0.9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.network.network import Network
from engine.network.training import TrainingRun


@dataclass(frozen=True)
class Preset:
    """An architecture plus training settings; ``run`` builds the TrainingRun."""

    description: str
    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    init: str
    learning_rate: float
    momentum: float
    batch_size: int | None
    max_epochs: int

    def network(self, seed: int | None = None, n_networks: int | None = None) -> Network:
        """Fresh networks for this preset (network k uses seed + k)."""
        return Network(
            self.layer_sizes, self.activations, self.loss,
            init=self.init, seed=seed, n_networks=n_networks,
        )

    def run(
        self,
        X_train: np.ndarray,
        y_train: np.ndarray,
        seed: int | None = None,
        n_networks: int | None = None,
        **options,
    ) -> TrainingRun:
        """A TrainingRun with this preset's settings; ``options`` go to TrainingRun."""
        settings = dict(
            learning_rate=self.learning_rate,
            momentum=self.momentum,
            batch_size=self.batch_size,
            max_epochs=self.max_epochs,
        )
        settings.update(options)
        return TrainingRun(self.network(seed, n_networks), X_train, y_train, **settings)


PRESETS: dict[str, Preset] = {
    "notes": Preset(
        "The notes' 2-2-1 sigmoid network: N(0, 1) start, learning rate 1, 1000 epochs",
        (2, 2, 1), ("sigmoid", "sigmoid"), "cross_entropy", "standard_normal",
        learning_rate=1.0, momentum=0.0, batch_size=None, max_epochs=1000,
    ),
    "recommended": Preset(
        "2-4-1, tanh hidden + sigmoid output, Xavier start, learning rate 0.5, momentum 0.9",
        (2, 4, 1), ("tanh", "sigmoid"), "cross_entropy", "xavier_he",
        learning_rate=0.5, momentum=0.9, batch_size=None, max_epochs=1000,
    ),
}
