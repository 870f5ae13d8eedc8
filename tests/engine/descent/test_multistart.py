"""Multi-start sweeps: basin maps, labels, the share reaching the global minimum."""

import numpy as np
import pytest

from engine.descent.multistart import MAX_LABELS, NONE, RUNNING_LABEL, MultiStart, classify
from engine.descent.optimizers import GradientDescent
from engine.descent.surfaces import Surface, surface
from engine.job import Job


def finish(job: MultiStart):
    while not job.finished:
        job.step(500)
    return job.snapshot()


def test_himmelblau_sweep_finds_all_four_minima():
    s = surface("himmelblau")
    snap = finish(MultiStart(s, grid=30))
    assert isinstance(snap.basins, np.ndarray) and snap.basins.shape == (30, 30)
    minima = [i for i, kind in enumerate(snap.kinds) if kind == "minimum"]
    assert len(minima) == 4 and all(snap.counts[i] > 0 for i in minima)
    assert set(snap.global_labels) == set(minima)  # all four have f = 0
    assert snap.global_share == pytest.approx(np.isin(snap.assignment, minima).mean())
    assert snap.global_share > 0.95
    # each start's end point really is at its label's point
    for i in np.flatnonzero(snap.assignment >= 0):
        assert np.hypot(*(snap.ends[i] - snap.points[snap.assignment[i]])) < 1e-3


def test_basin_map_fills_in_while_running():
    job = MultiStart(surface("six_hump_camel"), grid=20)
    first = job.step(3)
    assert np.any(first.assignment == RUNNING_LABEL) and not first.finished
    assert first.finished_share < 1
    last = finish(job)
    assert not np.any(last.assignment == RUNNING_LABEL) and last.finished_share == 1.0
    assert sum(last.status_counts.values()) == 400


def test_six_hump_camel_has_two_global_minima_and_local_traps():
    snap = finish(MultiStart(surface("six_hump_camel"), grid=24))
    globals_ = {tuple(np.round(snap.points[i], 4)) for i in snap.global_labels}
    assert globals_ == {(0.0898, -0.7127), (-0.0898, 0.7127)}
    assert 0.2 < snap.global_share < 0.95  # local minima catch the rest


def test_unbounded_surface_has_no_basins():
    snap = finish(MultiStart(surface("notes_quadratic"), grid=8))
    assert np.all(snap.assignment == NONE)
    assert snap.global_share is None and snap.status_counts["unbounded"] == 64


def test_unlisted_minima_of_a_user_formula_are_discovered():
    # (x² − 1)² + y²: minima at (±1, 0) (f = 0), a saddle at (0, 0)
    s = Surface.from_formula("(x^2 - 1)^2 + y^2", (-2, 2, -2, 2))
    snap = finish(MultiStart(s, GradientDescent(alpha=0.02), grid=15))
    pairs = zip(snap.points, snap.kinds, strict=True)
    found = {(round(p[0], 3), round(p[1], 3), k) for p, k in pairs}
    assert (-1.0, 0.0, "minimum") in found and (1.0, 0.0, "minimum") in found
    assert snap.global_share == pytest.approx(np.isin(snap.assignment, snap.global_labels).mean())
    assert snap.global_share > 0.9


def test_random_starts_are_reproducible():
    s = surface("himmelblau")
    a = MultiStart.random(s, count=50, seed=3)
    b = MultiStart.random(s, count=50, seed=3)
    assert np.array_equal(a.starts, b.starts)
    snap = a.step(10)
    assert snap.basins is None and snap.starts.shape == (50, 2)
    x0, x1, y0, y1 = s.domain
    assert np.all((snap.starts >= (x0, y0)) & (snap.starts <= (x1, y1)))


@pytest.mark.parametrize(
    ("r", "s", "t", "kind"),
    [(2, 0, 2, "minimum"), (-2, 1, -2, "maximum"), (2, 0, -2, "saddle"), (0, 0, 0, "inconclusive"),
     (1, 1, 1, "inconclusive")],
)
def test_second_derivative_test(r, s, t, kind):
    assert classify(r, s, t) == kind


def test_bad_sizes_are_refused():
    s = surface("booth")
    with pytest.raises(ValueError, match="grid size"):
        MultiStart(s, grid=1)
    with pytest.raises(ValueError, match="grid size"):
        MultiStart(s, grid=float("nan"))
    with pytest.raises(ValueError, match="number of starts"):
        MultiStart.random(s, count=0)


def test_it_is_a_job():
    assert isinstance(MultiStart(surface("booth"), grid=4), Job)


def test_listed_global_minimum_wins_over_points_off_the_domain():
    # McCormick keeps falling beyond its domain; its global minimum is the listed one
    snap = finish(MultiStart(surface("mccormick"), grid=20))
    assert [tuple(np.round(snap.points[i], 4)) for i in snap.global_labels] == [
        (-0.5472, -1.5472)]  # fmt: skip
    assert 0.3 < snap.global_share < 0.9


def test_a_flat_surface_makes_a_bounded_number_of_labels_on_the_jobs_thread():
    # every start converges where it begins: one label each would be 22,500 labels,
    # found one at a time (seconds on the GUI thread that built the sweep)
    flat = Surface.from_formula("0*x + 1", (-2, 2, -2, 2))
    sweep = MultiStart(flat, grid=150)
    assert "swarm" not in vars(sweep)  # nothing evaluated by the constructor
    snap = sweep.step(1)
    assert len(snap.points) == MAX_LABELS
    labelled = snap.assignment >= 0
    assert set(np.unique(snap.assignment)) <= set(range(MAX_LABELS)) | {NONE}
    d = np.hypot(*(snap.ends[labelled] - snap.points[snap.assignment[labelled]]).T)
    assert np.all(d <= sweep.radius)  # each labelled start ended at its label
    # labels are more than a radius apart: every start was given the first one it reached
    gaps = np.hypot(*(snap.points[:, None, :] - snap.points[None, :, :]).transpose(2, 0, 1))
    assert np.all(gaps[~np.eye(len(gaps), dtype=bool)] > sweep.radius)


def test_a_ring_of_minima_is_labelled_whole():
    ring = Surface.from_formula("(x^2 + y^2 - 1)^2", (-2, 2, -2, 2))
    snap = MultiStart(ring, grid=60).step(5000)
    on_ring = np.abs(np.hypot(*snap.ends.T) - 1) < 1e-3
    assert on_ring.mean() > 0.9 and np.all(snap.assignment[on_ring] >= 0)
