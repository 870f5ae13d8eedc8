"""The Vectors tab's models without Qt: intents, refusals, events, sessions."""

import subprocess
import sys

import numpy as np
import pytest

from gui.tabs.vectors.model import PlaneModel, VectorsModel
from gui.tabs.vectors.space_model import SpaceModel


def _recorder(model, *events):
    heard = []
    for event in events:
        model.connect(event, lambda *args, event=event: heard.append((event, *args)))
    return heard


def test_typed_components_are_parsed_and_bad_text_is_refused_with_a_message():
    model = PlaneModel()
    heard = _recorder(model, "changed", "message")
    assert model.type_component("b", 0, "1/2")
    np.testing.assert_array_equal(model.vectors["b"], [0.5, 2.0])
    assert heard == [("changed", "edit")]
    assert not model.type_component("a", 1, "abc")
    np.testing.assert_array_equal(model.vectors["a"], [1.0, 1.0])
    assert model.message.startswith("OA, y:") and model.message.endswith("unchanged.")
    assert heard[-2:] == [("message", model.message), ("changed", "quiet")]
    assert model.type_component("a", 1, "2")
    assert model.message == "" and heard[-2] == ("message", "")


def test_the_scene_is_rebuilt_from_the_inputs_after_each_change():
    model = PlaneModel()
    ab = next(r for r in model.scene().rows if r.key == "result")
    np.testing.assert_array_equal(ab.vector, [2.0, 1.0])  # OB − OA = (3 − 1, 2 − 1)
    model.drag_head("b", (4.3, 2.6))  # snapped to 0.5
    ab = next(r for r in model.scene().rows if r.key == "result")
    np.testing.assert_array_equal(ab.vector, [4.5 - 1.0, 2.5 - 1.0])


def test_k_typed_out_of_range_keeps_the_k_in_use():
    model = PlaneModel()
    model.set_operation("scale")
    assert model.type_k("-3/2") and model.k == -1.5
    assert not model.type_k("7")
    assert model.k == -1.5 and "k must lie between −3 and 3" in model.message
    assert not model.type_k("nan") and model.k == -1.5


def test_sliding_an_arrow_moves_its_tail_on_the_grid_and_keeps_its_components():
    model = PlaneModel()
    model.slide("result", (0.9, -1.2), "start")
    model.slide("result", (1.1, -0.9), "finish")  # from the tail where the drag began
    arrow = model.arrow("result")
    np.testing.assert_array_equal(arrow.tail, [2.0, 0.0])  # (1, 1) + (1, −1), snapped
    np.testing.assert_array_equal(arrow.vector, [2.0, 1.0])
    model.reset_translations()
    np.testing.assert_array_equal(model.arrow("result").tail, [1.0, 1.0])


def test_space_refuses_bad_text_and_keeps_its_angles_in_range():
    model = SpaceModel()
    heard = _recorder(model, "vectors", "view")
    assert not model.type_component("a", 2, "1e308")
    np.testing.assert_array_equal(model.vectors["a"], [2.0, 0.0, 1.0])
    assert "unchanged" in model.message and heard == [("vectors",)]
    assert model.type_component("b", 2, "3") and model.message == ""
    # a × b by hand: (0·3 − 1·2, 1·1 − 2·3, 2·2 − 0·1)
    np.testing.assert_array_equal(model.cross().value, [-2.0, -5.0, 4.0])
    model.turn(500, -120.4)
    assert (model.azimuth, model.elevation) == (180, -89) and heard[-1] == ("view",)


def test_a_state_round_trips_and_a_bad_one_changes_nothing():
    model = VectorsModel()
    model.plane.type_component("a", 0, "-2")
    model.plane.set_operation("dot")
    model.plane.set_snap(False, 1.0)
    model.space.turn(100, 10)
    model.show_view(1)
    saved = model.state()
    other = VectorsModel()
    heard = _recorder(other, "view")
    other.set_state(saved)
    assert other.state() == saved and heard == [("view", 1)]
    for bad in ({"space": {"azimuth": 1e30}, "plane": {"a": [4.0, 1.0]}},
                {"plane": {"a": [1, 2, 3]}}, {"snap_step": 0.3}, {"plane": {"k": 9}},
                {"plane": "no"}):
        with pytest.raises(ValueError):
            other.set_state(bad)
        assert other.state() == saved


def test_reset_is_the_notes_example_and_the_plane_view():
    model = VectorsModel()
    model.plane.type_component("b", 1, "7")
    model.space.type_component("a", 0, "5")
    model.show_view(1)
    model.reset()
    assert model.plane.state()["b"] == [3.0, 2.0] and model.space.state()["a"] == [2.0, 0.0, 1.0]
    assert model.view == 0


def test_the_models_import_no_qt():
    code = ("import sys, gui.tabs.vectors.model; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
