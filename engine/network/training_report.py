"""What a TrainingRun reports: a snapshot of the run now, its loss and accuracy measured
exactly or taken from the epoch itself (a live view of a large data set), and the grids.
"""

from __future__ import annotations

import numpy as np

from engine.network.grids import hidden_maps, output_map
from engine.network.training_state import TrainingSnapshot, accuracy


class RunReport:
    """Snapshots of :class:`engine.network.training.TrainingRun`, which holds the state
    they copy (see its ``running_metrics``)."""

    def snapshot(self, history_limit: int | None = None,
                 picture: bool = True) -> TrainingSnapshot:
        """The state now, with copied arrays.

        ``history_limit`` keeps at most that many (+1) evenly spaced rows of the
        loss history, the last one included, picked without copying the rest.
        Without ``picture`` the grids (a^L and, if asked for, each hidden a^m over
        the plane) are left out: ``grid`` and ``hidden_grids`` are None.  They are
        most of a big network's snapshot, and a live view that paints its picture
        every other frame has no use for them in the frames between.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self._snapshot(history_limit, picture)

    def _snapshot(self, history_limit: int | None, picture: bool) -> TrainingSnapshot:
        net = self.network
        train_metrics = test_metrics = "exact"
        live_costly = self._costly and self.running_metrics and not self.diverged.any()
        if live_costly and self._current(self._epoch_metrics):
            _, train_loss, train_accuracy = self._epoch_metrics  # type: ignore[misc]
            train_metrics = "epoch"
        elif live_costly and self.batch:  # part-way through the first epoch
            seen = min(len(self._X1_rows), self.batch * self.batch_size)
            # Σ_j C_j · B_j / n over the batches so far, as a mean over their samples
            train_loss = self._loss * (len(self._X1_rows) / seen)
            train_accuracy = self._correct / seen
            train_metrics = "partial"
        else:
            # the pass's own buffers also take its cost (cost() would make a backward
            # workspace of n columns); a cheap run keeps them from frame to frame, a
            # costly one (measured so only at its start) lets them go
            n = len(self._y_train)
            ws = net.workspace(n, backward=False) if self._costly else self._workspace(-n)
            z, a = net.forward_augmented(self._X1, ws)
            train_loss = net.cost(z[-1], a[-1], self._Y, ws)
            train_accuracy = accuracy(a[-1], self._y_train)
        test_loss = test_accuracy = None
        if self._current(self._test_metrics):  # measured at the end of this epoch
            _, test_loss, test_accuracy = self._test_metrics  # type: ignore[misc]
            test_metrics = "epoch" if self.batch else "exact"
        elif self._test is not None:
            X_test1, Y, labels = self._test
            ws = self._workspace(-Y.shape[-1])  # the epoch's end keeps these anyway
            zt, at = net.forward_augmented(X_test1, ws)
            test_loss, test_accuracy = net.cost(zt[-1], at[-1], Y, ws), accuracy(at[-1], labels)
        g = self.optimizer
        grad_norms = np.stack(
            [np.sqrt((gW**2).sum(axis=(1, 2)) + (gb**2).sum(axis=(1, 2)))
             for gW, gb in zip(g.dC_dW, g.dC_db, strict=True)], axis=1)
        return TrainingSnapshot(
            epoch=self.epoch,
            status=self.status,
            message=self.message,
            learning_rate=g.learning_rate,
            momentum=g.momentum,
            rule=g.rules[0],
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=train_accuracy,
            test_accuracy=test_accuracy,
            loss_history=self.history.array(history_limit),
            test_loss_history=(None if self.test_history is None
                               else self.test_history.array(history_limit)),
            history_epochs=self.history.epochs(history_limit),
            weights=tuple(W.copy() for W in net.W),
            biases=tuple(b.copy() for b in net.b),
            grad_norms=grad_norms,
            solved=train_accuracy == 1.0,
            diverged=self.diverged.copy(),
            grid=output_map(net, self.grid, self._grid_workspaces) if picture else None,
            hidden_grids=(hidden_maps(net, self.grid, self._grid_workspaces)
                          if picture and self.hidden_maps else None),
            train_metrics=train_metrics,
            test_metrics=test_metrics,
            batch=self.batch,
            batches_per_epoch=self.batches_per_epoch,
        )

    def _current(self, metrics: tuple[int, np.ndarray, np.ndarray] | None) -> bool:
        """True if ``metrics`` were measured in the epoch that produced today's weights."""
        return self.running_metrics and metrics is not None and metrics[0] == self.epoch
