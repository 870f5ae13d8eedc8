"""The descent run as a NumPy script: run in a fresh Python, it prints the engine's trajectory."""

import subprocess
import sys

import numpy as np
import pytest

from engine.descent.optimizers import OPTIMIZERS, make
from engine.descent.run import DescentRun
from engine.descent.script_export import descent_script
from engine.descent.surfaces import Surface, surface

STEPS = 100


def run_script(source, tmp_path):
    path = tmp_path / "descent_run.py"
    path.write_text(source, encoding="utf-8")
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         check=True, timeout=60, cwd=tmp_path).stdout
    runs, rows = [], None
    for line in out.splitlines():
        if line.startswith("#"):
            rows = []
            runs.append(rows)
        elif line[0].isdigit():
            rows.append([float(v) for v in line.split()])
    return [np.array(r) for r in runs]


def engine_paths(field, optimizers, start):
    run = DescentRun(field, optimizers, [start], eps=1e-300, max_steps=10**6)
    run.step(STEPS)
    return run.snapshot().trajectories


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_the_script_reproduces_each_optimizers_trajectory(key, tmp_path):
    himmelblau = surface("himmelblau")
    optimizer = make(key, alpha=0.001) if key in ("gd", "momentum", "nesterov") else make(key)
    (t,) = engine_paths(himmelblau, [optimizer], (0.5, -1.0))
    (rows,) = run_script(descent_script(himmelblau, [(optimizer, t.start, t.step)], "test"),
                         tmp_path)
    assert t.step == STEPS and len(rows) == STEPS + 1
    np.testing.assert_array_equal(rows[:, 0], t.steps)
    np.testing.assert_allclose(rows[:, 1:3], t.path, rtol=0, atol=1e-10)
    np.testing.assert_allclose(rows[:, 3], t.values, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(rows[:, 4], t.grad_norms, rtol=1e-10, atol=1e-10)


def test_a_typed_formula_with_a_parameter_and_several_optimizers(tmp_path):
    field = Surface.from_formula("a*x^2 + y^2 + sin(x*y) + exp(x/5)", params={"a": 0.7})
    optimizers = [make("adam", alpha=0.05), make("rmsprop")]
    trajectories = engine_paths(field, optimizers, (1.5, -2.0))
    runs = run_script(descent_script(field, [(o, t.start, t.step) for o, t in
                                             zip(optimizers, trajectories, strict=True)],
                                     "test"), tmp_path)  # fmt: skip
    assert len(runs) == 2
    for rows, t in zip(runs, trajectories, strict=True):
        np.testing.assert_allclose(rows[:, 1:3], t.path, rtol=0, atol=1e-10)


def test_a_function_numpy_lacks_is_refused_in_words():
    field = Surface.from_formula("relu(x) + y^2")
    with pytest.raises(ValueError, match="NumPy lacks"):
        descent_script(field, [(make("gd"), (1.0, 1.0), 5)], "test")
