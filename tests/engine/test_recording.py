"""Snapshots for a recording: evenly spaced units, exact ends, the job is the recorder's own."""

import numpy as np
import pytest

from engine.descent.optimizers import GradientDescent
from engine.descent.run import DescentRun
from engine.descent.surfaces import surface
from engine.recording import copy_job, frame_units, snapshots


def test_frame_units_start_at_zero_end_at_the_total_and_never_go_back():
    units = frame_units(100, 31)
    assert len(units) == 31 and units[0] == 0 and units[-1] == 100
    assert (np.diff(units) >= 0).all()
    assert frame_units(3, 7) == [0, 0, 1, 2, 2, 2, 3]  # round(k·3/6): frames hold


@pytest.mark.parametrize("units, frames", [(0, 10), (10, 1), (2.5, 10)])
def test_frame_units_refuse_what_cannot_be_recorded(units, frames):
    with pytest.raises(ValueError, match="at least"):
        frame_units(units, frames)


def test_snapshots_show_the_run_after_each_frames_units_like_a_run_stepped_by_hand():
    himmelblau = surface("himmelblau")
    run = DescentRun(himmelblau, [GradientDescent(alpha=0.001)], [(0.0, 0.0)])
    shots = list(snapshots(run, 100, 11))
    assert len(shots) == 11
    assert [s.step for s in shots] == list(range(0, 101, 10))  # α small: no stop before 100
    by_hand = DescentRun(himmelblau, [GradientDescent(alpha=0.001)], [(0.0, 0.0)])
    by_hand.step(100)
    np.testing.assert_array_equal(shots[-1].trajectories[0].path,
                                  by_hand.snapshot().trajectories[0].path)


def test_a_copied_job_is_independent_of_the_original():
    run = DescentRun(surface("himmelblau"), [GradientDescent(alpha=0.01)], [(0.0, 0.0)])
    run.step(5)
    copy = copy_job(run)
    list(snapshots(copy, 50, 3))
    assert run.snapshot().step == 5 and copy.snapshot().step == 55


def test_a_run_that_stops_early_holds_its_last_picture():
    run = DescentRun(surface("himmelblau"), [GradientDescent(alpha=0.01)], [(0.0, 0.0)])
    shots = list(snapshots(run, 1000, 5))
    assert len(shots) == 5 and shots[-1].finished
    assert shots[-1].step == shots[-2].step < 1000


def test_a_descent_job_of_a_typed_formula_pickles_for_a_recorder_process():
    """A recorder process gets its job pickled: the compiled f and ∇f stay behind (they do
    not pickle) and the copy compiles its own, stepping bit for bit like the original."""
    import pickle

    from engine.descent.surfaces import Surface

    typed = Surface.from_formula("x^2 + 3*y^2 + sin(x*y)")
    run = DescentRun(typed, [GradientDescent(alpha=0.05)], [(1.0, 1.0), (2.0, -1.0)])
    run.step(3)  # compiled and used before it travels
    copy = pickle.loads(pickle.dumps(run))
    run.step(40)
    copy.step(40)
    for mine, theirs in zip(run.snapshot().trajectories, copy.snapshot().trajectories,
                            strict=True):
        np.testing.assert_array_equal(mine.path, theirs.path)
        np.testing.assert_array_equal(mine.values, theirs.values)
