"""The Neural network tab's model without Qt: every path that could leave the settings
shown out of step with the engine, checked against the engine job itself."""

import pickle
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from engine.network.live_run import LiveRun
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.settings import CSV_NAME, default_settings, fit_layers


class FakeTrainer:
    """The worker's contract, in-process and by hand: the test says when epochs pass.

    Like the trainer process, it works on its own copy of the job, so the model
    can only know what the trainer uses by what it sent.
    """

    def __init__(self) -> None:
        self.state, self.has_job, self.job, self.model = "idle", False, None, None

    def start(self, job: LiveRun, paused: bool = False) -> None:
        self.job = pickle.loads(pickle.dumps(job))
        self.has_job, self.state = True, "paused" if paused else "running"

    def pause(self) -> None:
        if self.state == "running":
            self.state = "paused"

    def resume(self) -> None:
        if self.state == "paused":
            self.state = "running"

    def step_once(self, n: int = 1) -> None:
        self.pause()
        self.run(n)

    def submit(self, command) -> None:
        if self.job is not None:
            command(self.job)
            self.model.on_snapshot(self.job.snapshot())

    def cancel(self) -> None:
        self.job, self.state = None, "idle"

    def run(self, n: int) -> None:
        self.job.step(n)
        self.model.on_snapshot(self.job.snapshot())  # the newest (step may return a cached one)
        if self.job.finished:
            self.state = "finished"

    def kill(self) -> None:
        """What the worker reports when the trainer process dies."""
        self.job, self.state = None, "idle"
        self.model.on_error("the trainer process stopped (exit code -9)")


class Recorder:
    def __init__(self, model: NetworkModel) -> None:
        self.events: list[tuple] = []
        for name in ("settings", "refusal", "run", "snapshot", "status"):
            model.connect(name, lambda *args, name=name: self.events.append((name, *args)))

    def last(self, name: str) -> tuple:
        return next(e for e in reversed(self.events) if e[0] == name)[1:]


def assert_in_use(model: NetworkModel) -> None:
    """The settings the views were last told of are the model's, and the engine runs on them."""
    shown = model.recorder.last("settings")[0]
    assert shown == model.settings
    run = model.trainer.job.run
    assert run.learning_rate == shown.learning_rate
    assert run.momentum == shown.momentum
    assert run.max_epochs + model.history.offset == shown.max_epochs
    assert run.network.seeds == (shown.seed,) and run.network.init == shown.init
    assert tuple(W.shape[1] for W in run.network.W) == shown.layers[1:]


def test_the_model_imports_no_qt():
    code = ("import sys, gui.tabs.network.model, gui.evented; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("field, value", [("learning_rate", 1e-4), ("momentum", 0.3),
                                          ("max_epochs", 77)])
def test_a_live_change_reaches_the_engine_and_stays_through_a_refused_csv(model, tmp_path,
                                                                           field, value):
    model.trainer.run(5)
    model.edit(replace(model.settings, **{field: value}))
    assert getattr(model.settings, field) == value and model.latest.training.epoch == 5
    assert_in_use(model)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n1,2,a\n")
    assert not model.rebuild(replace(model.settings, dataset=CSV_NAME, csv_path=str(bad)),
                             "CSV")
    field_name, why = model.recorder.last("refusal")
    assert field_name == "data" and "keeping the current network" in why
    assert getattr(model.settings, field) == value and model.settings.dataset != CSV_NAME
    assert model.latest.training.epoch == 5
    assert_in_use(model)


def test_the_engine_reports_the_live_learning_rate_in_its_snapshot(model):
    model.edit(replace(model.settings, learning_rate=1e-6))
    assert model.latest.training.learning_rate == pytest.approx(1e-6)


def test_an_architecture_change_that_does_not_fit_memory_is_refused_and_nothing_moves(model):
    model.edit(replace(model.settings, learning_rate=0.01))
    model.trainer.run(3)
    big = replace(model.settings, layers=(2, *[64] * 8, 1), activations=("tanh",) * 8
                  + ("sigmoid",), dataset="two spirals", n_samples=5000, batch_mode="online")
    model.edit(big)  # fits memory; now many more networks than memory allows
    with pytest.raises(ValueError, match="memory"):
        model.many_starts_job(500)
    assert_in_use(model)


def test_a_preset_shows_and_uses_its_own_values(model):
    model.edit(replace(model.settings, learning_rate=1e-4, momentum=0.2))
    assert model.apply_preset("notes")
    assert model.settings.learning_rate == 1.0 and model.settings.momentum == 0.0
    assert model.settings.layers == (2, 2, 1) and model.latest.training.epoch == 0
    assert_in_use(model)


def test_session_open_shows_the_saved_settings_and_all_three_curves(model):
    model.edit(replace(model.settings, learning_rate=0.2, max_epochs=500))
    for _ in range(4):
        model.trainer.run(10)
    saved = model.state()
    epochs_saved, rows_saved = model.history.trails()
    other = NetworkModel(FakeTrainer())
    other.trainer.model = other
    other.recorder = Recorder(other)
    other.rebuild(other.settings, "Ready")
    other.set_state(saved)
    assert other.settings == model.settings and other.epoch() == 40
    assert_in_use(other)
    epochs, rows = other.history.trails()
    np.testing.assert_array_equal(epochs, epochs_saved)
    np.testing.assert_allclose(rows, rows_saved)
    assert rows.shape[1] == 2 + 2  # train and test accuracy, ‖∂C/∂θ¹‖, ‖∂C/∂θ²‖
    e, train, _ = other.history.losses(other.latest.training)
    assert e[-1] == 40 and np.isfinite(train).all()


def test_a_session_that_does_not_fit_changes_nothing(model):
    before = model.settings
    state = model.state()
    state["settings"]["layers"] = [2, 3, 1]  # weights saved for 2-4-1
    with pytest.raises(ValueError):
        model.set_state(state)
    assert model.settings == before
    assert_in_use(model)


def test_continue_this_one_takes_the_members_settings_weights_and_curves(model):
    model.edit(replace(model.settings, learning_rate=0.3))
    job = model.many_starts_job(6)
    from gui.tabs.network.history import MemberTrails
    trails = MemberTrails()
    for _ in range(5):
        job.step(8)
        trails.add(job.snapshot().training)
    t = job.snapshot().training
    model.edit(replace(model.settings, learning_rate=0.05))  # live, after the many starts
    model.continue_member(t, 3, trails.member(3, 6))
    assert model.settings.seed == default_settings().seed + 3
    assert model.settings.learning_rate == 0.3  # what network 3 was trained with
    assert_in_use(model)
    np.testing.assert_array_equal(model.trainer.job.run.network.W[0][0], t.weights[0][3])
    epochs, rows = model.history.trails()
    assert epochs[-1] == 40 and rows.shape == (5, 4)
    np.testing.assert_allclose(rows[-1, 2:], t.grad_norms[3])
    assert rows[-1, 0] == t.train_accuracy[3]
    e, train, _ = model.history.losses(model.latest.training)
    assert e[-1] == 40
    np.testing.assert_allclose(train[-1], t.loss_history[-1, 3], rtol=1e-6)


def test_refused_layer_text_keeps_the_network_and_says_why(model):
    model.refuse_layers("layer 2: '²' is not a whole number of units")
    field, why = model.recorder.last("refusal")
    assert field == "layers" and "keeping 2-4-1" in why
    assert_in_use(model)


def test_after_the_trainer_dies_play_goes_on_from_the_last_weights(model):
    model.edit(replace(model.settings, learning_rate=0.2))
    model.trainer.run(30)
    weights = [W.copy() for W in model.latest.training.weights]
    model.trainer.kill()
    text, kind = model.recorder.last("status")
    assert kind == "problem" and "Press Play to go on from the weights of epoch 30" in text
    model.play()
    assert model.trainer.state == "running" and model.failure == ""
    for W, W_new in zip(weights, model.trainer.job.run.network.W, strict=True):
        np.testing.assert_array_equal(W, W_new)
    assert_in_use(model)
    model.trainer.run(10)
    assert model.epoch() == 40
    epochs, _ = model.history.trails()
    assert epochs[0] == 0 and epochs[-1] == 40
    assert model.history.losses(model.latest.training)[0][-1] == 40


def test_three_classes_use_softmax_and_the_model_says_so(model, tmp_path):
    data = tmp_path / "three.csv"
    rng = np.random.default_rng(0)
    rows = [f"{x:.3f},{y:.3f},{c}" for c in range(3) for x, y in rng.normal(c, 0.3, (20, 2))]
    data.write_text("x,y,label\n" + "\n".join(rows) + "\n")
    assert model.rebuild(replace(model.settings, dataset=CSV_NAME, csv_path=str(data)), "CSV")
    assert model.settings.layers == (2, 4, 3) and model.settings.activations[-1] == "sigmoid"
    assert model.output_activation() == "softmax"
    assert model.trainer.job.run.network.activations[-1].name == "softmax"


@pytest.mark.parametrize("weights, words", [
    ([[[1.0, 2.0], [3.0]], [[1.0] * 4]], "W\\^1 is ragged"),
    ([[["a", "b"]] * 4, [[1.0] * 4]], "W\\^1 must hold numbers only"),
    ([[[1e308 * 10, 0.0]] * 4, [[1.0] * 4]], "not finite"),
])
def test_ragged_or_odd_saved_weights_are_refused_in_words(model, weights, words):
    state = model.state()
    state["weights"] = weights
    with pytest.raises(ValueError, match=words):
        model.set_state(state)
    assert_in_use(model)


def test_the_preset_is_named_only_while_all_its_values_are_in_use(model):
    assert model.preset_in_use() == "recommended"
    model.edit(replace(model.settings, learning_rate=0.01))
    assert model.preset_in_use() == ""
    model.edit(replace(model.settings, learning_rate=0.5, preset=""))
    assert model.preset_in_use() == "recommended"  # the values are the preset's again
    model.apply_preset("notes")
    assert model.preset_in_use() == "notes"


def test_a_preset_on_three_class_data_is_still_that_preset(model, tmp_path):
    data = tmp_path / "three.csv"
    data.write_text("x,y,label\n" + "\n".join(f"{i % 5},{i % 7},{i % 3}" for i in range(30)))
    assert model.rebuild(replace(model.settings, dataset=CSV_NAME, csv_path=str(data)), "CSV")
    assert model.apply_preset("notes") and model.settings.layers == (2, 2, 3)
    assert model.preset_in_use() == "notes"


class IdlePreparer:
    """A preparer that never runs its job (as after the window's shutdown)."""

    def __init__(self) -> None:
        self.jobs = []

    def start(self, job, paused: bool = False) -> None:
        self.jobs.append(job)


def test_a_big_networks_start_is_prepared_off_the_gui_thread_and_save_waits_for_it(model):
    # issue 14: 8 × 64 hidden units took 1.7 s to start on the GUI thread
    preparer = model.preparer = IdlePreparer()
    wide = fit_layers(model.settings, (2, 64, 64, 64, 1))
    model.edit(wide)
    assert model.starting and model.latest is None and len(preparer.jobs) == 1
    assert model.settings.layers == (2, 64, 64, 64, 1)  # in use, and shown, at once
    saved = model.state()  # never new settings with the old weights: the run is built here
    assert not model.starting and [np.shape(W) for W in saved["weights"]] == [
        (64, 2), (64, 64), (64, 64), (1, 64)]
    assert model.trainer.job is not None and model.recorder.last("run")
    model.on_prepared(preparer.jobs[0])  # the preparer's late answer changes nothing
    assert model.latest.training.weights[0].shape[1:] == (64, 2)


def test_a_big_csvs_start_is_prepared_off_the_gui_thread_even_for_a_small_network(
        model, tmp_path):
    # issue 14: Start on a 100,000-row CSV held the GUI thread (2-4-1: ~150 ms measured)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 2))
    path = tmp_path / "big.csv"
    np.savetxt(path, np.column_stack([X, X[:, 0] > 0]), delimiter=",", fmt="%.4f",
               header="x,y,label", comments="")
    preparer = model.preparer = IdlePreparer()
    big = replace(model.settings, dataset=CSV_NAME, csv_path=str(path))
    assert model.rebuild(big, "CSV")
    assert model.starting and len(preparer.jobs) == 1
    small = replace(model.settings, dataset="two moons", n_samples=200)
    assert model.rebuild(small, "moons")  # a small data set starts at once, as before
    assert not model.starting and len(preparer.jobs) == 1
