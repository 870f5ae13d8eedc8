"""File → Export offers the network's run as a script, and the script is that run."""

import subprocess
import sys

import numpy as np

from gui.export import ExportDialog, write_text
from gui.tabs.network.tab import NetworkTab


def test_the_exported_script_reproduces_the_tabs_loss_curve(qtbot, tmp_path):
    tab = NetworkTab()
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    for _ in range(30):
        tab.step()
    qtbot.waitUntil(lambda: tab.latest.training.epoch >= 30, timeout=20_000)
    tab.pause()
    t = tab.latest.training
    dialog = ExportDialog(None, tab)
    qtbot.addWidget(dialog)
    (label, make), = tab.export_scripts().items()
    assert f"{label}…" in [name for name, _ in dialog.actions]
    script = tmp_path / "run.py"
    write_text(script, make())
    printed = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                             text=True, check=True, timeout=120).stdout.splitlines()
    losses = np.array([float(line.rsplit(" ", 1)[1]) for line in printed])
    assert len(losses) == t.epoch
    # the tab keeps its curve as float32: equal to that precision
    np.testing.assert_allclose(losses[t.history_epochs - 1], t.loss_history[:, 0], rtol=1e-6)
    tab.shutdown()
