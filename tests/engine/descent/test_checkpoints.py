"""Rewind a race to a recorded step: replaying repeats a fresh run bit for bit; going on
with other settings equals a fresh run whose settings changed at that step."""

import numpy as np
import pytest

from engine.descent.checkpoints import is_mark
from engine.descent.optimizers import Adam, GradientDescent, Momentum, Nesterov
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import surface

HIMMELBLAU = surface("himmelblau")
ROSENBROCK = surface("rosenbrock")
STARTS = [(-1.5, 2.0), (0.0, 0.0), (1.5, 1.5)]


def optimizers():
    return [GradientDescent(alpha=0.001), Momentum(alpha=0.0005, mu=0.9),
            Nesterov(alpha=0.0005, mu=0.8), Adam(alpha=0.01)]


def race(**options) -> DescentRun:
    """Four optimizers from three starts in Rosenbrock's valley: all still running after
    3,000 steps (ε = 1e-10)."""
    return DescentRun(ROSENBROCK, optimizers(), STARTS, **{"eps": 1e-10, **options})


def same(a: DescentSnapshot, b: DescentSnapshot) -> None:
    """Every number and word of two snapshots equal (arrays bit for bit)."""
    assert (a.step, a.finished, a.stride) == (b.step, b.finished, b.stride)
    assert len(a.trajectories) == len(b.trajectories)
    for s, t in zip(a.trajectories, b.trajectories, strict=True):
        for name, value in vars(s).items():
            other = getattr(t, name)
            if isinstance(value, np.ndarray):
                assert value.dtype == other.dtype and np.array_equal(value, other), name
            else:
                assert value == other, name


def stepped(run: DescentRun, *chunks: int) -> DescentSnapshot:
    for n in chunks:
        run.step(n)
    return run.snapshot()


def test_marks_are_0_1_2_4_8():
    assert [t for t in range(70) if is_mark(t)] == [0, 1, 2, 4, 8, 16, 32, 64]


def test_replaying_from_each_recorded_step_repeats_a_fresh_run_bit_for_bit():
    fresh = stepped(race(max_steps=1000), 1000)
    run = race(max_steps=1000)
    snapshot = stepped(run, 700)
    assert snapshot.checkpoints == (0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
    for step in (512, 8, 0):
        run.rewind(step)
        assert run.snapshot().step == step
        assert run.snapshot().checkpoints[-1] == step  # that future is dropped
        same(stepped(run, 1000), fresh)
        assert fresh.finished and fresh.trajectories[0].status == "max_steps"


def test_a_rewound_step_equals_the_run_at_that_step():
    early = stepped(race(), 256)
    run = race()
    run.step(1000)
    run.rewind(256)
    same(run.snapshot(), early)


def test_thinned_paths_replay_too():
    # a history of 16 rows thins its paths (stride 2, 4, …) many times in 700 steps
    fresh = stepped(race(history=16), 700)
    run = race(history=16)
    run.step(600)
    run.rewind(512)
    same(stepped(run, 100, 88), fresh)
    assert fresh.stride == 64


def test_going_on_with_another_alpha_equals_a_fresh_run_changed_at_that_step():
    fresh = race()
    fresh.step(128)
    fresh.set_hyperparameters(0, alpha=0.002)
    fresh.set_hyperparameters(1, alpha=0.004, mu=0.5)
    fresh.set_eps(1e-4)
    expected = stepped(fresh, 600)
    run = race()
    run.step(400)
    run.rewind(128)
    run.set_hyperparameters(0, alpha=0.002)
    run.set_hyperparameters(1, alpha=0.004, mu=0.5)
    run.set_eps(1e-4)
    same(stepped(run, 600), expected)
    # and differs from the original, which kept α = 0.001 for gradient descent
    original = stepped(race(), 728)
    assert original.trajectories[0].position != expected.trajectories[0].position


def test_a_start_placed_at_a_recorded_step_comes_back_with_it_and_not_before():
    fresh = race()
    fresh.step(64)
    fresh.add_start(1.0, -0.5)
    expected = stepped(fresh, 500)
    run = race()
    run.step(64)
    run.add_start(1.0, -0.5)
    run.step(300)
    run.rewind(64)
    assert len(run.snapshot().trajectories) == 4 * (len(STARTS) + 1)
    same(stepped(run, 500), expected)
    run.rewind(32)
    assert len(run.snapshot().trajectories) == 4 * len(STARTS)


def test_a_diverged_run_replays_its_trial_runs_and_their_advice():
    # α = 0.1 throws gradient descent off Himmelblau: a trial run looks for a smaller α
    def diverging():
        return DescentRun(HIMMELBLAU, [GradientDescent(alpha=0.1)], [(0.5, -4.0)])

    fresh = diverging()
    while not fresh.finished:
        fresh.step(500)
    expected = fresh.snapshot()
    assert expected.trajectories[0].status == "diverged"
    assert "A trial run with α = " in expected.trajectories[0].message
    run = diverging()
    run.step(3)  # diverged within a few steps; the trial is under way
    assert "a trial run is looking" in run.snapshot().trajectories[0].message
    recorded = run.snapshot().checkpoints
    run.step(40)
    run.rewind(recorded[-1])
    while not run.finished:
        run.step(500)
    same(run.snapshot(), expected)


def test_an_unrecorded_step_is_refused_and_changes_nothing():
    run = race()
    before = stepped(run, 100)
    with pytest.raises(ValueError, match="step 50 was not recorded"):
        run.rewind(50)
    same(run.snapshot(), before)
