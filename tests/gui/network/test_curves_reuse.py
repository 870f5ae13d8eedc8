"""A new run keeps the gradient curves of the layers that stay (issue 14: rebuilding every
curve with its legend row cost the GUI thread 3–4 ms a layer at each Reset or data set);
what is shown is the same as for a view built afresh."""

from __future__ import annotations

import numpy as np

from gui.tabs.network.curves import CurvesView
from gui.theme import configure_pyqtgraph, series_color

configure_pyqtgraph()


def _legend(view: CurvesView) -> list[str]:
    return [label.text for _, label in view.gradient_plot.legend.items]


def _shown(view: CurvesView) -> list[tuple[str, str, int]]:
    """Each gradient curve's legend name, pen colour and number of points."""
    return [(name, curve.opts["pen"].color().name(), len(curve.getData()[0] or []))
            for name, curve in zip(_legend(view), view.gradient_curves, strict=True)]


def test_a_new_run_keeps_the_curves_of_layers_that_stay(qtbot):
    view = CurvesView()
    qtbot.addWidget(view)
    view.clear_run(4)
    first = list(view.gradient_curves)
    view.show_trails(np.array([1.0, 2.0]), np.array([[0.5, np.nan, 0.1, 0.2, 0.3, 0.4]] * 2))
    for n in (4, 2, 6):
        view.clear_run(n)
        fresh = CurvesView()
        qtbot.addWidget(fresh)
        fresh.clear_run(n)
        assert _shown(view) == _shown(fresh)
        assert [c.opts["pen"].color().name() for c in view.gradient_curves] == [
            series_color(m).lower() for m in range(n)]
        assert all(curve.scene() is view.scene() for curve in view.gradient_curves)
        assert len(view.gradient_plot.listDataItems()) == n  # the dropped ones are gone
    assert view.gradient_curves[:2] == first[:2]  # kept, not rebuilt
