"""Values onto the colour scale's rows and heat strips: checked against a plain recomputation."""

import numpy as np
import pytest

from gui.tabs.network.colors import LUT_SIZE, heat_strip, lut, scaled_indices

TOP = LUT_SIZE - 1


def plain_rows(values, low, high):
    """Row = ⌊(v − low)/(high − low) · 255⌋ clipped, in exact rational arithmetic."""
    from fractions import Fraction

    rows = []
    for v in np.ravel(values).tolist():
        share = (Fraction(v) - Fraction(low)) / (Fraction(high) - Fraction(low))
        rows.append(int(min(max(share * TOP, 0), TOP)))
    return np.array(rows).reshape(np.shape(values))


@pytest.mark.parametrize("low, high, scale", [
    (0.0, 1.0, 1.0), (-1.0, 1.0, 1.0), (-3.7, 12.5, 10.0), (-1.7e308, 1.7e308, 1.1e308),
    (-3e-300, 3e-300, 1e-300), (1e10, 1e10 + 1.0, 1.0),
])
def test_rows_match_a_plain_recomputation(low, high, scale):
    rng = np.random.default_rng(0)
    values = low / 2 + high / 2 + rng.uniform(-1.5, 1.5, size=2000) * scale  # some outside
    got, want = scaled_indices(values, low, high), plain_rows(values, low, high)
    # floating rounding may move a value lying on a row's edge by one row, no more
    assert np.abs(got - want).max() <= 1
    assert (got == want).mean() > 0.99


def test_ends_middle_and_non_finite_values():
    values = np.array([np.nan, np.inf, -np.inf, 0.0, 1.0, 0.5, 2.0, -2.0, 1e308, -1e308])
    assert scaled_indices(values, 0.0, 1.0).tolist() == [TOP // 2, TOP, 0, 0, TOP, TOP // 2,
                                                         TOP, 0, TOP, 0]
    # a range that is no range falls back to 0 … 1
    assert scaled_indices(np.array([0.25]), 1.0, 1.0).tolist() == [int(0.25 * TOP)]
    assert scaled_indices(np.array([0.25]), np.nan, 1.0).tolist() == [int(0.25 * TOP)]


@pytest.mark.parametrize("shape", [(64, 30, 30), (1, 30, 30), (3, 7, 5), (40, 1, 1)])
def test_a_heat_strip_holds_each_unit_upright_in_the_scales_colours(qapp, shape):
    rng = np.random.default_rng(1)
    maps = np.tanh(rng.normal(size=shape) * 2)
    maps[0, 0, 0] = np.nan
    image = heat_strip(maps, -1.0, 1.0)
    units, rows, cols = shape
    assert (image.width(), image.height()) == (cols, units * rows)
    pixels = np.array([[image.pixelColor(c, r).getRgb() for c in range(cols)]
                       for r in range(units * rows)])
    # unit i's row 0 (the lowest x₂) is the bottom row of its square
    upright = maps[:, ::-1, :].reshape(units * rows, cols)
    want = lut()[plain_rows(np.nan_to_num(upright, nan=0.0), -1.0, 1.0)]
    neighbours = np.abs(np.diff(lut().astype(int), axis=0)).max()  # one row's step
    assert np.abs(pixels - want.astype(int)).max() <= neighbours
    assert (pixels == want).all(axis=2).mean() > 0.99
