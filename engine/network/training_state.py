"""What a training run records: targets, accuracy, loss history, snapshots."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer
from engine.network.grids import GridMap


def targets(labels: np.ndarray, n_outputs: int) -> np.ndarray:
    """y as the network's columns: 1 × n of 0/1 for one output, one-hot C × n otherwise."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.number):
        raise ValueError("labels must be a 1-D array of class numbers 0 … C−1")
    n_classes = max(2, n_outputs)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes
                        or not np.array_equal(labels, np.round(labels))):
        raise ValueError(f"labels must be whole numbers 0 … {n_classes - 1} for this network")
    if n_outputs == 1:
        return labels.astype(float)[None, :]
    return np.eye(n_outputs)[:, labels.astype(int)]


def predicted_classes(a_L: np.ndarray) -> np.ndarray:
    """Class per column of a^L (K × N^L × n): a > ½ for one output, else the largest."""
    if a_L.shape[-2] == 1:
        return (a_L[..., 0, :] > 0.5).astype(int)
    return a_L.argmax(axis=-2)


def accuracy(a_L: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Share of columns classified correctly, per network: shape (K,)."""
    return (predicted_classes(a_L) == np.asarray(labels)).mean(axis=-1)


def thin_indices(n: int, limit: int) -> np.ndarray:
    """Every s-th of ``n`` indices so at most ``limit`` (+1) remain, always keeping the last."""
    if n <= limit:
        return np.arange(n)
    stride = -(-n // limit)
    return np.r_[np.arange(0, n - 1, stride), n - 1]


class History:
    """Per-epoch values for K networks as float32 rows, in bounded memory.

    Rows grow by doubling.  Once ``max_rows`` (about 4 million numbers over
    all K networks, and at least 1024 rows) would be passed, every second
    row is dropped and from then on only every 2nd (then 4th, …) epoch is
    kept; ``epochs()`` says which epoch each row belongs to.  For one network
    that is every epoch up to ~4·10⁶ epochs.
    """

    def __init__(self, n_networks: int, max_values: int = 2**22) -> None:
        self.max_rows = max(1024, max_values // n_networks)
        self._rows = np.empty((64, n_networks), dtype=np.float32)
        self._size = 0
        self._stride = 1
        self._seen = 0

    def append(self, row: np.ndarray) -> None:
        self._seen += 1
        if (self._seen - 1) % self._stride:
            return
        if self._size == len(self._rows):
            if self._size >= self.max_rows:
                kept = self._rows[: self._size : 2]
                self._size = len(kept)
                self._rows[: self._size] = kept
                self._stride *= 2
                if (self._seen - 1) % self._stride:
                    return
            else:
                grown = np.empty((2 * len(self._rows), self._rows.shape[1]), dtype=np.float32)
                grown[: self._size] = self._rows[: self._size]
                self._rows = grown
        self._rows[self._size] = row
        self._size += 1

    def array(self, limit: int | None = None) -> np.ndarray:
        """A copy of the kept rows (len × K), or of at most ``limit`` (+1) of them
        evenly spaced, the last kept: the cost follows ``limit``, not the epochs."""
        if limit is None:
            return self._rows[: self._size].copy()
        return self._rows[thin_indices(self._size, limit)]

    def epochs(self, limit: int | None = None) -> np.ndarray:
        """The epoch (counted from 1) of each row :meth:`array` returns."""
        rows = np.arange(self._size) if limit is None else thin_indices(self._size, limit)
        return rows * self._stride + 1


@dataclass(frozen=True)
class TrainingSnapshot:
    """One moment of a TrainingRun; every array is a copy. K = number of networks.

    Losses are the mean cost C over the samples.  ``train_loss``,
    ``train_accuracy`` and the test values are for the current weights;
    ``loss_history`` row e is the mean of the batch costs met during epoch
    ``history_epochs[e]`` (before each batch's update, as scikit-learn's
    ``loss_curve_``), NaN for a network from the epoch it diverged.
    ``weights[m-1]`` is W^m (K × N^m × N^{m−1}),
    ``biases[m-1]`` is b^m (K × N^m × 1), ``grad_norms[k, m-1]`` is
    ‖(∂C/∂W^m, ∂C/∂b^m)‖ of the last batch.  ``solved[k]``: network k
    classifies every training point correctly.  ``train_metrics`` says what
    ``train_loss``, ``train_accuracy`` and ``solved`` measure: "exact" — the
    current weights over the whole training set; "epoch" — the last epoch's
    running means over its mini-batches, each taken before that batch's update
    (a live view of a large data set, where a second full pass costs too much).
    """

    epoch: int
    status: str  # one of training.STATUSES: "running", "converged", "max_epochs", "diverged"
    message: str
    learning_rate: float
    momentum: float
    train_loss: np.ndarray  # (K,)
    test_loss: np.ndarray | None  # (K,)
    train_accuracy: np.ndarray  # (K,)
    test_accuracy: np.ndarray | None  # (K,)
    loss_history: np.ndarray  # rows × K, float32
    test_loss_history: np.ndarray | None  # rows × K, float32, at the end of each epoch
    history_epochs: np.ndarray  # (rows,)
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    grad_norms: np.ndarray  # K × L
    solved: np.ndarray  # (K,) bool
    diverged: np.ndarray  # (K,) bool
    # None with no plane to draw (not 2 inputs) or in a frame without its picture
    grid: GridMap | None  # a^L on the fine grid: K × N^L × R × R
    hidden_grids: tuple[GridMap, ...] | None  # a^m of each hidden layer: K × N^m × r × r
    train_metrics: str = "exact"  # or "epoch", "partial" (see above)
    test_metrics: str = "exact"  # or "epoch"
    batch: int = 0  # updates done in the epoch in progress
    batches_per_epoch: int = 1
    rule: Optimizer | None = None  # the descent rule network 0 trains with (α = η)
