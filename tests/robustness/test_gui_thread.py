"""The work behind user actions runs off the GUI thread (issue 14: no action may block
the window for more than 100 ms).  These tests check where the work runs, not how
long it takes: the times are measured by ``python -m bench.gui_blocks``."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import engine.symbolic.calculus as calculus


@pytest.fixture
def sampled_on(monkeypatch):
    """The threads ``curve_values`` (engine) ran on, as the tab called it."""
    threads: list[threading.Thread] = []
    real = calculus.curve_values

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(calculus, "curve_values", recorded)  # sampling imports it on use
    return threads


@pytest.fixture
def derivatives_tab(qtbot):
    from gui.tabs.derivatives import DerivativesTab

    tab = DerivativesTab()
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    yield tab
    tab.shutdown()


def test_the_derivatives_curves_are_sampled_on_a_worker_thread(qtbot, derivatives_tab,
                                                               sampled_on):
    tab = derivatives_tab
    tab.ui.formula.set_text("a x^2 + sin(b x)")  # a new formula: f, then f′ and f″
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    slider = tab.ui.parameters.sliders["a"].slider
    for value in range(slider.minimum(), slider.maximum(), 7):  # a drag: many requests
        slider.setValue(value)
    tab.range_controls.x_max.setValue(7.0)
    qtbot.waitUntil(tab.is_steady, timeout=60_000)
    assert sampled_on, "the curves were not sampled at all"
    main = threading.main_thread()
    assert all(t is not main for t in sampled_on)
    # only the newest request ran to the end: the last a and the new range are on show
    a = tab.model.params["a"]
    xs, ys = tab.ui.plot.curves[0].getData()
    assert xs[-1] == 7.0 and a == tab.ui.parameters.values()["a"]
    b = tab.model.params["b"]
    np.testing.assert_allclose(ys, a * xs**2 + np.sin(b * xs), atol=1e-9)
