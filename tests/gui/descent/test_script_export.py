"""File → Export → Descent run as a Python script: run alone, it prints the tab's trajectories."""

import subprocess
import sys

import numpy as np
import pytest

NAME = "Descent run as a Python script (NumPy only)"


def test_the_exported_script_reproduces_every_trajectory_of_the_tab(qtbot, tab, tmp_path):
    qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
    tab.model.run_snapshot = None  # as before the first run's snapshot arrives
    with pytest.raises(ValueError, match="no descent run"):
        tab.export_scripts()[NAME]()
    tab.play_pause()
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    snapshot = tab.model.run_snapshot
    path = tmp_path / "run.py"
    path.write_text(tab.export_scripts()[NAME](), encoding="utf-8")
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    runs = []
    for line in out.splitlines():
        if line.startswith("#"):
            runs.append([])
        elif line[0].isdigit():
            runs[-1].append([float(v) for v in line.split()])
    assert len(runs) == len(snapshot.trajectories) >= 2
    for rows, t in zip(runs, snapshot.trajectories, strict=True):
        rows = np.array(rows)
        assert len(rows) == t.step + 1
        np.testing.assert_allclose(rows[t.steps, 1:3], t.path, rtol=0, atol=1e-10)
