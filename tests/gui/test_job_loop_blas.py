"""A trainer process gives a job with small products one BLAS thread, and undoes it."""

import pickle
import queue

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from engine.network.datasets import spirals, xor
from engine.network.live_run import LiveRun
from engine.network.network import Network
from engine.network.training import TrainingRun
from gui.job_loop import _Trainer


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def _start(trainer: _Trainer, run_id: int, job: LiveRun) -> None:
    trainer._obey(("start", run_id, pickle.dumps(job), True, None))


def test_small_products_run_on_one_blas_thread_and_big_ones_as_before():
    before = _blas_threads()
    if not before or max(before) < 2:
        pytest.skip("this BLAS runs on one thread already")
    data = xor()
    small = LiveRun(TrainingRun(Network([2, 2, 1], seed=0), data.X_train, data.y_train))
    wide = spirals(n=2000, seed=0)
    big_net = Network([2, 256, 256, 1], ["tanh", "tanh", "sigmoid"], seed=0)
    big = LiveRun(TrainingRun(big_net, wide.X_train, wide.y_train, batch_size=64))
    assert small.blas_threads == 1 and big.blas_threads is None
    trainer = _Trainer(queue.Queue(), queue.Queue(), 0.03)
    try:
        _start(trainer, 1, small)
        assert _blas_threads() == [1] * len(before)
        assert np.isfinite(trainer.run.job.step(5).training.train_loss).all()
        _start(trainer, 2, big)
        assert _blas_threads() == before
    finally:
        trainer._limit_blas(None)
    assert _blas_threads() == before
