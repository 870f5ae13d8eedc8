"""Shared test set-up: offscreen Qt, isolated settings, no leaked worker threads."""

import os
import tempfile
import threading
import time

import pytest

# Before anything imports Qt: draw offscreen and keep QSettings out of the user's home.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="gradient-lab-settings-")

WORKER_THREAD_NAME = "gradient-lab-worker"
LEAK_GRACE_S = 30.0


def _worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == WORKER_THREAD_NAME and t.is_alive()]


@pytest.fixture(autouse=True)
def no_leaked_worker_threads():
    """Fail any test that leaves a worker thread running behind it."""
    yield
    # A cancelled job finishes its current chunk (SymPy cannot be interrupted), which
    # takes seconds on a loaded machine; a thread that never ends still fails here.
    deadline = time.monotonic() + LEAK_GRACE_S
    while _worker_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    leaked = _worker_threads()
    assert not leaked, f"test left {len(leaked)} worker thread(s) running"
