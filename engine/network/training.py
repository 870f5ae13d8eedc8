"""Gradient descent with momentum (or any rule of the Gradient descent tab) on a Network,
as a job the GUI can drive.

One update, exactly as in the notes (momentum is *not* regularization):

    Δw(t) = −η ∂C/∂w + μ Δw(t−1),      w ← w + Δw(t)

or, with an ``optimizer`` given rules (engine.network.optimizer), Nesterov,
AdaGrad, RMSProp or Adam on the flattened parameters θ,
with an optional L2 penalty (λ/2)‖W‖² that adds λW to ∂C/∂W (biases are not
penalised).  Full batch, mini-batch and online (batch size 1) are the same
loop with different batch sizes; mini-batches are reshuffled every epoch
from each network's own seeded stream, so network k of K trains exactly as
it would alone with the same seed.  A run advances by epochs (``run_epochs``)
or by updates (``run_batches``, one mini-batch each, possibly stopping part-way
through an epoch); both meet the same batches in the same order, so they give
the same numbers bit for bit however the work is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, partial
from itertools import pairwise

import numpy as np

from engine.network.grids import GridSpec
from engine.network.network import Network, Workspace, with_ones
from engine.network.optimizer import NetworkOptimizer
from engine.network.training_report import RunReport
from engine.network.training_state import (
    History,
    TrainingSnapshot,
    accuracy,
    predicted_classes,
    targets,
)
from engine.network.training_stops import RunStops

__all__ = ["STATUSES", "NetworkOptimizer", "TrainingRun", "estimated_bytes",
           "full_pass_multiply_adds"]

STATUSES = ("running", "converged", "max_epochs", "diverged")

LOSS_EXPLOSION = 1e3
"""A network has diverged once its loss passes this many times max(1, first epoch's loss):
saturated units keep a huge learning rate's weights finite, but the loss gives it away."""


FULL_PASS_MULTIPLY_ADDS = 2_000_000
"""Above this many multiply-adds (n samples × K × Σ (N^{m−1} + 1)·N^m, ~1 ms) a live
snapshot takes the training loss and accuracy from the epoch rather than a new pass."""


def full_pass_multiply_adds(n_rows: int, layer_sizes: Sequence[int], n_networks: int = 1) -> int:
    """Multiply-adds of one forward pass over ``n_rows`` samples:
    n × K × Σ_m (N^{m−1} + 1)·N^m (W^m a^{m−1} + b^m for every sample)."""
    return n_rows * n_networks * sum((a + 1) * b for a, b in pairwise(layer_sizes))


PARAMETER_COPIES = 9  # θ, ∂C/∂θ, the rule's memory (2) and step, 2 backups, a snapshot's W, ∂C/∂W


def estimated_bytes(network: Network, n_train: int, batch_size: int | None = None,
                    n_test: int = 0) -> int:
    """About the most memory a TrainingRun of ``network`` holds, in bytes.

    Buffers kept for a batch, the last (smaller) batch and the test set; a
    snapshot's passes over the training and test sets; the copies of θ; the
    data, and (for mini-batches) each network's shuffled copy of the training
    set.  A grid's forward pass is one network at a time and not counted.
    """
    B = n_train if batch_size is None else max(1, min(int(batch_size), n_train))
    columns = B + n_train % B + n_train
    sizes = network.layer_sizes
    row = sizes[0] + 1 + sizes[-1]  # [a^0; 1] and y of one sample
    copies = 2 + (network.n_networks if B < n_train else 0)
    data = copies * row * n_train + 2 * row * n_test
    values = (network.workspace_values(columns)
              + network.workspace_values(2 * n_test, backward=False)  # forward passes only
              + PARAMETER_COPIES * network.n_networks * network.n_parameters + data)
    return 8 * values


class TrainingRun(RunStops, RunReport):
    """Train a Network on (X, y) a few epochs at a time (implements engine.job.Job).

    X has samples as rows (n × N^0) and y class labels 0 … C−1; a single
    output unit is trained towards y, C > 1 outputs towards one-hot y.
    ``batch_size`` None means full batch.  The run stops as ``converged``
    when, for every live network, the epoch loss has not improved by ``tol``
    for ``n_iter_no_change`` epochs (``tol`` > 0) or ‖∂C/∂θ‖ < ``grad_tol``;
    as ``max_epochs``; or as ``diverged`` when loss or weights stop being
    finite or the loss explodes (``LOSS_EXPLOSION``), keeping the weights of
    the epoch before (with K networks, each diverged one is frozen and the
    rest train on).  ``grid_resolution`` (with an
    optional ``domain`` = (x_min, x_max, y_min, y_max)) adds the output on a
    grid and each hidden unit on a ``hidden_grid_resolution`` grid to every
    snapshot, for 2-D inputs (the hidden units only while ``hidden_maps``).
    With ``running_metrics`` (a live view), a run whose full pass over the
    training set is costly (``FULL_PASS_MULTIPLY_ADDS``) also counts each
    epoch's correct answers batch by batch, and its snapshot reports the last
    epoch's running loss and accuracy instead of a second pass (``train_metrics``
    = "epoch"; part-way through the first epoch, the running means of its batches
    so far: "partial"), and the test set's as measured at the end of the last
    epoch (``test_metrics`` = "epoch" when updates of the next one came since).
    """

    def __init__(
        self,
        network: Network,
        X_train: np.ndarray,
        y_train: np.ndarray,
        *,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        learning_rate: float = 0.5,
        momentum: float = 0.0,
        l2: float = 0.0,
        batch_size: int | None = None,
        shuffle: bool = True,
        max_epochs: int = 1000,
        tol: float = 0.0,
        n_iter_no_change: int = 10,
        grad_tol: float = 0.0,
        grid_resolution: int | None = None,
        hidden_grid_resolution: int = 40,
        domain: tuple[float, float, float, float] | None = None,
        optimizer: NetworkOptimizer | None = None,
        hidden_maps: bool = True,
        running_metrics: bool = False,
    ) -> None:
        self.network = network
        self.optimizer = optimizer or NetworkOptimizer(network, learning_rate, momentum, l2)
        n_out = network.layer_sizes[-1]
        self._X_rows = np.asarray(X_train, dtype=float)
        # inputs are stored once as [a^0; 1] (see network.Workspace) in both layouts; the
        # rows first, written in one pass (a transposed copy of the data is the slow part)
        n_rows, n_features = self._X_rows.shape
        self._X1_rows = np.empty((n_rows, n_features + 1))
        self._X1_rows[:, :n_features], self._X1_rows[:, n_features] = self._X_rows, 1.0
        self._Y = targets(y_train, n_out)
        self._Y_rows = np.ascontiguousarray(self._Y.T)
        self._y_train = np.asarray(y_train)
        self._test = None
        if X_test is not None and y_test is not None and len(X_test):
            X_test1 = np.ascontiguousarray(with_ones(np.asarray(X_test, dtype=float).T))
            self._test = (X_test1, targets(y_test, n_out), np.asarray(y_test))
        n = n_rows
        self.batch_size = n if batch_size is None else max(1, min(int(batch_size), n))
        self.shuffle = bool(shuffle)
        self._max_epochs = int(max_epochs)
        self.tol, self.grad_tol = float(tol), float(grad_tol)
        self.n_iter_no_change = int(n_iter_no_change)
        self.grid = GridSpec.for_data(self._X_rows, grid_resolution, hidden_grid_resolution, domain)
        K = network.n_networks
        self.hidden_maps, self.running_metrics = bool(hidden_maps), bool(running_metrics)
        self._costly = full_pass_multiply_adds(n, network.layer_sizes, K) > (
            FULL_PASS_MULTIPLY_ADDS)  # fmt: skip
        # (epoch, loss, accuracy) measured during that epoch: the training set's running
        # means, and the test set's at the epoch's end (the weights a snapshot shows)
        self._epoch_metrics: tuple[int, np.ndarray, np.ndarray] | None = None
        self._test_metrics: tuple[int, np.ndarray, np.ndarray] | None = None
        self._correct = np.zeros(K)
        self.epoch = 0
        # the epoch in progress: updates done (0 between epochs), its running
        # Σ_j C_j · B_j / n so far, and its sample order (K × n) when shuffled
        self.batch = 0
        self._loss: np.ndarray | None = None
        self._order_now: np.ndarray | None = None
        self.status = "running"
        self.message = "ready"
        self.diverged = np.zeros(K, dtype=bool)
        self.history = History(K)
        self.test_history = History(K) if self._test is not None else None
        self._workspaces = {}
        self._grid_workspaces: dict[int, Workspace] = {}  # by grid resolution
        self._shuffled: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # _shuffle
        # θ at the start of this epoch and of the one before: a diverged epoch's loss was
        # measured on this epoch's θ already, so the last sane weights are the older ones
        self._backup = network.params.copy()
        self._previous = network.params.copy()
        self._inverse_limit = np.zeros(K)  # 1 / loss limit; 0 until the first epoch sets it
        self._best = np.full(K, np.inf)
        self._stale = np.zeros(K, dtype=int)

    @cached_property
    def _X1(self) -> np.ndarray:
        """[a^0; 1] with samples as columns, made on first use: shuffled mini-batches
        never need it (they are cut from ``_X1_rows``), and the transposed copy is a
        tenth of a short fit's time."""
        return np.ascontiguousarray(self._X1_rows.T)

    @property
    def learning_rate(self) -> float:
        """η; setting it takes effect at the next update."""
        return self.optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.optimizer.learning_rate = float(value)

    @property
    def momentum(self) -> float:
        """μ; setting it takes effect at the next update."""
        return self.optimizer.momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        self.optimizer.momentum = float(value)

    @property
    def finished(self) -> bool:
        return self.status != "running"

    @property
    def costly(self) -> bool:
        """A full pass over the training set costs more than ``FULL_PASS_MULTIPLY_ADDS``."""
        return self._costly

    @property
    def batches_per_epoch(self) -> int:
        """Updates in one epoch: ⌈n / B⌉ (1 for full batch)."""
        return -(-len(self._X1_rows) // self.batch_size)

    def step(self, n: int) -> TrainingSnapshot:
        """Run up to ``n`` epochs, then return one snapshot."""
        self.run_epochs(n)
        return self.snapshot()

    def run_epochs(self, n: int) -> None:
        """Run up to ``n`` epochs without building a snapshot (the fast path for scripts).

        An epoch left part-way by :meth:`run_batches` counts as the first: it is finished.
        """
        # overflow is detected and reported as "diverged"; NumPy's warnings would only repeat it
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(max(0, int(n))):
                if self.batch == 0 and not self._begin_epoch():
                    return
                self._train_batches(self.batches_per_epoch - self.batch)

    def run_batches(self, n: int) -> int:
        """Run up to ``n`` updates (one mini-batch each), stopping where the run stops;
        the last epoch may be left part-way (``batch`` updates done).  Returns the
        updates run.  The epochs' work is the same as :meth:`run_epochs`'s, cut elsewhere.
        """
        left = max(0, int(n))
        with np.errstate(over="ignore", invalid="ignore"):
            while left > 0:
                if self.batch == 0 and not self._begin_epoch():
                    break
                left -= self._train_batches(left)
        return max(0, int(n)) - left

    def __getstate__(self) -> dict:
        # workspaces are views of one another; they are rebuilt on first use instead
        return {**self.__dict__, "_workspaces": {}, "_grid_workspaces": {}, "_shuffled": None}

    @property
    def max_epochs(self) -> int:
        """Where the run stops.  Raising it on a run that stopped there lets it
        train on from the same weights, velocity and sample order."""
        return self._max_epochs

    @max_epochs.setter
    def max_epochs(self, value: int) -> None:
        self._max_epochs = int(value)
        if self.status == "max_epochs" and self.epoch < self._max_epochs:
            self.status, self.message = "running", f"training on to epoch {self._max_epochs}"

    def _workspace(self, key: int) -> Workspace:
        """Buffers for batches of ``key`` columns (negative keys: the test set's, which
        is only ever passed forward: no δ or σ′ buffers, a third of a big test set's)."""
        ws = self._workspaces.get(key)
        if ws is None:
            ws = self._workspaces[key] = self.network.workspace(abs(key), backward=key > 0)
        return ws

    def _train_batch(self, a0_1: np.ndarray, y: np.ndarray,
                     labels: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        net = self.network
        ws = self._workspace(y.shape[-1])
        z, a = net.forward_augmented(a0_1, ws)
        cost = net.cost(z[-1], a[-1], y, ws)
        if labels is not None:  # counted before the update, like the batch's cost
            self._correct += (predicted_classes(a[-1]) == labels).sum(axis=-1)
        net.backward(z, a, y, ws, self.optimizer.grads)
        self.optimizer.update(partial(self._gradient_at, a0_1, y)
                              if self.optimizer.looks_ahead else None)
        return cost

    def _gradient_at(self, a0_1: np.ndarray, y: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """∂C/∂θ of this batch at other parameters ``theta`` (K × P), θ left as it was."""
        net = self.network
        saved = net.params.copy()
        net.params[...] = theta
        ws = self._workspace(y.shape[-1])
        z, a = net.forward_augmented(a0_1, ws)
        grads = net.new_parameters()
        net.backward(z, a, y, ws, grads)
        net.params[...] = saved
        return grads.flat

    def _begin_epoch(self) -> bool:
        """Start an epoch (False if the run has stopped): θ backed up, samples reordered."""
        if self.status != "running":
            return False
        if self.epoch >= self.max_epochs:
            self._stop("max_epochs", f"stopped after {self.max_epochs} epochs")
            return False
        self._backup, self._previous = self._previous, self._backup
        np.copyto(self._backup, self.network.params)
        self._correct[:] = 0
        n = len(self._X1_rows)
        if self.batch_size < n:
            self._loss = np.zeros(self.network.n_networks)
            self._order_now = self._order(n)
        return True

    def _train_batches(self, count: int) -> int:
        """Up to ``count`` updates of the epoch in progress (ending it after its last);
        returns how many ran."""
        n, B = len(self._X1_rows), self.batch_size
        # the batches' correct answers and the test set's accuracy: only a costly run's
        # live snapshot reads them (a cheap run's measures both itself, once a frame, not
        # every epoch: that took 12 % of a live XOR epoch, 8 % of a 2-16-16-16-1 one)
        counting = self.running_metrics and self._costly
        if B == n:
            self._loss = self._train_batch(self._X1, self._Y, self._y_train if counting else None)
            self._end_epoch()
            return 1
        first = self.batch
        last = min(self.batches_per_epoch, first + count)
        order = self._order_now
        if order is not None:
            # permuted once per epoch: each batch is then a block of contiguous rows
            # (a view), not a gather; the values and their layout are the same
            X1_rows, Y_rows = self._shuffle(order)
        loss = self._loss
        for start in range(first * B, last * B, B):
            if order is None:
                a0_1, y = self._X1[:, start : start + B], self._Y[:, start : start + B]
            else:
                a0_1 = X1_rows[:, start : start + B].swapaxes(-1, -2)
                y = Y_rows[:, start : start + B].swapaxes(-1, -2)
            batch_labels = None
            if counting:
                batch_labels = (self._y_train[start : start + B] if order is None
                                else self._y_train[order[:, start : start + B]])
            loss += self._train_batch(a0_1, y, batch_labels) * (y.shape[-1] / n)
        self.batch = last
        if last == self.batches_per_epoch:
            self._end_epoch()
        return last - first

    def _end_epoch(self) -> None:
        net, loss = self.network, self._loss
        n = len(self._X1_rows)
        self.batch, self._loss, self._order_now = 0, None, None
        # One cheap test per epoch, with no BLAS call (threads cost more than the sum)
        # and no false alarms as K grows: Σθ is finite for finite θ (an overflowing
        # sum only sends a sane epoch down the exact path), max loss_k / limit_k ≤ 1.
        worst = np.maximum.reduce(loss * self._inverse_limit)  # np.max's wrapper: 1 µs more
        if not (np.isfinite(np.add.reduce(net.params, axis=None)) and worst <= 1.0):
            if self._handle_divergence(loss):
                return
        if self.optimizer.frozen is not None:
            loss[self.diverged] = np.nan  # a stopped network has no loss curve to show
        if self.epoch == 0:
            self._inverse_limit = 1.0 / (LOSS_EXPLOSION * np.fmax(1.0, np.nan_to_num(loss)))
        self.epoch += 1
        self.history.append(loss)
        counting = self.running_metrics and self._costly
        if counting:
            self._epoch_metrics = (self.epoch, loss.copy(), self._correct / n)
        if self.test_history is not None:
            X_test1, Y, test_labels = self._test
            ws = self._workspace(-Y.shape[-1])
            z, a = net.forward_augmented(X_test1, ws)
            test_loss = net.cost(z[-1], a[-1], Y, ws)
            self.test_history.append(test_loss)
            if counting:  # a cheap run's snapshot measures the test set itself, once a frame
                self._test_metrics = (self.epoch, test_loss, accuracy(a[-1], test_labels))
        self._check_convergence(loss)

    def _shuffle(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of [a^0; 1] and of y in ``order`` (K × n): K × n × (N^0 + 1) and
        K × n × N^L, written into the same two arrays every epoch (a fresh copy of the
        data each epoch cost more than its gather, in page faults), once per order: an
        epoch run in pieces gathers them once (again only after unpickling)."""
        if self._shuffled is not None and self._shuffled[2] is order:
            return self._shuffled[0], self._shuffled[1]
        if self._shuffled is None:
            K = len(order)
            X1_rows, Y_rows = (np.empty((K, *self._X1_rows.shape)),
                               np.empty((K, *self._Y_rows.shape)))
        else:
            X1_rows, Y_rows, _ = self._shuffled
        # the indices are a permutation, so valid: mode="raise" would only add a
        # temporary array (NumPy buffers ``out`` to keep it unchanged on an error)
        np.take(self._X1_rows, order, axis=0, out=X1_rows, mode="wrap")
        np.take(self._Y_rows, order, axis=0, out=Y_rows, mode="wrap")
        self._shuffled = (X1_rows, Y_rows, order)
        return X1_rows, Y_rows

    def _order(self, n: int) -> np.ndarray | None:
        if not self.shuffle:
            return None
        return np.stack([rng.permutation(n) for rng in self.network.order_rngs])
