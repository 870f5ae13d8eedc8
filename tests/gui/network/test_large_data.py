"""Large data: a full batch too costly to watch becomes mini-batches once, and says so; the
controls show what the engine then uses, and a full batch the user picks stays."""

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest

from engine.network.presets import LARGE_DATA
from gui.tabs.network.settings import CSV_NAME, fit_layers
from tests.gui.network.test_model import assert_in_use

ROWS = 20_000  # 15,000 training rows (25 % test): 2-64-64-1 needs 66M multiply-adds a pass


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(ROWS, 2))
    path = tmp_path_factory.mktemp("large") / "rows.csv"
    rows = [f"{a:.5f},{b:.5f},{int(a * b > 0)}" for a, b in X]
    path.write_text("x0,x1,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def on_big_csv(model, path, layers=(2, 64, 64, 1)) -> bool:
    return model.rebuild(fit_layers(replace(model.settings, dataset=CSV_NAME, csv_path=path),
                                    layers), "CSV")


def multiply_adds(n_rows, layers):
    # written out here, not the engine's helper: W^m a + b^m per sample, layer by layer
    return n_rows * sum(n_in * n_out + n_out for n_in, n_out in pairwise(layers))


def test_the_threshold_is_the_cost_of_a_full_pass():
    assert LARGE_DATA.applies(15_000, (2, 64, 64, 1))
    assert multiply_adds(15_000, (2, 64, 64, 1)) > LARGE_DATA.multiply_adds
    assert not LARGE_DATA.applies(15_000, (2, 4, 1))
    # the tab's own data sets (at most 5,000 points) stay full batch even at 2-64-64-1
    assert not LARGE_DATA.applies(5_000, (2, 64, 64, 1))
    n = LARGE_DATA.multiply_adds // multiply_adds(1, (2, 64, 64, 1))
    assert not LARGE_DATA.applies(n, (2, 64, 64, 1)) and LARGE_DATA.applies(n + 1, (2, 64, 64, 1))


def test_a_large_csv_through_wide_layers_trains_on_mini_batches_and_says_so(model, big_csv):
    assert model.settings.batch_mode == "full" and model.settings.learning_rate == 0.5
    assert on_big_csv(model, big_csv)
    shown = model.recorder.last("settings")[0]
    assert (shown.batch_mode, shown.batch_size) == ("mini", LARGE_DATA.batch_size)
    assert shown.learning_rate == LARGE_DATA.learning_rate
    assert_in_use(model)
    run = model.trainer.job.run
    assert run.batch_size == LARGE_DATA.batch_size and run.batches_per_epoch == -(-15_000 // 128)
    message = model.recorder.last("run")[0]
    assert "15,000 training rows through 2-64-64-1" in message
    assert "mini-batches of 128" in message and "η = 0.1" in message


def test_a_smaller_learning_rate_is_kept(model, big_csv):
    model.edit(replace(model.settings, learning_rate=0.01))
    assert on_big_csv(model, big_csv)
    assert model.settings.learning_rate == 0.01 and model.settings.batch_mode == "mini"
    assert_in_use(model)


def test_narrow_layers_on_the_same_data_stay_full_batch(model, big_csv):
    assert on_big_csv(model, big_csv, (2, 4, 1))
    assert model.settings.batch_mode == "full" and model.settings.learning_rate == 0.5
    assert "mini-batches" not in model.recorder.last("run")[0]
    # widening the layers on it makes the pass costly: now it switches
    assert model.rebuild(fit_layers(model.settings, (2, 64, 64, 1)), "Layers")
    assert model.settings.batch_mode == "mini"
    assert_in_use(model)


def test_a_full_batch_chosen_on_large_data_stays(model, big_csv):
    assert on_big_csv(model, big_csv)
    model.edit(replace(model.settings, batch_mode="full"))
    assert model.settings.batch_mode == "full"
    assert model.trainer.job.run.batch_size == 15_000
    for again in (model.reset, model.new_start):
        assert again()
        assert model.settings.batch_mode == "full"
        assert "mini-batches" not in model.recorder.last("run")[0]
    assert_in_use(model)


def test_mini_batches_chosen_before_are_left_as_they_are(model, big_csv):
    model.edit(replace(model.settings, batch_mode="mini", batch_size=32, learning_rate=0.3))
    assert on_big_csv(model, big_csv)
    assert (model.settings.batch_size, model.settings.learning_rate) == (32, 0.3)
    assert "mini-batches" not in model.recorder.last("run")[0]


def test_the_controls_show_the_mini_batches_in_use_and_the_message_says_why(qtbot, tab,
                                                                           big_csv):
    from tests.gui.screen import shows_text

    controls = tab.ui.controls
    controls.use_csv(big_csv)
    qtbot.waitUntil(lambda: tab.settings.csv_path == big_csv and tab.latest is not None,
                    timeout=60_000)
    assert controls.batch_mode.currentData() == "full"  # 2-4-1 on it: a cheap full pass
    controls.layers.setText("2-64-64-1")
    controls.layers.editingFinished.emit()
    qtbot.waitUntil(lambda: tab.settings.layers == (2, 64, 64, 1) and tab.latest is not None
                    and not tab.model.starting, timeout=60_000)  # fmt: skip
    run = tab.model.latest.training
    assert controls.batch_mode.currentData() == "mini" and controls.batch_size.isEnabled()
    assert controls.batch_size.value() == LARGE_DATA.batch_size == tab.settings.batch
    assert controls.learning_rate.value() == LARGE_DATA.learning_rate == run.learning_rate
    assert run.batches_per_epoch == -(-15_000 // LARGE_DATA.batch_size)
    message = tab.ui.boundary.message
    assert shows_text(message) and "mini-batches of 128" in message.text()
