"""DescentRun: convergence, divergence, unboundedness and the history it hands the GUI."""

import numpy as np
import pytest

from engine.descent.optimizers import Adam, GradientDescent, Momentum
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Surface, surface
from engine.job import Job

LAMBDAS = (4.0, 0.5)  # Hessian eigenvalues of f = ½(λ₁x² + λ₂y²)
QUADRATIC = Surface.from_formula("0.5(4x^2 + 0.5y^2)", (-5, 5, -5, 5))


def only(snapshot: DescentSnapshot):
    (trajectory,) = snapshot.trajectories
    return trajectory


def run_to_end(run: DescentRun, chunk: int = 5_000) -> DescentSnapshot:
    while not run.finished:
        run.step(chunk)
    return run.snapshot()


# Booth and Matyas are quadratics: Hessian eigenvalues (18, 2) and (1, 0.04), so
# ‖∇f‖ < ε puts the point within ε / λ_min of the minimum.
@pytest.mark.parametrize(
    ("key", "minimum", "lambda_min"), [("booth", (1.0, 3.0), 2.0), ("matyas", (0.0, 0.0), 0.04)]
)
def test_plain_descent_converges_to_the_known_minimum(key, minimum, lambda_min):
    s = surface(key)
    t = only(run_to_end(DescentRun(s, [GradientDescent(alpha=s.alpha)], [s.start])))
    assert t.status == "converged"
    assert t.grad_norm < 1e-6
    assert np.hypot(*np.subtract(t.position, minimum)) <= 1e-6 / lambda_min


@pytest.mark.parametrize("factor", [0.5, 0.9, 0.99])
def test_quadratic_converges_below_two_over_lambda_max(factor):
    alpha = factor * 2 / max(LAMBDAS)
    t = only(run_to_end(DescentRun(QUADRATIC, [GradientDescent(alpha=alpha)], [(3.0, -4.0)])))
    assert t.status == "converged"
    assert np.hypot(*t.position) <= 1e-6 / min(LAMBDAS)


@pytest.mark.parametrize("factor", [1.05, 1.5, 20.0])
def test_quadratic_diverges_above_two_over_lambda_max(factor):
    alpha = factor * 2 / max(LAMBDAS)
    t = only(run_to_end(DescentRun(QUADRATIC, [GradientDescent(alpha=alpha)], [(3.0, -4.0)])))
    assert t.status == "diverged"
    assert f"α = {alpha:g} is too large" in t.message and "A trial run with α = " in t.message
    assert np.all(np.isfinite(t.path)) and np.all(np.isfinite(t.values))


@pytest.mark.parametrize("optimizer", [Momentum(), Adam()])
def test_momentum_and_adam_reach_rosenbrocks_minimum_with_defaults(optimizer):
    run = DescentRun(surface("rosenbrock"), [optimizer], [(-1.5, 2.0)], max_steps=20_000)
    t = only(run_to_end(run))
    assert t.step <= 20_000
    assert t.position == pytest.approx((1.0, 1.0), abs=1e-3)


@pytest.mark.parametrize("optimizer", [GradientDescent(alpha=0.05), Momentum(), Adam()])
def test_the_notes_plane_with_a_bowl_is_unbounded(optimizer):
    # f = 2x² + 4y: ∇f = (4x, 4) never vanishes, y runs off to −∞
    t = only(run_to_end(DescentRun(surface("notes_quadratic"), [optimizer], [(2.0, 2.0)])))
    assert t.status == "unbounded"
    assert "without limit" in t.message
    assert t.position[1] < -20


def test_saddles_are_unbounded_not_converged():
    for key in ("saddle", "monkey_saddle"):
        s = surface(key)
        assert only(run_to_end(DescentRun(s, starts=[s.start]))).status == "unbounded"


def test_overflow_freezes_the_point_and_suggests_a_smaller_step():
    s = Surface.from_formula("x^6 + y^6", (-2, 2, -2, 2))
    t = only(run_to_end(DescentRun(s, [GradientDescent(alpha=5.0)], [(1.5, 1.0)])))
    assert t.status == "diverged"
    assert "is too large" in t.message and "A trial run with α = " in t.message
    for array in (t.path, t.values, t.grad_norms):
        assert np.all(np.isfinite(array))
    assert t.path[-1] == pytest.approx(np.array(t.position))


def test_a_start_where_f_is_undefined_is_reported():
    s = Surface.from_formula("sqrt(x) + y^2", (-1, 1, -1, 1))
    t = only(DescentRun(s, starts=[(-0.5, 0.5)]).snapshot())
    assert t.status == "diverged" and "undefined at the start" in t.message
    assert t.path.shape == (1, 2) and np.all(np.isfinite(t.path))


def test_max_steps_is_reported_with_the_gradient_left():
    run = DescentRun(surface("rosenbrock"), [GradientDescent(alpha=1e-4)], [(-1.5, 2.0)],
                     max_steps=50)  # fmt: skip
    t = only(run_to_end(run))
    assert t.status == "max_steps" and t.step == 50 and "50 steps" in t.message


def test_history_matches_the_surface_along_the_path():
    s = surface("himmelblau")
    run = DescentRun(s, [GradientDescent(alpha=0.01), Adam(alpha=0.05)], [(-0.5, 0.5), (1, 1)])
    snap = run.step(40)
    assert [t.group for t in snap.trajectories] == [0, 1, 0, 1]  # start-major
    for t in snap.trajectories:
        assert t.path[0] == pytest.approx(np.array(t.start))
        assert t.path[-1] == pytest.approx(np.array(t.position))
        assert t.values == pytest.approx(s.value(t.path))
        assert t.grad_norms == pytest.approx(np.linalg.norm(s.gradient(t.path), axis=1))
        assert list(t.steps) == list(range(len(t.path)))


def test_history_is_bounded_and_thinned_evenly():
    run = DescentRun(QUADRATIC, [GradientDescent(alpha=1e-4)], [(3.0, -4.0)], history=16)
    t = only(run.step(1000))
    assert len(t.path) <= 16 + 2
    assert t.steps[0] == 0 and t.steps[-1] == 1000
    gaps = np.diff(t.steps)  # the last gap ends at the current point
    assert np.all(gaps[:-1] == gaps[0]) and 0 < gaps[-1] <= gaps[0]
    assert run.snapshot().stride == gaps[0]
    assert t.path[-1] == pytest.approx(np.array(t.position))


def test_a_start_added_mid_run_counts_its_own_steps():
    run = DescentRun(QUADRATIC, [GradientDescent(alpha=0.01)], [(3.0, -4.0)])
    run.step(7)
    (new,) = run.add_start(1.0, 1.0)
    snap = run.step(5)
    first, second = snap.trajectories
    assert (first.step, second.step, snap.step) == (12, 5, 12)
    assert second.index == new and second.start == (1.0, 1.0)
    assert second.path[0] == pytest.approx(np.array([1.0, 1.0]))
    assert list(second.steps) == [0, 1, 2, 3, 4, 5]


def test_step_size_can_change_mid_run():
    s = surface("booth")
    run = DescentRun(s, [GradientDescent(alpha=1e-4)], [s.start])
    run.step(10)
    run.set_hyperparameters(0, alpha=0.05)
    assert run.optimizers[0].alpha == 0.05
    assert only(run_to_end(run)).status == "converged"
    with pytest.raises(ValueError, match="finite"):
        run.set_hyperparameters(0, alpha=float("inf"))


def test_tolerance_and_step_limit_are_checked():
    run = DescentRun(QUADRATIC, starts=[(1.0, 1.0)])
    run.set_eps(1e-3)
    run.set_max_steps(10)
    with pytest.raises(ValueError, match="tolerance"):
        run.set_eps(float("nan"))
    with pytest.raises(ValueError, match="step limit"):
        run.set_max_steps(0)
    with pytest.raises(ValueError, match="finite"):
        run.add_start(float("nan"), 0.0)
    with pytest.raises(ValueError, match="half-widths"):
        run.add_start(1e5, 0.0)


def test_it_is_a_job():
    run = DescentRun(QUADRATIC)
    assert isinstance(run, Job)
    assert run.finished and run.step(10).trajectories == ()
    run.add_start(1.0, 1.0)
    assert not run.finished and run.step(0).step == 0


def test_advance_is_step_without_the_snapshot():
    # the worker calls advance(n) and asks for snapshot() only when a frame is due
    def race():
        return DescentRun(surface("rosenbrock"), [GradientDescent(alpha=1e-3), Adam(alpha=0.05)],
                          [(-1.5, 2.0), (1.2, -0.5)], max_steps=400)

    stepped, advanced = race(), race()
    for n in (1, 7, 64, 300, 50):
        expected = stepped.step(n)
        assert advanced.advance(n) is None
        got = advanced.snapshot()
        assert (got.step, got.finished, got.checkpoints) == (
            expected.step, expected.finished, expected.checkpoints)
        for a, b in zip(got.trajectories, expected.trajectories, strict=True):
            np.testing.assert_array_equal(a.path, b.path)
            np.testing.assert_array_equal(a.values, b.values)
            assert (a.status, a.message) == (b.status, b.message)
    assert advanced.finished


def test_many_starts_at_once_are_numbered_optimizer_by_optimizer():
    run = DescentRun(QUADRATIC, [GradientDescent(alpha=0.1), Adam()])
    new = run.add_starts(np.array([[1.0, 1.0], [2.0, -1.0], [0.5, 0.5]]))
    snap = run.step(3)
    assert new == [0, 1, 2, 3, 4, 5]
    assert [t.group for t in snap.trajectories] == [0, 0, 0, 1, 1, 1]
    assert [t.start for t in snap.trajectories[:3]] == [(1.0, 1.0), (2.0, -1.0), (0.5, 0.5)]
