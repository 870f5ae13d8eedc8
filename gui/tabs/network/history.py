"""The one history of the Neural network tab's curves, Qt-free.

A run that goes on from saved or chosen weights is a new TrainingRun whose
epochs count from 0.  ``RunHistory`` holds what was drawn before it (the loss
curve and the epoch it ends at) and every accuracy and gradient-norm point
of the whole story, so the three curves, the epoch count and a saved session
all carry on seamlessly.  The current run's loss per epoch is not copied
here: the engine keeps it (``TrainingSnapshot.loss_history``) and
``losses`` joins the two.
"""

from __future__ import annotations

import numpy as np

from engine.network.training_state import TrainingSnapshot, thin_indices

CURVE_POINTS = 600  # ~2 per pixel of a side-panel plot
SAVED_POINTS = 20_000  # loss values a session keeps (as many as one network's snapshot)
TRAIL_LIMIT = 4000
MEMBER_TRAIL_LIMIT = 400  # per network of a many-starts run: K × (2 + L) values a row


def theta_of(weights: tuple[np.ndarray, ...], biases: tuple[np.ndarray, ...],
             k: int = 0) -> np.ndarray:
    """Network ``k``'s parameters as one vector, in the engine's [W^m | b^m] order."""
    return np.concatenate([np.hstack([W[k], b[k]]).ravel()
                           for W, b in zip(weights, biases, strict=True)])


def thin(epochs: np.ndarray, values: np.ndarray, limit: int = CURVE_POINTS) -> tuple:
    """Every s-th point so at most ``limit`` remain, always keeping the last one."""
    if len(epochs) <= limit:
        return epochs, values
    keep = thin_indices(len(epochs), limit)
    return epochs[keep], values[keep]


class Trail:
    """(epoch, values) samples in bounded memory: when full, every second one is dropped."""

    def __init__(self, limit: int = TRAIL_LIMIT) -> None:
        self.limit = limit
        self.clear()

    def add(self, epoch: int, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=float).ravel()
        if self._size and epoch <= self._epochs[self._size - 1]:
            return
        if self._values.shape[1] != values.size:
            self._values = np.empty((self.limit, values.size))
            self._size = 0
        if self._size == self.limit:
            half = self._size // 2
            self._epochs[:half] = self._epochs[: self._size : 2][:half]
            self._values[:half] = self._values[: self._size : 2][:half]
            self._size = half
        self._epochs[self._size] = epoch
        self._values[self._size] = values
        self._size += 1

    def cut(self, epoch: int) -> None:
        """Forget the samples after ``epoch`` (a run rewound to it records them again)."""
        self._size = int(np.searchsorted(self._epochs[: self._size], epoch, side="right"))

    def clear(self) -> None:
        self._epochs = np.empty(self.limit)
        self._values = np.empty((self.limit, 0))
        self._size = 0

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Views of the kept epochs and values (rows)."""
        return self._epochs[: self._size], self._values[: self._size]


def trail_row(t: TrainingSnapshot, k: int = 0) -> np.ndarray:
    """Network k's point: train accuracy, test accuracy (NaN without test data), ‖∂C/∂θ^m‖."""
    test = np.nan if t.test_accuracy is None else float(t.test_accuracy[k])
    return np.r_[float(t.train_accuracy[k]), test, np.asarray(t.grad_norms[k], dtype=float)]


class MemberTrails:
    """The accuracy and gradient-norm points of all K networks of a many-starts run."""

    def __init__(self) -> None:
        self._trail = Trail(MEMBER_TRAIL_LIMIT)

    def add(self, t: TrainingSnapshot) -> None:
        K = len(t.train_accuracy)
        self._trail.add(t.epoch, np.concatenate([trail_row(t, k) for k in range(K)]))

    def member(self, k: int, K: int) -> tuple[np.ndarray, np.ndarray]:
        """Network k's epochs and rows (train acc, test acc, norms per layer)."""
        epochs, values = self._trail.arrays()
        if not len(epochs):
            return epochs.copy(), np.empty((0, 0))
        width = values.shape[1] // K
        return epochs.copy(), values[:, k * width:(k + 1) * width].copy()


def _thin3(epochs: np.ndarray, train: np.ndarray, test: np.ndarray | None,
           limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    e, tr = thin(epochs, train, limit)
    _, te = thin(epochs, test, limit) if test is not None else (None, None)
    return e, tr, te


class RunHistory:
    """The loss curve drawn before this run, and every accuracy and gradient-norm point."""

    def __init__(self, epochs: np.ndarray | None = None, train: np.ndarray | None = None,
                 test: np.ndarray | None = None,
                 trail: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.epochs = np.empty(0) if epochs is None else np.asarray(epochs, dtype=float)
        self.train = np.empty(0) if train is None else np.asarray(train, dtype=float)
        self.test = None if test is None else np.asarray(test, dtype=float)
        if len(self.train) != len(self.epochs) or (
            self.test is not None and len(self.test) != len(self.epochs)
        ):
            raise ValueError("the loss history's epochs and values differ in length")
        self.trail = Trail()
        if trail is not None:
            for epoch, row in zip(*trail, strict=True):
                self.trail.add(int(epoch), row)

    @property
    def offset(self) -> int:
        """The epoch the continuing run starts from."""
        return int(self.epochs[-1]) if len(self.epochs) else 0

    def total_epochs(self, epoch: int) -> int:
        return self.offset + epoch

    def record(self, t: TrainingSnapshot) -> None:
        """Keep the snapshot's accuracies and gradient norms at its (total) epoch."""
        self.trail.add(self.total_epochs(t.epoch), trail_row(t))

    def cut(self, epoch: int) -> None:
        """The run went back to (total) ``epoch``: its later points are gone."""
        self.trail.cut(epoch)

    def trails(self) -> tuple[np.ndarray, np.ndarray]:
        """Epochs and rows (train acc, test acc, ‖∂C/∂θ^1‖ … ‖∂C/∂θ^L‖) of every point."""
        return self.trail.arrays()

    def losses(self, t: TrainingSnapshot | None, k: int = 0,
               limit: int = CURVE_POINTS) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """The earlier curve followed by network k's curve in ``t``, at most ~2·limit points."""
        pe, ptr, pte = _thin3(self.epochs, self.train, self.test, limit)
        if t is None:
            return pe, ptr, pte
        test_now = None if t.test_loss_history is None else t.test_loss_history[:, k]
        e, tr, te = _thin3(t.history_epochs + self.offset, t.loss_history[:, k], test_now, limit)
        if not len(pe):
            return e, tr, te
        test = None
        if te is not None or pte is not None:
            test = np.concatenate([pte if pte is not None else np.full(len(pe), np.nan),
                                   te if te is not None else np.full(len(e), np.nan)])
        return np.concatenate([pe, e]), np.concatenate([ptr, tr]), test

    def continued(self, t: TrainingSnapshot | None) -> RunHistory:
        """This history with ``t``'s run appended: the start of a run that goes on from it."""
        return RunHistory(*self.losses(t, limit=SAVED_POINTS), trail=self.trails())

    @classmethod
    def of_member(cls, t: TrainingSnapshot, k: int,
                  trail: tuple[np.ndarray, np.ndarray] | None = None) -> RunHistory:
        """Network k's curves from a many-starts snapshot (and its recorded points)."""
        test = None if t.test_loss_history is None else t.test_loss_history[:, k]
        return cls(*_thin3(t.history_epochs, t.loss_history[:, k], test, SAVED_POINTS),
                   trail=trail)
