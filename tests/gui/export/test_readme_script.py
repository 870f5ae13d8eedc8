"""The README's exported script of the notes' XOR run is what File → Export writes for it
today, and running it prints the loss history of the engine's own run of the notes' preset."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from engine.network.datasets import xor
from engine.network.presets import PRESETS
from gui.package_info import app_version
from gui.tabs.network import NetworkTab
from gui.tabs.network.script import training_script_source

REGENERATE = "the README's notes script is stale: run python docs/readme_notes_script.py"

README = Path(__file__).resolve().parents[3] / "README.md"
MARK = "<!-- notes-xor-script"


def _readme_script() -> str:
    text = README.read_text(encoding="utf-8")
    after = text[text.index(MARK):]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)


def test_the_readme_shows_the_script_the_app_exports_for_the_notes_run(qtbot):
    tab = NetworkTab()
    qtbot.addWidget(tab)
    try:
        assert tab.model.apply_preset("notes")
        assert tab.model.settings.seed == 0
        exported = training_script_source(tab.model)
    finally:
        tab.shutdown()
    shown = _readme_script()
    # the header names the version that wrote it: a new version does not make it wrong
    version = re.search(r"made with Gradient Lab (\S+)\.", shown).group(1)
    assert shown == exported.replace(f"Gradient Lab {app_version()}.",
                                     f"Gradient Lab {version}."), REGENERATE


def test_the_readme_script_prints_the_notes_runs_losses(tmp_path):
    script = tmp_path / "notes_xor.py"
    script.write_text(_readme_script(), encoding="utf-8")
    printed = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                             text=True, check=True, timeout=120).stdout.splitlines()
    got = np.array([float(line.rsplit(" ", 1)[1]) for line in printed])
    # an independent route: the engine's TrainingRun of the notes' preset from seed 0
    data = xor()
    run = PRESETS["notes"].run(data.X_train, data.y_train, seed=0)
    losses: list[float] = []
    append = run.history.append
    run.history.append = lambda row: losses.append(float(row[0])) or append(row)
    run.run_epochs(1000)
    assert len(got) == 1000
    np.testing.assert_allclose(got, losses, rtol=0, atol=1e-10)
