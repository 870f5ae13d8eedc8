"""A TrainingRun driven headless in a process of its own, as the trainer process runs
(niceness ``gui.job_loop.NICENESS``, one BLAS thread): not a benchmark itself.

On a shared machine a live run's trainer process, niced so the window comes
first, gets a smaller share of a busy CPU than a baseline run at normal
priority in the benchmark's own process; the ratio of the two then measures
the niceness, not the live view.  This baseline runs under the trainer's
conditions, so live / this is what the live view itself costs.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

_SCRIPT = """
import os, pickle, sys, time
from threadpoolctl import threadpool_limits
from gui.job_loop import NICENESS
os.nice(NICENESS)
run = pickle.loads(open(sys.argv[1], "rb").read())
seconds = float(sys.argv[2])
with threadpool_limits(limits=1, user_api="blas"):
    run.run_epochs(1)
    first, started, cpu = run.epoch, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        run.run_epochs(max(1, int(sys.argv[3])))
    epochs = run.epoch - first
    print(epochs / (time.perf_counter() - started), epochs / (time.process_time() - cpu))
"""


def trainer_like_rate(run, seconds: float, chunk: int = 200) -> tuple[float, float]:
    """Epochs per second of ``run`` (a copy: ``run`` is untouched) over ``seconds``,
    in a child process niced and BLAS-limited like the trainer, and its epochs per
    CPU second."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.pickle"
        path.write_bytes(pickle.dumps(run))
        done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path), str(seconds),
                               str(chunk)], capture_output=True, text=True, check=True)  # fmt: skip
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)
