"""Blocks of steps (engine/descent/quiet.py) give a race exactly what one step at a time
gives: every path, value, ‖∇f‖, status, message and checkpoint, bit for bit."""

import numpy as np
import pytest

from engine.descent import quiet
from engine.descent import run as run_module
from engine.descent.optimizers import AdaGrad, Adam, GradientDescent, Momentum, Nesterov, RMSProp
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Surface, surface

STARTS = np.random.default_rng(5).uniform((-1.5, -1.0), (1.5, 2.0), size=(6, 2))
EVERY = [GradientDescent(alpha=1e-3), Momentum(alpha=1e-3), Nesterov(alpha=1e-3),
         AdaGrad(alpha=0.1), RMSProp(alpha=1e-2), Adam(alpha=0.05)]  # fmt: skip

CASES = {
    "rosenbrock, every optimizer, one start": (surface("rosenbrock"), EVERY, 1, 1e-6, 20_000),
    "rosenbrock, Adam alone (the benchmark)": (surface("rosenbrock"), [Adam(alpha=1e-3)], 1,
                                               1e-12, 10**9),
    "himmelblau, several starts, converge and max_steps": (
        surface("himmelblau"), [Adam(alpha=0.05), Momentum(alpha=0.01)], 4, 1e-6, 700),
    "a plane tilted downhill (∂f/∂y is a constant): unbounded": (
        Surface.from_formula("2x^2 + 4y", (-2, 2, -2, 2)),
        [GradientDescent(alpha=0.1), Adam(alpha=0.5)], 2, 1e-6, 20_000),
    "x^6 with a large step: diverges, then the advice's trial runs": (
        Surface.from_formula("x^6 + y^2", (-2, 2, -2, 2)),
        [GradientDescent(alpha=0.3), Adam(alpha=0.01)], 3, 1e-6, 20_000),
    "a parameter, a log undefined past the edge": (
        Surface.from_formula("a x^2 + y^2 - ln(x + 3)", (-2, 2, -2, 2), {"a": 1.5}),
        [GradientDescent(alpha=0.6), RMSProp(alpha=0.05)], 3, 1e-8, 20_000),
}


def same(a: DescentSnapshot, b: DescentSnapshot) -> None:
    assert (a.step, a.finished, a.stride, a.checkpoints) == (
        b.step, b.finished, b.stride, b.checkpoints)  # fmt: skip
    assert len(a.trajectories) == len(b.trajectories)
    for s, t in zip(a.trajectories, b.trajectories, strict=True):
        for name, value in vars(s).items():
            other = getattr(t, name)
            if isinstance(value, np.ndarray):
                assert value.dtype == other.dtype and np.array_equal(value, other), name
            else:
                assert value == other, name


def race(case: str, blocks: bool, monkeypatch: pytest.MonkeyPatch) -> list[DescentSnapshot]:
    """Snapshots after chunks of steps, a start placed mid-run, α changed, a rewind."""
    s, optimizers, starts, eps, max_steps = CASES[case]
    with monkeypatch.context() as patch:
        if not blocks:
            patch.setattr(run_module, "block_length", lambda swarm, wanted: 0)
        run = DescentRun(s, optimizers, [tuple(p) for p in STARTS[:starts]], eps=eps,
                         max_steps=max_steps, history=256)  # fmt: skip
        shots = [run.step(n) for n in (1, 2, 5, 100, 37)]
        run.add_start(0.25, -0.5)
        shots += [run.step(n) for n in (3, 400)]
        run.set_hyperparameters(0, alpha=float(optimizers[0].alpha) / 2)
        shots.append(run.step(1000))
        run.rewind(64)
        shots += [run.step(n) for n in (1, 999)]
    return shots


@pytest.mark.parametrize("case", list(CASES))
def test_blocks_give_the_same_race_as_single_steps(case, monkeypatch):
    blocks_run = []
    real = quiet.advance_block

    def counted(swarm, n):
        block = real(swarm, n)
        blocks_run.append(block is not None)
        return block

    monkeypatch.setattr(run_module, "advance_block", counted)
    fast = race(case, True, monkeypatch)
    single = race(case, False, monkeypatch)
    for a, b in zip(fast, single, strict=True):
        same(a, b)
    assert any(blocks_run)  # the blocks did run: the comparison is not of one path with itself


def test_a_block_sent_back_leaves_the_swarm_as_it_was():
    bowl = Surface.from_formula("x^2 + y^2", (-2, 2, -2, 2))
    run = DescentRun(bowl, [GradientDescent(alpha=0.1), Adam(alpha=0.01)], [(1.0, 1.0)],
                     eps=1e-3)  # fmt: skip
    swarm = run.swarm
    run.step(3)  # Adam's state is no longer zeros
    before = swarm.x.copy(), swarm.f.copy(), swarm.g.copy(), swarm.steps.copy()
    state = {key: value.copy() for key, value in swarm.groups[1].state.items()}
    assert quiet.advance_block(swarm, 60) is None  # gradient descent converges in there
    for old, new in zip(before, (swarm.x, swarm.f, swarm.g, swarm.steps), strict=True):
        assert np.array_equal(old, new)
    for key, value in state.items():
        assert np.array_equal(value, swarm.groups[1].state[key])
