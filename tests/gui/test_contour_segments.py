"""Marching squares, all cells at once: checked against pyqtgraph's isocurve (an
independent walk over the cells) and against closed forms."""

import numpy as np
import pyqtgraph as pg
import pytest

from gui.contour_segments import contour_segments


def _points(segments):
    return {tuple(p) for p in np.round(segments.reshape(-1, 2), 9)}


def _isocurve_points(values, level):
    points = set()
    for line in pg.functions.isocurve(values, level, connected=False):
        # isocurve gives (row + ½, column + ½)
        points |= {tuple(p) for p in np.round(np.asarray(line, float) - 0.5, 9)}
    return points


@pytest.mark.parametrize("seed", range(5))
def test_every_crossing_is_where_pyqtgraphs_isocurve_finds_one(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(30, 40)).cumsum(axis=0).cumsum(axis=1)
    for level in np.percentile(values, [10, 35, 50, 80]):
        segments = contour_segments(values, float(level))
        assert len(segments) > 0
        assert _points(segments) == _isocurve_points(values, float(level))


def test_a_circle_has_its_radius_everywhere_and_its_length():
    n = 201
    u = np.linspace(-2.0, 2.0, n)
    x, y = np.meshgrid(u, u)
    segments = contour_segments(x**2 + y**2, 1.0)
    step = u[1] - u[0]
    xy = segments[..., ::-1] * step - 2.0  # (row, column) → (x, y)
    radius = np.hypot(xy[..., 0], xy[..., 1])
    assert np.abs(radius - 1.0).max() < step**2  # linear interpolation of r² along an edge
    length = np.hypot(*(xy[:, 1] - xy[:, 0]).T).sum()
    assert length == pytest.approx(2 * np.pi, rel=1e-3)


def test_segments_join_into_closed_lines():
    # every segment end is shared by exactly two segments on a closed contour
    u = np.linspace(-1.0, 1.0, 61)
    x, y = np.meshgrid(u, u)
    segments = contour_segments(np.cos(3 * x) + np.cos(3 * y), 0.5)
    ends, counts = np.unique(np.round(segments.reshape(-1, 2), 9), axis=0, return_counts=True)
    interior = np.all((ends > 0) & (ends < 60), axis=1)
    assert set(counts[interior]) == {2}


def test_a_saddle_cell_is_split_by_its_mean():
    # corners a = 1, b = 0, c = 1, d = 0 around level 0.5: mean 0.5 is not above,
    # so the corners above (a and c) are cut off separately
    segments = contour_segments(np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5)
    assert _points(segments) == {(0.0, 0.5), (0.5, 0.0), (0.5, 1.0), (1.0, 0.5)}
    pairs = {frozenset(map(tuple, s)) for s in segments}
    assert pairs == {frozenset({(0.5, 0.0), (0.0, 0.5)}), frozenset({(0.5, 1.0), (1.0, 0.5)})}
    segments = contour_segments(np.array([[1.0, 0.0], [0.0, 1.0]]), 0.4)  # mean above
    pairs = {frozenset(map(tuple, np.round(s, 9))) for s in segments}
    assert pairs == {frozenset({(0.0, 0.6), (0.4, 1.0)}), frozenset({(0.6, 0.0), (1.0, 0.4)})}


def test_no_crossing_no_segments():
    assert contour_segments(np.zeros((5, 5)), 1.0).shape == (0, 2, 2)
    assert contour_segments(np.ones((5, 5)), 0.0).shape == (0, 2, 2)
