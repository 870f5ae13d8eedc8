"""DescentModel with plain pytest: no Qt, fake workers that run commands at once.

Each test follows one path that could leave a control out of step with the
engine, and checks that the settings the model announces are the ones the
engine (the DescentRun or MultiStart handed to the worker) is using.
"""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from engine.descent.multistart import MultiStart
from engine.descent.run import DescentRun
from engine.symbolic.expressions import parse
from gui.tabs.descent import choices
from gui.tabs.descent.model import DescentModel, default_expression


class FakeWorker:
    """The Worker methods the model uses; commands run on the job at once."""

    def __init__(self) -> None:
        self.state = "idle"
        self.job: Any = None
        self.started: list[Any] = []

    def start(self, job: Any, paused: bool = False) -> None:
        self.job, self.state = job, "paused" if paused else "running"
        self.started.append(job)

    def cancel(self) -> None:
        self.state = "cancelled"

    def pause(self) -> None:
        self.state = "paused" if self.state == "running" else self.state

    def resume(self) -> None:
        self.state = "running" if self.state == "paused" else self.state

    def toggle(self) -> None:
        self.state = {"running": "paused", "paused": "running"}.get(self.state, self.state)

    def submit(self, command: Any) -> None:
        command(self.job)

    def step_once(self, n: int) -> None:
        self.job.step(n)


class Recorder:
    def __init__(self, model: DescentModel) -> None:
        self.events: list[tuple[str, tuple]] = []
        for name in ("settings", "refusal", "surface", "analysis", "snapshot", "basins",
                     "mode", "run", "status"):  # fmt: skip
            model.connect(name, lambda *args, name=name: self.events.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]


def analysed(model: DescentModel) -> None:
    """The analysis worker's picture arrives (f and ∇f ready; no critical points yet)."""
    model.on_analysis(SimpleNamespace(surface=model.surface, field=object(), critical=None,
                                      critical_error="", partials=None))  # fmt: skip
    model.on_analysis_done()


@pytest.fixture
def model() -> DescentModel:
    m = DescentModel(FakeWorker(), FakeWorker(), FakeWorker(), analysis_job=lambda s: ("job", s))
    m.set_expression(default_expression())
    analysed(m)
    return m


def test_the_model_imports_no_qt() -> None:
    code = ("import sys, gui.tabs.descent.model; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_new_surface_is_analysed_then_raced_with_the_settings_in_use(model) -> None:
    run = model.run_worker.job
    assert isinstance(run, DescentRun) and run.surface is model.surface
    keys = [type(o).__name__ for o in run.optimizers]
    assert len(keys) == len(model.settings.optimizers) == len(choices.DEFAULT_OPTIMIZERS)
    assert model.starts == list(choices.default_starts(choices.DEFAULT_SURFACE))
    assert model.analysis_worker.started == [("job", model.surface)]


def test_a_live_change_of_alpha_and_mu_reaches_the_running_race(model) -> None:
    run = model.run_worker.job
    model.play_pause()
    assert model.run_worker.state == "running"
    seen = Recorder(model)
    alphas = {"adam": 0.02}
    model.set_values({**model.settings.hyperparameters, "alpha": 0.003, "mu": 0.5}, alphas)
    assert model.run_worker.job is run  # live: the same race, not a new one
    assert seen.names() == ["settings"]
    for key, optimizer in zip(model.settings.optimizers, run.optimizers, strict=True):
        assert optimizer.alpha == pytest.approx(alphas.get(key, 0.003))
        if hasattr(optimizer, "mu"):
            assert optimizer.mu == pytest.approx(0.5)
    assert model.settings.hyperparameters["alpha"] == 0.003
    assert model.settings.alphas == alphas


def test_a_refused_value_keeps_the_values_in_use_and_says_why(model) -> None:
    before = dict(model.settings.hyperparameters)
    seen = Recorder(model)
    model.set_values({**before, "mu": 1.5}, {})
    assert model.settings.hyperparameters == before
    assert seen.names()[:2] == ["settings", "refusal"]
    assert seen.events[0][1][0].hyperparameters == before
    assert "Cannot use these values" in model.refusals["optimizers"]


def test_a_refused_formula_keeps_the_surface_formula_and_run(model) -> None:
    surface, run, formula = model.surface, model.run_worker.job, model.settings.formula
    seen = Recorder(model)
    ok = model.set_expression(parse("x + y", ("x", "y")), domain=(0.0, 0.0, 0.0, 1.0))
    assert not ok
    assert (model.surface, model.run_worker.job, model.settings.formula) == (surface, run,
                                                                             formula)
    assert seen.names()[:2] == ["settings", "refusal"]
    assert seen.events[1][1][0] == "formula"
    assert model.status_text.startswith("Cannot use this formula")


def test_a_refused_domain_keeps_the_domain_in_use(model) -> None:
    domain = model.domain
    seen = Recorder(model)
    model.set_domain((3.0, 1.0, 0.0, 1.0))
    assert model.domain == domain
    assert seen.names()[:2] == ["settings", "refusal"]
    assert "Cannot use this domain" in model.refusals["domain"]


def test_a_typed_formula_keeps_the_domain_and_a_preset_brings_its_own(model) -> None:
    model.set_domain((-2.0, 2.0, -1.0, 1.0))
    model.set_expression(parse("x^2 + a*y^2", ("x", "y")))
    assert model.domain == (-2.0, 2.0, -1.0, 1.0)
    assert model.settings.parameters == {"a": 1.0}
    assert model.surface.params == {"a": 1.0}
    preset = choices.surface_presets()[0][1]
    model.set_expression(parse(preset, ("x", "y")))
    key = choices.named_surface_for(model.expression)
    assert key is not None
    assert model.surface.domain == choices.build_surface(model.expression, None).domain
    assert model.starts == list(choices.default_starts(key))
    assert model.settings.formula == preset


def test_parameters_reach_the_surface_and_are_remembered_across_formulas(model) -> None:
    model.set_expression(parse("x^2 + a*y^2", ("x", "y")))
    model.set_parameters({"a": 3.0})
    assert model.surface.params["a"] == 3.0 and model.settings.parameters == {"a": 3.0}
    model.set_expression(parse("a*x^2 + y^2", ("x", "y")))
    assert model.surface.params["a"] == 3.0
    model.set_parameters({"a": float("nan")})
    assert model.surface.params["a"] == 3.0 and "parameters" in model.refusals


def test_the_basin_map_sweeps_with_its_chosen_optimizer_and_follows_the_ticks(model) -> None:
    model.set_grid(10)
    model.set_mode("basins")
    analysed(model)
    sweep = model.basin_worker.job
    assert isinstance(sweep, MultiStart)
    assert model.settings.basin_optimizer == choices.DEFAULT_OPTIMIZERS[0]
    model.choose_basin_optimizer("adam")
    assert model.basin_worker.job is not sweep
    assert model.basin_label.startswith("Adam")
    model.choose_optimizers(["momentum"])  # Adam no longer ticked
    assert model.settings.basin_optimizer == "momentum"
    assert model.basin_label.startswith("Momentum")
    model.choose_basin_optimizer("no such")
    assert model.settings.basin_optimizer == "momentum"


def test_a_session_round_trips_and_a_refused_one_changes_nothing(model) -> None:
    model.set_values({**model.settings.hyperparameters, "alpha": 0.004}, {"gd": 0.05})
    model.set_tolerance(1e-7)
    model.set_max_steps(1234)
    saved = model.state()
    other = DescentModel(FakeWorker(), FakeWorker(), FakeWorker(), analysis_job=lambda s: s)
    other.set_state(saved)
    assert other.state() == saved
    analysed(other)
    run = other.run_worker.job
    assert run.optimizers[0].alpha == pytest.approx(0.05)
    assert run.swarm.max_steps == 1234
    bad = {**saved, "domain": [1.0, -1.0, 0.0, 1.0]}
    seen = Recorder(other)
    with pytest.raises(ValueError):
        other.set_state(bad)
    assert other.state() == saved
    assert seen.names()[:2] == ["settings", "refusal"]
    with pytest.raises(ValueError):
        other.set_state({**saved, "formula": "x +* y"})
    assert other.state() == saved


def test_a_click_in_basin_mode_adds_no_start_and_a_clear_empties_them(model) -> None:
    n = len(model.starts)
    model.add_start(0.5, 0.5)
    assert len(model.starts) == n + 1
    model.clear_starts()
    assert model.starts == []
    model.set_mode("basins")
    model.add_start(0.1, 0.1)
    assert model.starts == []


def test_the_3d_view_turns_within_its_ranges_and_is_saved(model) -> None:
    heard = Recorder(model)
    model.connect("turned", lambda *a: heard.events.append(("turned", a)))
    model.connect("view", lambda *a: heard.events.append(("view", a)))
    model.turn_surface(400.4, -3)
    assert (model.settings.azimuth, model.settings.elevation) == (180, 0)
    model.turn_surface(180, 0)  # no change, no event
    model.show_view("surface")
    model.show_view("nowhere")
    assert heard.events == [("turned", (180, 0)), ("view", ("surface",))]
    state = model.state()
    assert (state["view"], state["azimuth"], state["elevation"]) == ("surface", 180, 0)
    other = DescentModel(FakeWorker(), FakeWorker(), FakeWorker(), lambda s: ("job", s))
    other.set_state(state)
    assert other.state()["azimuth"] == 180 and other.settings.view == "surface"
    for bad in ({"azimuth": 1e30}, {"elevation": -5}, {"view": "sideways"}, {"azimuth": True}):
        with pytest.raises(ValueError, match=r"azimuth|elevation|view"):
            other.set_state({**state, **bad})
        assert other.state() == state


def test_alpha_for_one_optimizer_or_for_every_one(model) -> None:
    model.set_alpha("adam", 0.05)
    model.set_alpha("gd", 0.002)
    assert model.settings.alphas == {"adam": 0.05, "gd": 0.002}
    assert model.settings.hyperparameters["alpha"] == choices.DEFAULT_ALPHA
    run = model.run_worker.job
    assert [o.alpha for o in run.optimizers] == [0.002, choices.DEFAULT_ALPHA, 0.05]
    model.set_values({"mu": 0.5})
    assert model.settings.alphas == {"adam": 0.05, "gd": 0.002}  # kept
    model.set_alpha(None, 0.02)
    assert model.settings.alphas == {} and model.settings.hyperparameters["alpha"] == 0.02
    assert all(o.alpha == 0.02 for o in model.run_worker.job.optimizers)


def _played(model: DescentModel, steps: int):
    """The race runs ``steps`` steps and its snapshot reaches the model."""
    model.run_worker.step_once(steps)
    model.on_run_snapshot(model.run.snapshot())
    return model.run_snapshot


def test_rewind_puts_the_race_back_and_the_settings_in_use_apply_from_there(model) -> None:
    model.set_tolerance(1e-12)  # still running after hundreds of steps
    model.run_worker.state = "running"
    _played(model, 40)
    model.add_start(1.0, 1.0)  # placed at step 40: not in the checkpoint of step 32
    _played(model, 300)
    assert model.recorded_steps() == [0, 1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert len(model.starts) == 3
    model.set_values({"mu": 0.5})  # live: the race goes on with μ = 0.5
    assert not model.rewind(100)
    assert "Step 100 was not recorded" in model.status_text
    assert model.rewind(32)
    assert model.run_worker.state == "paused" and model.run.snapshot().step == 32
    assert len(model.starts) == 2 and model.starts == [tuple(p) for p in
                                                       choices.default_starts("himmelblau")]
    momentum = model.run.optimizers[1]
    assert momentum.mu == 0.5  # the setting in use, not the one recorded at step 32
    assert model.rewind(64) is False  # that future was dropped
    model.set_mode("basins")
    assert model.recorded_steps() == [] and not model.rewind(0)


def test_a_finished_race_rewinds_and_waits_for_play(model) -> None:
    model.set_max_steps(20)
    model.run_worker.state = "running"
    snapshot = _played(model, 50)
    assert snapshot.finished
    model.run_worker.state = "finished"
    assert model.rewind(16)
    assert model.run_worker.state == "paused" and model.run_worker.job is model.run
    assert not model.run.finished
