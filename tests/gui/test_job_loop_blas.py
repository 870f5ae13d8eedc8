"""A trainer process runs its jobs on one BLAS thread, and leaves the limit behind it."""

import json
import os
import pickle
import subprocess
import sys

import numpy as np  # noqa: F401  (as an engine job's module does when it is unpickled)
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


class _NumpyProbe(_Probe):
    """A probe whose module (this one) brings NumPy in as the job is unpickled."""

    def snapshot(self) -> list[int]:
        print("BLAS threads", _blas_threads(), flush=True)
        return super().snapshot()


FRESH_TRAINER = """
import os, sys
from gui import job_loop
assert "numpy" not in sys.modules, "a fresh trainer process has not loaded NumPy yet"
os.nice = lambda increment: 0


class Box:
    def __init__(self, messages):
        self.messages = messages

    def get(self, timeout=None):
        return self.messages.pop(0)

    get_nowait = get

    def put(self, item):
        pass

    def cancel_join_thread(self):
        pass


job = sys.stdin.buffer.read()
job_loop.serve(Box([("start", 1, job, True, None), ("quit",)]), Box([]))
"""


def test_a_fresh_trainer_process_limits_the_blas_its_first_job_loads():
    before = _blas_threads()
    if not before or max(before) < 2:
        pytest.skip("this BLAS runs on one thread already")
    done = subprocess.run([sys.executable, "-c", FRESH_TRAINER],
                          input=pickle.dumps(_NumpyProbe()), capture_output=True,
                          timeout=120, check=True)  # fmt: skip
    seen = [line for line in done.stdout.decode().splitlines() if line.startswith("BLAS")]
    threads = json.loads(seen[0].removeprefix("BLAS threads "))  # the trainer's BLAS pools
    assert threads and set(threads) == {1}, done.stderr.decode()
