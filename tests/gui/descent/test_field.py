"""The contour lines of the picture of f lie on their levels: checked by evaluating the
closed-form f at every drawn point."""

import numpy as np
import pytest

from engine.descent.surfaces import surface
from gui.tabs.descent.field import CONTOUR_LEVELS, compute_field


def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


@pytest.mark.parametrize(("key", "f"), [("himmelblau", himmelblau), ("rosenbrock", rosenbrock)])
def test_every_contour_point_lies_on_a_level(key, f):
    field = compute_field(surface(key))
    lines = field.contours
    assert len(lines.x) > 100 and lines.connect[::2].all() and not lines.connect[1::2].any()
    levels = np.linspace(*field.levels, CONTOUR_LEVELS + 2)[1:-1]
    heights = field.scale(f(lines.x, lines.y))
    nearest = np.abs(heights[:, None] - levels[None, :]).min(axis=1)
    spacing = levels[1] - levels[0]
    # linear interpolation between samples three grid steps apart puts nearly every
    # point well within its level (near a minimum the log scale falls steeply between
    # samples: there a crossing is only as close as the grid, with either route)
    median, ninetieth = np.percentile(nearest, [50, 90])
    assert median < 0.005 * spacing and ninetieth < 0.1 * spacing
    # every level is drawn
    drawn = {int(np.argmin(np.abs(h - levels))) for h in heights}
    assert drawn == set(range(CONTOUR_LEVELS))
