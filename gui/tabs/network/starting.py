"""Starting a run of the Neural network tab: what it costs, and the job that does it.

A run's first snapshot evaluates the network on the 150 × 150 boundary grid,
the hidden units' grids and the whole data set; ``costly_start`` says when that
is worth a thread, and ``StartJob`` is that work as a one-unit job the model
hands to its preparer (or runs at once when cheap).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from engine.network.datasets import Dataset
from engine.network.live_run import LiveRun, LiveSnapshot
from engine.network.network import Network
from gui.tabs.network.build import GRID_RESOLUTION, HIDDEN_GRID_RESOLUTION, build_run
from gui.tabs.network.settings import NetworkSettings

#: Multiply-adds of a run's first snapshot worth a thread (below it, a few ms here).
INLINE_START_WORK = 5_000_000
#: What a data row costs a start beyond its multiply-adds (copies into [a; 1], σ, the cost,
#: the targets), in multiply-adds: measured 1.1–1.6 µs a row for 2-4-1 and 10-8-1 networks
#: (100,000 rows: 113–156 ms) against about 1 ns a multiply-add of a 2-64-64-64-1 network.
ROW_WORK = 1_000


def costly_start(network: Network, dataset: Dataset) -> bool:
    """Whether the first snapshot (z = Wa + b on the boundary grid, the hidden units'
    grids and the data) would hold the GUI thread more than a few milliseconds.

    Work = P × grid points + rows × (P + ``ROW_WORK``), P the network's parameters:
    a 100,000-row CSV is costly even for a 2-4-1 network.
    """
    P = network.n_parameters
    grid_points = GRID_RESOLUTION**2 + HIDDEN_GRID_RESOLUTION**2 * (len(network.W) - 1)
    rows = len(dataset.y_train) + len(dataset.y_test)
    return P * grid_points + rows * (P + ROW_WORK) > INLINE_START_WORK


class Preparer(Protocol):
    """Runs a job off the GUI thread (gui.worker.Worker); the view hands its snapshot
    to ``NetworkModel.on_prepared`` and its failure to ``on_prepare_failed``."""

    def start(self, job: Any, paused: bool = False) -> None: ...


class StartJob:
    """The slow part of starting a run, as a one-unit job: the TrainingRun, the LiveRun
    and its first snapshot.  ``done`` lets the GUI thread wait for it when an intent
    (Save, Play) cannot do without the new run."""

    def __init__(self, settings: NetworkSettings, dataset: Dataset, network: Network,
                 max_epochs: int) -> None:
        self.settings, self.dataset, self.network = settings, dataset, network
        self.max_epochs = max_epochs
        self.job: LiveRun | None = None
        self.first: LiveSnapshot | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._claim = threading.Lock()

    @property
    def finished(self) -> bool:
        return self.done.is_set()

    def step(self, n: int) -> StartJob | None:
        # whichever thread claims the job first runs it: the preparer, or the GUI thread
        # in finish_start when the preparer has not begun (or never will: shut down)
        if self._claim.acquire(blocking=False):
            try:
                run = build_run(self.settings, self.dataset, self.network)
                run.max_epochs = self.max_epochs
                job = LiveRun(run, self.dataset.X_train, by_batches=True)  # frames mid-epoch
                self.first, self.job = job.snapshot(), job
            except Exception as exc:  # said by on_prepared, on the GUI thread
                self.error = exc
            finally:
                self.done.set()
        return self.snapshot()

    def snapshot(self) -> StartJob | None:
        return self if self.finished else None
