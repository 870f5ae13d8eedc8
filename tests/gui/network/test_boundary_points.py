"""The data's points on the boundary map: each in its class's colour, drawn from one pen
or brush per class (issue 14: a new pen per point made pyqtgraph draw 4,000 symbols,
0.2–0.35 s of the GUI thread for each data set)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from engine.network.datasets import Dataset
from gui.tabs.network.boundary import POINT_LIMIT, BoundaryView
from gui.tabs.network.colors import class_color


def _dataset(rows: int, classes: int) -> Dataset:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(rows, 2))
    y = rng.integers(0, classes, size=rows)
    cut = rows * 3 // 4
    return Dataset("points", X[:cut], y[:cut], X[cut:], y[cut:], tuple(range(classes)))


def test_points_take_their_class_colour_from_one_style_per_class(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(600, 420)
    view.show()
    qtbot.waitExposed(view)
    data = _dataset(4 * POINT_LIMIT, 3)
    for _ in range(2):  # a second data set reuses the same styles
        view.set_data(data, (-4.0, 4.0, -4.0, 4.0))
    train, test = view.train_points.data, view.test_points.data
    assert len(train) == POINT_LIMIT and len(test) == POINT_LIMIT
    brushes, pens = train["brush"], test["pen"]
    for shown, y in ((brushes, data.y_train), (pens, data.y_test)):
        colours = [s.color().name() for s in shown]
        assert colours == [QColor(class_color(int(c))).name() for c in y[:POINT_LIMIT]]
        assert len({id(s) for s in shown}) == 3  # one object per class, shared
    assert all(p.widthF() == 2 for p in pens)
    # pyqtgraph renders one symbol per distinct (symbol, size, pen, brush): a handful
    assert len(view.train_points.fragmentAtlas) <= 3
    assert len(view.test_points.fragmentAtlas) <= 3
    assert not view.plot.grab().isNull()
