"""A training run as a live view drives it: units of work and, apart, snapshots.

A TrainingRun's snapshot evaluates the network on a 150 × 150 grid; made
after every worker chunk (a few ms of epochs) it would cost as much as the
training.  So the workers ``advance(n)`` without a snapshot and ask
``snapshot()`` only when the window can take a frame (``gui.job_loop``: the one
place that paces frames); ``step(n)`` is ``advance(n)`` and a fresh snapshot,
for a script or a test that wants both.

A run whose epoch is long (a costly full pass, several mini-batches) may be
driven by updates instead (``by_batches``): its unit of work is then one
mini-batch, so a frame can be made part-way through an epoch (the weights
change with every batch).  The numbers are those of the same run driven by
epochs, bit for bit; ``units_per_epoch`` says how many units make an epoch
(the driver's "one epoch" and "epochs per second" are that many units).
Full batch has one update per epoch: no frame can come between.

A LiveRun and its commands pickle, so the job can run in a trainer process
(``gui.process_worker``) and its snapshots travel back to the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer
from engine.network.checkpoints import Checkpoints
from engine.network.inspection import TableRow, output_table
from engine.network.training import TrainingRun
from engine.network.training_state import TrainingSnapshot

TABLE_ROWS = 8
HISTORY_VALUES = 20_000  # loss values per snapshot (over all K networks) ...
HISTORY_ROWS = 1_000  # ... but at least this many epochs of each network


def history_limit(n_networks: int) -> int:
    """Rows of loss history a frame carries.

    A view shows ~10³ points of a curve and a session keeps 2·10⁴, while the
    history of 10⁶ epochs holds 10⁶: each frame would copy (and send to the
    window) megabytes nobody looks at.
    """
    return max(HISTORY_ROWS, HISTORY_VALUES // n_networks)


@dataclass(frozen=True)
class LiveSnapshot:
    """A TrainingSnapshot plus what the tab shows beyond it (copies).

    ``dC_dW[m-1]``, ``dC_db[m-1]`` are the last batch's ∂C/∂W^m, ∂C/∂b^m
    (K × …); ``table`` is the notes' Input / Output / Quantized for the first
    training samples of network 0, or empty when not asked for.  ``checkpoints``
    are the epochs of this run it can be rewound to (:func:`rewind`);
    ``units_per_epoch`` the job's units of work in one epoch (see the module).
    """

    training: TrainingSnapshot
    dC_dW: tuple[np.ndarray, ...]
    dC_db: tuple[np.ndarray, ...]
    table: tuple[TableRow, ...]
    checkpoints: tuple[int, ...] = ()
    units_per_epoch: int = 1
    picture: bool = True  # False: made without the grids (``snapshot(picture=False)``)


class LiveRun:
    """A job (engine.job.Job) around a TrainingRun; the rule, η, μ … and the stop can
    change live.  Its unit is an epoch, or with ``by_batches`` one update of a run
    whose full pass is costly (``TrainingRun.costly``) and whose epoch has several:
    a cheap epoch is over long before a frame is due."""

    def __init__(self, run: TrainingRun, X_table: np.ndarray | None = None, *,
                 by_batches: bool = False) -> None:
        self.run = run
        self.units_per_epoch = run.batches_per_epoch if by_batches and run.costly else 1
        # a live view's snapshots may take the training loss and accuracy from the epoch
        # itself when a second pass over a large training set would cost a frame
        run.running_metrics = True
        self._X_table = None if X_table is None else np.asarray(X_table)[:TABLE_ROWS]
        self.checkpoints = Checkpoints(run)  # at log-spaced epochs, for rewind
        self._last: LiveSnapshot | None = None

    @property
    def finished(self) -> bool:
        return self.run.finished

    def advance(self, n: int) -> None:
        """``n`` units and no snapshot: a worker that knows when the window can take a
        frame asks ``snapshot()`` then (engine/job.py)."""
        if self.units_per_epoch == 1:
            self.checkpoints.run_epochs(n)
        else:
            self.checkpoints.run_batches(n)

    def step(self, n: int) -> LiveSnapshot:
        """``n`` units, then a fresh snapshot (engine/job.py)."""
        self.advance(n)
        return self.snapshot()

    def snapshot(self, picture: bool = True) -> LiveSnapshot:
        """The run now; without ``picture``, no grids (``TrainingRun.snapshot``): a frame
        the view will not paint its picture from.  Part-way through an epoch whose
        weights stopped being finite, the last snapshot again: the epoch's end restores
        sane weights and says why."""
        if (self.run.batch and self._last is not None
                and not np.isfinite(np.add.reduce(self.run.network.params, axis=None))):
            return self._last
        optimizer = self.run.optimizer
        table = () if self._X_table is None else tuple(
            output_table(self.run.network, self._X_table))
        self._last = LiveSnapshot(
            training=self.run.snapshot(history_limit(self.run.network.n_networks), picture),
            dC_dW=tuple(g.copy() for g in optimizer.dC_dW),
            dC_db=tuple(g.copy() for g in optimizer.dC_db),
            table=table,
            checkpoints=tuple(self.checkpoints.epochs()),
            units_per_epoch=self.units_per_epoch,
            picture=picture,
        )
        return self._last


def rewind(epoch: int, job: LiveRun) -> None:
    """Back to the recorded ``epoch`` of this run: training on replays it exactly."""
    job.checkpoints.rewind(epoch)


def set_learning_rate(value: float, job: LiveRun) -> None:
    """η for the next update (run where the job runs, through the worker's ``submit``)."""
    job.run.learning_rate = value


def set_momentum(value: float, job: LiveRun) -> None:
    """μ for the next update."""
    job.run.momentum = value


def set_rule(rule: Optimizer, job: LiveRun) -> None:
    """The descent rule (and its η, μ, β₁ …) for the next update; another kind of rule
    starts with fresh memory (engine.network.optimizer.NetworkOptimizer.use)."""
    job.run.optimizer.use(rule)


def set_max_epochs(value: int, job: LiveRun) -> None:
    """Where the run stops; takes effect before the next epoch."""
    job.run.max_epochs = value


def set_hidden_maps(value: bool, job: LiveRun) -> None:
    """Whether snapshots carry the hidden units' maps (only a view showing them needs them)."""
    job.run.hidden_maps = bool(value)


def refresh(job: LiveRun) -> None:
    """Change nothing: submitted on pause so the worker sends a fresh snapshot.

    While running fast, the last chunk before a pause may have returned the
    previous snapshot; the picture of a paused run must show its true epoch.
    """
