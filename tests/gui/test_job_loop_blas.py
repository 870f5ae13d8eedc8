"""A trainer process runs its jobs on one BLAS thread, and leaves the limit behind it."""

import os
import pickle

import pytest
from threadpoolctl import threadpool_info

from gui import job_loop

SEEN: list[list[int]] = []


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


class _Probe:
    """A job whose snapshot notes the BLAS threads it runs with."""

    finished = False

    def step(self, n: int) -> list[int]:
        return self.snapshot()

    def snapshot(self) -> list[int]:
        SEEN.append(_blas_threads())
        return SEEN[-1]


class _Outbox:
    def put(self, item: object) -> None:
        pass

    def cancel_join_thread(self) -> None:
        pass


class _Inbox:
    def __init__(self, messages: list[tuple]) -> None:
        self.messages = messages

    def get(self, timeout: float | None = None) -> tuple:
        return self.messages.pop(0)

    get_nowait = get


def test_jobs_in_a_trainer_run_on_one_blas_thread(monkeypatch):
    before = _blas_threads()
    if not before or max(before) < 2:
        pytest.skip("this BLAS runs on one thread already")
    monkeypatch.setattr(os, "nice", lambda increment: 0)  # serve lowers its own priority
    SEEN.clear()
    inbox = _Inbox([("start", 1, pickle.dumps(_Probe()), True, None), ("quit",)])
    job_loop.serve(inbox, _Outbox())
    assert SEEN == [[1] * len(before)]
    assert _blas_threads() == before
