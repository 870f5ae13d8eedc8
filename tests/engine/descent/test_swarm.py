"""Swarm: rows are independent, a failing row freezes, optimizers swap live."""

import numpy as np
import pytest

from engine.descent.optimizers import Adam, GradientDescent
from engine.descent.surfaces import Surface
from engine.descent.swarm import CONVERGED, DIVERGED, RUNNING, Swarm

BOWL = Surface.from_formula("x^2 + 10y^2", (-2, 2, -2, 2))


def test_a_diverging_row_does_not_disturb_the_others():
    # the same start once alone and once next to a start that x^6 flings away at once
    s = Surface.from_formula("x^6 + y^2", (-2, 2, -2, 2))
    alone, mixed = Swarm(s, [GradientDescent(alpha=0.05)]), Swarm(s, [GradientDescent(alpha=0.05)])
    alone.add(np.array([[0.5, 0.5]]), 0)
    mixed.add(np.array([[0.5, 0.5], [15.0, 0.0]]), 0)
    for _ in range(30):
        alone.advance()
        mixed.advance()
    assert mixed.status[1] == DIVERGED and mixed.steps[1] <= 3
    assert mixed.x[0] == pytest.approx(alone.x[0], rel=0, abs=0)
    assert np.all(np.isfinite(mixed.x)) and np.all(np.isfinite(mixed.f))


def test_each_point_follows_its_own_optimizer():
    swarm = Swarm(BOWL, [GradientDescent(alpha=0.04), Adam(alpha=0.1)])
    swarm.add(np.array([[1.0, 1.0]]), 0)
    swarm.add(np.array([[1.0, 1.0]]), 1)
    swarm.advance()
    # plain descent: (1, 1) − 0.04·(2, 20); Adam's first step: α·sign(∇f) per coordinate
    assert swarm.x[0] == pytest.approx([0.92, 0.2])
    assert swarm.x[1] == pytest.approx([0.9, 0.9])


def test_converged_points_stop_and_running_ones_go_on():
    swarm = Swarm(BOWL, [GradientDescent(alpha=0.04)], eps=1e-3)
    swarm.add(np.array([[0.0, 0.0], [1.0, 1.0]]), 0)
    assert list(swarm.status) == [CONVERGED, RUNNING]
    swarm.advance()
    assert swarm.steps.tolist() == [0, 1] and swarm.x[0] == pytest.approx([0.0, 0.0])


def test_only_hyperparameters_can_change_mid_run():
    swarm = Swarm(BOWL, [GradientDescent()])
    swarm.set_optimizer(0, GradientDescent(alpha=0.2))
    assert swarm.groups[0].optimizer.alpha == 0.2
    with pytest.raises(ValueError, match="hyper-parameters"):
        swarm.set_optimizer(0, Adam())
    with pytest.raises(ValueError, match="at least one optimizer"):
        Swarm(BOWL, [])
