"""The Neural network tab's plain pieces: layer parsing, settings validation, curve thinning,
the restored loss history and the inspector's matrix text (no Qt widgets)."""

import numpy as np
import pytest

from gui.tabs.network.curves import Trail, decades, nice_ceiling, thin
from gui.tabs.network.matrix_text import matrix_text
from gui.tabs.network.session import History, restore
from gui.tabs.network.settings import LayerError, NetworkSettings, default_settings, parse_layers


@pytest.mark.parametrize("text, sizes", [
    ("2-4-1", (2, 4, 1)), ("2, 8, 8, 1", (2, 8, 8, 1)), (" 2 3 1 ", (2, 3, 1)),
    ("-".join(["2"] + ["64"] * 8 + ["1"]), (2, *[64] * 8, 1)),
])
def test_layer_text_is_read(text, sizes):
    assert parse_layers(text) == sizes


@pytest.mark.parametrize("text", ["2-x-1", "2-0-1", "2-65-1", "2", "",
                                  "-".join(["2"] + ["4"] * 9 + ["1"]), "2-4.5-1", "2-1e6-1"])
def test_bad_layer_text_raises_its_own_error(text):
    with pytest.raises(LayerError):
        parse_layers(text)


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
        History(np.arange(3), np.zeros(2))
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
