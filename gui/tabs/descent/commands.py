"""Changes to a running job, sent through ``Worker.submit`` so only the worker thread
touches the job while it runs (each takes the job as its last argument)."""

from __future__ import annotations

from engine.descent.run import DescentRun


def add_start(x: float, y: float, job: DescentRun) -> None:
    """Every chosen optimizer sets off from (x, y)."""
    job.add_start(x, y)


def set_hyperparameters(values: dict[int, dict[str, float]], job: DescentRun) -> None:
    """New α, μ, β₁, β₂ per optimizer group; velocities and moments carry on."""
    for group, own in values.items():
        job.set_hyperparameters(group, **own)


def set_tolerance(eps: float, job: DescentRun) -> None:
    job.set_eps(eps)


def set_max_steps(max_steps: int, job: DescentRun) -> None:
    job.set_max_steps(max_steps)


def rewind(step: int, values: dict[int, dict[str, float]], eps: float, max_steps: int,
           job: DescentRun) -> None:
    """Back to the recorded ``step``, with the settings in use from there on (unchanged
    settings replay the race bit for bit).  A step dropped by an earlier rewind (a
    request sent before its snapshot arrived) leaves the race where it is."""
    if step in job.checkpoints.steps():
        job.rewind(step)
    set_hyperparameters(values, job)
    job.set_eps(eps)
    job.set_max_steps(max_steps)
