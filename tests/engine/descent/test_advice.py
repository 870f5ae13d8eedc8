"""Divergence advice is checked: the α suggested is one a trial run shows works,
verified here by hand-written descent with closed-form gradients."""

import numpy as np
import pytest

from engine.descent.advice import TRIAL_STEPS, trial_alphas
from engine.descent.optimizers import make
from engine.descent.run import DescentRun
from engine.descent.surfaces import Surface, surface
from engine.symbolic.expressions import parse


def _custom(text, domain=(-3.0, 3.0, -3.0, 3.0)):
    return Surface("custom", text, parse(text, ("x", "y")), domain)


def _rosenbrock_gd(alpha, start, steps):
    """Plain descent on (1 − x)² + 100(y − x²)², gradient by hand; f after each step."""
    x, y = np.float64(start[0]), np.float64(start[1])  # NumPy floats overflow to inf
    values = []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            gx = -2 * (1 - x) - 400 * x * (y - x * x)
            gy = 200 * (y - x * x)
            x, y = x - alpha * gx, y - alpha * gy
            values.append((1 - x) ** 2 + 100 * (y - x * x) ** 2)
    return np.array(values)


def _finish(run, chunk=500):
    """Step the run until it and its trial runs are done; the last snapshot."""
    snapshot = run.step(chunk)
    while not run.finished:
        snapshot = run.step(chunk)
    return snapshot


def test_rosenbrock_gets_an_alpha_that_does_not_diverge_and_says_it_has_not_converged():
    ros = surface("rosenbrock")
    run = DescentRun(ros, [make("gd", alpha=0.01)], [ros.start])
    (t,) = run.step(20).trajectories
    assert t.status == "diverged" and t.message.endswith("looking for one that works…")
    assert not run.finished  # the trial goes on in later steps: the job stays responsive
    (t,) = _finish(run).trajectories
    assert "α = 0.005" not in t.message  # the old unchecked guess diverges too:
    assert not np.nanmax(_rosenbrock_gd(0.005, ros.start, 50)) < 1e6
    (trial,) = trial_alphas(ros, make("gd", alpha=0.01), np.array([ros.start]), 1e-6)
    assert trial.alpha == 0.00125 and not trial.converged
    assert f"A trial run with α = {trial.alpha:g} from this start did not diverge" in t.message
    assert "had not converged yet (allow more steps, or try Momentum or Adam)" in t.message
    by_hand = _rosenbrock_gd(trial.alpha, ros.start, TRIAL_STEPS)
    assert np.all(np.isfinite(by_hand)) and by_hand[-1] < ros.value(np.array([ros.start]))[0]
    assert trial.f_end == pytest.approx(by_hand[-1], rel=1e-9)
    # and twice that α (the next one tried before it) diverges, by hand too
    assert not (np.max(_rosenbrock_gd(2 * trial.alpha, ros.start, TRIAL_STEPS)) < 1e6)


def test_a_quadratic_skips_the_alpha_on_the_edge_of_stability_for_one_that_converges():
    # f = x² + 10y²: descent multiplies y by 1 − 20α; α = 0.2 diverges (|−3| > 1), α = 0.1
    # zig-zags for ever (|−1| = 1), α = 0.05 converges (y at once, x by 0.9 per step).
    quad = _custom("x^2 + 10y^2")
    run = DescentRun(quad, [make("gd", alpha=0.2)], [(1.0, 1.0)], eps=1e-6)
    (t,) = _finish(run).trajectories
    assert t.status == "diverged"
    (trial,) = trial_alphas(quad, make("gd", alpha=0.2), np.array([[1.0, 1.0]]), 1e-6)
    assert trial.alpha == 0.05 and trial.converged
    x, y, steps = 1.0, 1.0, 0
    while np.hypot(2 * x, 20 * y) >= 1e-6:
        x, y, steps = x - 0.05 * 2 * x, y - 0.05 * 20 * y, steps + 1
    assert trial.steps == steps
    assert f"A trial run with α = 0.05 from this start converged (‖∇f‖ < ε after {steps:,} " \
        "steps)" in t.message  # fmt: skip


def test_when_every_smaller_alpha_diverges_too_it_says_so():
    steep = _custom("exp(x^4)", (-4.0, 4.0, -4.0, 4.0))
    run = DescentRun(steep, [make("gd", alpha=0.01)], [(3.0, 0.0)])
    (t,) = _finish(run).trajectories
    assert t.status == "diverged"
    assert "No smaller α down to 9.8e-06 kept this start from diverging" in t.message


def test_each_optimizer_and_start_gets_its_own_trial_once():
    himmel = surface("himmelblau")
    run = DescentRun(himmel, [make("gd", alpha=0.5), make("adam", alpha=0.01)],
                     [(-0.5, 0.5), (0.5, -4.0)])
    snapshot = _finish(run)
    diverged = [t for t in snapshot.trajectories if t.status == "diverged"]
    assert {t.optimizer for t in diverged} == {"gd"} and len(diverged) == 2
    for t in diverged:
        (trial,) = trial_alphas(himmel, make("gd", alpha=0.5), np.array([t.start]), 1e-6)
        assert f"α = {trial.alpha:g}" in t.message
    again = run.step(30)  # messages stay as they were: no second trial
    assert [t.message for t in again.trajectories if t.status == "diverged"] == \
        [t.message for t in diverged]  # fmt: skip
