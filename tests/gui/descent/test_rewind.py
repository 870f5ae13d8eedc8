"""Rewind in the Gradient descent tab, as a person uses it: race, rewind to a recorded
step, Play; the replay equals a fresh run computed here, bit for bit; α changed after
the rewind equals a fresh run whose α changed at that step."""

import numpy as np
import pytest

from engine.descent.run import DescentRun

MAX_STEPS = 600


@pytest.fixture
def tab(qtbot, tab):
    """The folder's tab, every run going the whole MAX_STEPS."""
    qtbot.waitUntil(lambda: tab.ready, timeout=20_000)
    tab.model.set_tolerance(1e-14)  # every run goes the whole MAX_STEPS
    tab.ui.optimizers.max_steps.setValue(MAX_STEPS)
    return tab


def _finished(qtbot, tab):
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None
                    and tab.model.run_snapshot.finished, timeout=30_000)
    return tab.model.run_snapshot


def _fresh(tab) -> DescentRun:
    """The race the tab runs, built here from what the controls show."""
    model = tab.model
    return DescentRun(model.surface, model.optimizers(), model.starts, 1e-14, MAX_STEPS)


def _same_paths(a, b) -> None:
    assert a.step == b.step and len(a.trajectories) == len(b.trajectories)
    for s, t in zip(a.trajectories, b.trajectories, strict=True):
        assert np.array_equal(s.path, t.path) and np.array_equal(s.values, t.values)
        assert (s.position, s.status, s.message, s.alpha) == (t.position, t.status, t.message,
                                                              t.alpha)


def _rewind_to(qtbot, tab, step: int) -> None:
    bar = tab.ui.rewind
    assert bar.isVisible() and bar.button.isEnabled()
    bar.choice.setCurrentIndex(bar.choice.findData(step))
    bar.button.click()
    qtbot.waitUntil(lambda: tab.model.run_snapshot.step == step, timeout=10_000)


def test_a_finished_race_rewound_and_replayed_equals_a_fresh_run(qtbot, tab):
    tab.play_pause()
    original = _finished(qtbot, tab)
    fresh = _fresh(tab)
    fresh.step(MAX_STEPS)
    _same_paths(original, fresh.snapshot())
    bar = tab.ui.rewind
    assert [bar.choice.itemData(i) for i in range(bar.choice.count())] == \
        [512, 256, 128, 64, 32, 16, 8, 4, 2, 1, 0]
    _rewind_to(qtbot, tab, 128)
    assert tab.run_worker.state == "paused" and tab.ui.transport.isEnabled()
    assert bar.choice.itemData(0) == 128  # the future after it is gone
    for t in tab.model.run_snapshot.trajectories:
        assert t.step == 128 and len(t.path) == 129
    tab.play_pause()
    _same_paths(_finished(qtbot, tab), fresh.snapshot())


def test_alpha_changed_after_a_rewind_equals_a_fresh_run_changed_at_that_step(qtbot, tab):
    tab.play_pause()
    _finished(qtbot, tab)
    _rewind_to(qtbot, tab, 64)
    opts = tab.ui.optimizers
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("gd"))
    opts.alpha.set_value(0.002)
    assert tab.model.run_snapshot.step == 64  # changed live, not a new race
    fresh = _fresh(tab)
    fresh.set_hyperparameters(0, alpha=0.01)  # as before the change
    fresh.step(64)
    fresh.set_hyperparameters(0, alpha=0.002)
    fresh.step(MAX_STEPS)
    tab.play_pause()
    replayed = _finished(qtbot, tab)
    _same_paths(replayed, fresh.snapshot())
    assert replayed.trajectories[0].alpha == 0.002
