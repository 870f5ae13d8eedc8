"""The Neural network tab's plain pieces: layer parsing, settings validation, curve thinning,
the restored loss history and the inspector's matrix text (no Qt widgets)."""

import numpy as np
import pytest

from gui.tabs.network.curves import decades, nice_ceiling
from gui.tabs.network.history import RunHistory, Trail, thin
from gui.tabs.network.matrix_text import matrix_text
from gui.tabs.network.session import restore
from gui.tabs.network.settings import LayerError, NetworkSettings, default_settings, parse_layers


@pytest.mark.parametrize("text, sizes", [
    ("2-4-1", (2, 4, 1)), ("2, 8, 8, 1", (2, 8, 8, 1)), (" 2 3 1 ", (2, 3, 1)),
    ("-".join(["2"] + ["64"] * 8 + ["1"]), (2, *[64] * 8, 1)),
])
def test_layer_text_is_read(text, sizes):
    assert parse_layers(text) == sizes


@pytest.mark.parametrize("text, words", [
    ("2-x-1", "'x' is not a whole number"), ("2-0-1", "at least one unit"),
    ("2-65-1", "limit is 64"), ("2", "at least an input"), ("", "at least an input"),
    ("-".join(["2"] + ["4"] * 9 + ["1"]), "9 hidden layers"), ("2-4.5-1", "'4.5'"),
    ("2-1e6-1", "'1e6'"), ("2-4-", "layer 3 is empty"), ("2--1", "layer 2 is empty"),
    ("2-²-1", "digits 0-9 only"), ("2-٣-1", "digits 0-9 only"),
    ("2-" + "9" * 5000 + "-1", "5,000-digit"), ("2-99999999999999999999-1", "limit is 64"),
])
def test_bad_layer_text_raises_its_own_error_with_a_message(text, words):
    with pytest.raises(LayerError, match=words):
        parse_layers(text)


def test_a_network_without_hidden_layers_is_allowed():
    assert parse_layers("2-1") == (2, 1)


@pytest.mark.parametrize("key, value", [("learning_rate", 1e-6), ("beta", 0.0),
                                        ("beta", -1.0), ("beta", 25.0)])
def test_the_ends_of_the_notes_ranges_are_accepted(key, value):
    settings = NetworkSettings.from_dict({**default_settings().to_dict(), key: value})
    assert getattr(settings, key) == value


def test_settings_round_trip_and_refuse_absurd_values():
    settings = default_settings()
    assert NetworkSettings.from_dict(settings.to_dict()) == settings
    for key, value in [("learning_rate", 1e6), ("learning_rate", float("nan")),
                       ("momentum", 1.5), ("layers", [2, -1, 1]), ("batch_size", 0),
                       ("activations", ["tanh"]), ("dataset", "mnist"), ("shuffle", "yes"),
                       ("max_epochs", 10**12), ("bogus", 1)]:
        with pytest.raises(ValueError):
            NetworkSettings.from_dict({**settings.to_dict(), key: value})


def test_thin_keeps_the_ends_and_bounds_the_points():
    epochs = np.arange(1, 1_000_001)
    x, y = thin(epochs, epochs * 2.0, 1000)
    assert len(x) <= 1001 and x[0] == 1 and x[-1] == 1_000_000
    np.testing.assert_array_equal(y, 2.0 * x)


def test_trail_halves_when_full_and_stays_ordered():
    trail = Trail(limit=8)
    for epoch in range(1, 101):
        trail.add(epoch, np.array([epoch, -epoch]))
    epochs, values = trail.arrays()
    assert len(epochs) <= 8 and epochs[-1] == 100 and np.all(np.diff(epochs) > 0)
    np.testing.assert_array_equal(values[:, 0], epochs)


def test_axis_steps():
    assert [nice_ceiling(v) for v in (3, 11, 150, 999, 1001)] == [10, 20, 200, 1000, 2000]
    assert decades(np.array([0.003, 0.5, np.nan, 0.0])) == (-3.0, 0.0)
    assert decades(np.array([np.nan])) is None


def test_history_refuses_mismatched_lengths_and_restore_checks_the_curve():
    with pytest.raises(ValueError):
        RunHistory(np.arange(3), np.zeros(2))
    state = {"settings": default_settings().to_dict(), "weights": None, "biases": None,
             "loss_history": {"epochs": [1, 2, 2], "train": [1, 1, 1], "test": None}}
    with pytest.raises(ValueError, match="increasing"):
        restore(state)
    state["loss_history"] = {"epochs": [1, 2], "train": [1.0, "x"], "test": None}
    with pytest.raises(ValueError, match="numbers"):
        restore(state)


def test_matrix_text_brackets_and_cuts():
    assert matrix_text(np.array([[1.0, -2.0]])) == "[ +1.000e+00  -2.000e+00 ]"
    lines = matrix_text(np.arange(60.0).reshape(10, 6)).splitlines()
    assert lines[0].startswith("⎡") and lines[-1].startswith("⎣") and "10 rows" in lines[-1]
    assert "…" in lines[0]
