"""Snapping lives in the Qt-free PlaneModel; the check box and step combo show it."""

import numpy as np
import pytest

from engine.vectors import VectorError
from gui.tabs.vectors.model import PlaneModel
from gui.tabs.vectors.scene import SNAP_STEPS


def test_the_model_rounds_to_its_step_only_when_snapping_is_on():
    model = PlaneModel()
    assert (model.snap, model.snap_step) == (True, SNAP_STEPS[0])
    np.testing.assert_array_equal(model.snapped((4.3, 2.6)), [4.5, 2.5])
    model.set_snap(True, 1.0)
    np.testing.assert_array_equal(model.snapped((4.3, 2.6)), [4.0, 3.0])
    model.set_snap(False, 1.0)
    np.testing.assert_array_equal(model.snapped((4.3, 2.6)), [4.3, 2.6])
    with pytest.raises(VectorError):
        model.set_snap(True, 0.3)
    assert (model.snap, model.snap_step) == (False, 1.0)


def test_a_session_shows_its_snap_and_the_drag_uses_it(qtbot):
    from PySide6.QtCore import QPointF

    from gui.tabs.vectors import VectorsTab

    tab = VectorsTab()
    qtbot.addWidget(tab)
    tab.set_state(dict(tab.state(), snap=True, snap_step=1.0))
    assert tab.snap_check.isChecked() and tab.snap_step_combo.currentData() == 1.0
    assert (tab.model.plane.snap, tab.model.plane.snap_step) == (True, 1.0)
    tab.plane.handles["b"].setPos(QPointF(4.3, 2.6))
    np.testing.assert_array_equal(tab.model.plane.vectors["b"], [4.0, 3.0])
    with pytest.raises(ValueError):
        tab.set_state(dict(tab.state(), snap_step=0.3))
    assert tab.snap_step_combo.currentData() == tab.model.plane.snap_step == 1.0
    tab.snap_check.setChecked(False)
    assert tab.state()["snap"] is False and not tab.snap_step_combo.isEnabled()
