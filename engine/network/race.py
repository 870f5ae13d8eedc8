"""A race: copies of one network, each trained by another rule of the Gradient descent tab.

R copies of θ₀ become R networks on the engine's K axis and train together,
copy k by rule k (``NetworkOptimizer`` with R rules), on the same batches in
the same order.  Each snapshot holds every copy's loss curve and its path
through parameter space (θ each epoch, thinned evenly once long: at most
``MAX_PATH`` points, fewer for wide networks), so the
paths can be drawn on one loss landscape, as the descent tab draws its racers
on f(x, y).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer
from engine.network.network import Network, random_streams
from engine.network.optimizer import NetworkOptimizer
from engine.network.training import TrainingRun

MAX_PATH = 400  # recorded θ per copy; past it every other one goes (the newest stays)
PATH_NUMBERS = 2_000_000  # and at most this many numbers in all (16 MB), for wide networks


@dataclass(frozen=True)
class RaceSnapshot:
    """The race now: ``paths[k]`` is copy k's θ so far (n × P), ``losses`` R × epochs."""

    epoch: int
    keys: tuple[str, ...]
    losses: np.ndarray  # R × epochs recorded (NaN where a copy had diverged)
    path_epochs: np.ndarray  # the epoch of each recorded θ
    paths: np.ndarray  # R × n × P
    status: str
    message: str
    diverged: np.ndarray


class Race:
    """Train R copies of ``theta`` (P) of ``template``'s architecture, copy k by ``rules[k]``.

    ``batch_size`` and ``shuffle`` as in TrainingRun; every copy meets the
    samples in the same order (one seed for all).  A job (engine.job.Job):
    ``step(n)`` runs n epochs and returns a RaceSnapshot.
    """

    def __init__(self, template: Network, theta: np.ndarray, rules: Sequence[Optimizer],
                 X: np.ndarray, y: np.ndarray, *, max_epochs: int = 1000,
                 batch_size: int | None = None, shuffle: bool = True, seed: int = 0) -> None:
        if not rules:
            raise ValueError("choose at least one optimizer to race")
        theta = np.asarray(theta, dtype=float)
        network = template.with_parameters(np.repeat(theta[None, :], len(rules), axis=0))
        network.seeds = (seed,) * len(rules)
        network.order_rngs = [random_streams(seed)[1] for _ in rules]
        self.keys = tuple(rule.key for rule in rules)
        optimizer = NetworkOptimizer(network, rules=rules)
        self.run = TrainingRun(network, X, y, optimizer=optimizer, max_epochs=max_epochs,
                               batch_size=batch_size, shuffle=shuffle)
        self._paths = [network.params.copy()]
        self._epochs = [0]
        self.max_path = int(np.clip(PATH_NUMBERS // network.params.size, 20, MAX_PATH))

    @property
    def finished(self) -> bool:
        return self.run.finished

    def step(self, n: int) -> RaceSnapshot:
        for _ in range(max(0, int(n))):
            if self.run.finished:
                break
            self.run.run_epochs(1)
            self._record()
        return self.snapshot()

    def _record(self) -> None:
        self._paths.append(self.run.network.params.copy())
        self._epochs.append(self.run.epoch)
        if len(self._paths) > self.max_path:
            self._paths = [*self._paths[:-1:2], self._paths[-1]]
            self._epochs = [*self._epochs[:-1:2], self._epochs[-1]]

    def snapshot(self) -> RaceSnapshot:
        run = self.run
        return RaceSnapshot(
            epoch=run.epoch, keys=self.keys, losses=run.history.array().T.copy(),
            path_epochs=np.array(self._epochs), paths=np.stack(self._paths, axis=1),
            status=run.status, message=run.message, diverged=run.diverged.copy())
