"""The swarm's in-place block path gives the same numbers, statuses and messages as the
general (gather/scatter) path, including steps where points stop mid-run."""

import numpy as np
import pytest

from engine.descent.optimizers import AdaGrad, Adam, GradientDescent, Momentum, Nesterov, RMSProp
from engine.descent.surfaces import Surface, surface
from engine.descent.swarm import STATUSES, Swarm

STARTS = np.random.default_rng(3).uniform((-1.5, -1.0), (1.5, 2.0), size=(40, 2))


def _run(s: Surface, optimizers: list, starts: list[np.ndarray], steps: int, *, fast: bool,
         eps: float = 1e-6, max_steps: int = 20_000) -> Swarm:  # fmt: skip
    """Starts added group by group (and a second batch later), then ``steps`` advances."""
    swarm = Swarm(s, optimizers, eps=eps, max_steps=max_steps)
    for group in range(len(optimizers)):
        swarm.add(starts[0], group)
    for step in range(steps):
        if step == steps // 3 and len(starts) > 1:  # a late batch of starts joins the run
            swarm.add(starts[1], 0)
        if not fast:
            for group in swarm.groups:
                group.block = None  # the general path, as before the block path existed
        swarm.advance()
    return swarm


def _assert_same(a: Swarm, b: Swarm) -> None:
    np.testing.assert_allclose(a.x, b.x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.f, b.f, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.g, b.g, rtol=1e-12, atol=1e-12)
    assert a.status.tolist() == b.status.tolist()
    assert a.steps.tolist() == b.steps.tolist()
    assert a.messages == b.messages


CASES = {
    "rosenbrock, every optimizer, some converge": (
        surface("rosenbrock"),
        [GradientDescent(alpha=1e-3), Momentum(alpha=1e-3), Nesterov(alpha=1e-3),
         AdaGrad(alpha=0.1), RMSProp(alpha=1e-2), Adam(alpha=0.05)], 1e-2, 20_000,
        {"converged", "diverged", "running"}),
    "himmelblau, max_steps mid-run": (
        surface("himmelblau"), [Adam(alpha=0.05), Momentum(alpha=0.01)], 1e-9, 57, {"max_steps"}),
    "a plane tilted downhill: unbounded": (
        Surface.from_formula("2x^2 + 4y", (-2, 2, -2, 2)),
        [GradientDescent(alpha=0.1), Adam(alpha=0.5)], 1e-6, 20_000, {"unbounded"}),
    "x^6 with a large step: diverges by overflow and by growth": (
        Surface.from_formula("x^6 + y^2", (-2, 2, -2, 2)),
        [GradientDescent(alpha=0.3), Momentum(alpha=0.2, mu=0.5)], 1e-6, 20_000,
        {"converged", "diverged", "running"}),
    "log: f undefined past the edge": (
        Surface.from_formula("x^2 + y^2 - ln(x + 3)", (-2, 2, -2, 2)),
        [GradientDescent(alpha=1.9), RMSProp(alpha=0.5)], 1e-8, 20_000,
        {"converged", "diverged", "running"}),
    "a tiny ε: the exact norm even in the quick test": (
        Surface.from_formula("x^2 + y^2", (-2, 2, -2, 2)),
        [GradientDescent(alpha=0.5), Adam(alpha=0.1)], 1e-200, 50, {"converged", "max_steps"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_block_path_matches_the_general_path(name):
    s, optimizers, eps, max_steps, endings = CASES[name]
    starts = [STARTS[:25], STARTS[25:]]
    fast = _run(s, optimizers, starts, 300, fast=True, eps=eps, max_steps=max_steps)
    general = _run(s, optimizers, starts, 300, fast=False, eps=eps, max_steps=max_steps)
    _assert_same(fast, general)
    # the case reaches the endings its name promises, so the stopping steps are compared
    assert {STATUSES[k] for k in fast.status} == endings


def test_one_start_alone_matches_and_hits_max_steps_exactly():
    s = surface("rosenbrock")
    fast = _run(s, [Adam(alpha=1e-3)], [STARTS[:1]], 100, fast=True, eps=1e-12, max_steps=37)
    general = _run(s, [Adam(alpha=1e-3)], [STARTS[:1]], 100, fast=False, eps=1e-12,
                   max_steps=37)  # fmt: skip
    _assert_same(fast, general)
    assert STATUSES[fast.status[0]] == "max_steps" and fast.steps[0] == 37


def test_the_running_count_follows_every_stop():
    s, optimizers, eps, *_ = CASES["log: f undefined past the edge"]
    swarm = Swarm(s, optimizers, eps=eps, max_steps=60)
    for group in range(len(optimizers)):
        swarm.add(STARTS, group)
    while not swarm.finished:
        swarm.advance()
        running = swarm.status == 0
        assert [g.running for g in swarm.groups] == [
            int(running[g.rows].sum()) for g in swarm.groups]
    assert not np.any(swarm.status == 0) and swarm.steps.max() == 60
