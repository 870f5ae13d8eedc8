"""Named training set-ups shared by the GUI, the tests and the benchmarks.

``"notes"`` is the notes' example exactly: a 2-2-1 sigmoid network from
standard-normal starting values, cross-entropy (so δ^L = a^L − y), the mean
over the four XOR points, learning rate 1, 1000 full-batch epochs, no
momentum.  From random starts it often stalls in a flat region or a local
minimum (see the tests for the share of seeds that solve XOR).

``"recommended"`` is what reliably solves XOR: tanh hidden units (zero
centred, steeper), Glorot/Xavier starting values and momentum 0.9.

``LARGE_DATA`` is how a network trains when a full-batch epoch is slow to watch
(a large CSV through wide layers): mini-batches, with a learning rate they take.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.network.network import Network
from engine.network.training import TrainingRun, full_pass_multiply_adds


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


@dataclass(frozen=True)
class LargeData:
    """Mini-batch updates for data whose full pass costs over ``multiply_adds``.

    Above 30M multiply-adds a full-batch epoch takes ~50 ms or more on one core
    (2-64-64-1 on 75,000 rows: 331M, 110–280 ms), so full batch shows under 20
    updates a second.  Mini-batches of 128 with η ≤ 0.1 and momentum 0.9 trained
    2-32-1 … 2-64-64-64-1, tanh and ReLU, to 98–99 % in two epochs on 75,000 rows
    of [x₀x₁ > 0], where η 0.5 left the ReLU networks at chance.
    """

    multiply_adds: int = 30_000_000
    batch_size: int = 128
    learning_rate: float = 0.1

    def applies(self, n_rows: int, layer_sizes: tuple[int, ...]) -> bool:
        """Whether one full pass of ``layer_sizes`` over ``n_rows`` samples is this large."""
        return full_pass_multiply_adds(n_rows, layer_sizes) > self.multiply_adds


LARGE_DATA = LargeData()
