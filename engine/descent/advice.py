"""A checked remedy for a run that diverged: a smaller α that a trial run shows works.

"Try α = 0.005" said without looking is often wrong too (Rosenbrock diverges
at α = 0.005 from its usual start).  :func:`trial_alphas` halves α, α/2, α/4, …
and runs the same optimizer from the same start with each (a short, bounded
trial on :class:`engine.descent.swarm.Swarm`), keeping the largest α that
converges (‖∇f‖ < ε) within the trial's steps.  When none converges in time it
keeps the largest that at least did not diverge (looking a few halvings further
when that one made no progress, as on the edge of stability), and says so; when every α
down to ``ALPHA_FLOOR`` diverged it says that.

The words never claim more than the trial showed.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer
from engine.descent.surfaces import Surface
from engine.descent.swarm import CONVERGED, DIVERGED, UNBOUNDED, Swarm

__all__ = ["TRIAL_STEPS", "Trial", "TrialRun", "advice", "pending", "trial_alphas",
           "trial_steps"]

TRIAL_STEPS = 1500  # per α tried: a fraction of a second, off the GUI thread
HALVINGS = 10  # α/2 … α/1024
EXTRA_HALVINGS = 3  # past the first α that does not diverge, look for one that converges
ALPHA_FLOOR = 1e-6  # the optimizers' smallest α
PROGRESS = 10.0  # a trial that cut ‖∇f‖ this many times is on its way


def swarm_start_gradient(surface: Surface, start: np.ndarray) -> np.ndarray:
    """∇f at one start (the symbolic gradient, compiled)."""
    return surface.gradient(np.asarray(start, dtype=float).reshape(1, 2))[0]


@dataclass(frozen=True)
class Trial:
    """What a trial found for one start: the α (None: every α tried diverged), whether
    it converged, in how many steps, and f at the start and at the trial's end."""

    alpha: float | None
    converged: bool
    steps: int
    f_start: float
    f_end: float
    smallest: float  # the smallest α tried
    unbounded: bool = False


def _halvings(alpha: float) -> list[float]:
    return [alpha / 2**k for k in range(1, HALVINGS + 1) if alpha / 2**k >= ALPHA_FLOOR]


def trial_alphas(surface: Surface, optimizer: Optimizer, starts: np.ndarray, eps: float,
                 budget: int = TRIAL_STEPS) -> list[Trial]:  # fmt: skip
    """One :class:`Trial` per start (m × 2), worked out at once (see :func:`trial_steps`)."""
    steps = trial_steps(surface, optimizer, starts, eps, budget)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def trial_steps(surface: Surface, optimizer: Optimizer, starts: np.ndarray, eps: float,
                budget: int = TRIAL_STEPS) -> Generator[None, None, list[Trial]]:  # fmt: skip
    """The trials as a generator that yields after every step, so a job can spread them
    over its ``step(n)`` calls (and stay cancellable); it returns one :class:`Trial` per
    start (m × 2).

    α is halved until the optimizer converges from the start: each α runs every start
    still looking, for at most ``budget`` steps; a start keeps the first α that
    converges, else the first that did not diverge (looked past, by up to
    ``EXTRA_HALVINGS`` more halvings, only when it made no progress).
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    alphas = _halvings(float(optimizer.alpha))
    smallest = alphas[-1] if alphas else float(optimizer.alpha)
    found: list[Trial | None] = [None] * len(starts)
    settled = [False] * len(starts)
    extra = [0] * len(starts)
    for alpha in alphas:
        looking = [i for i in range(len(starts)) if not settled[i]]
        if not looking:
            break
        swarm = Swarm(surface, [optimizer.with_values(alpha=alpha)], eps, budget)
        swarm.add(starts[looking], 0)
        while not swarm.finished:
            swarm.advance()
            yield
        for row, i in enumerate(looking):
            status = int(swarm.status[row])
            if status == DIVERGED:
                continue
            trial = Trial(alpha, status == CONVERGED, int(swarm.steps[row]),
                          float(swarm.f0[row]), float(swarm.f[row]), smallest,
                          unbounded=status == UNBOUNDED)  # fmt: skip
            if trial.converged or trial.unbounded:
                found[i], settled[i] = trial, True
                continue
            found[i] = found[i] or trial  # the largest α that held, if none converges
            # Steady progress (‖∇f‖ down PROGRESS-fold) will converge given time: stop here.
            # No progress (α on the edge of stability, zig-zagging): try smaller ones.
            g0, g1 = np.hypot(*swarm_start_gradient(surface, starts[i])), np.hypot(*swarm.g[row])
            extra[i] += 1
            settled[i] = g1 * PROGRESS < g0 or extra[i] > EXTRA_HALVINGS
    return [t or Trial(None, False, 0, np.nan, np.nan, smallest) for t in found]


class TrialRun:
    """The trials for the starts ``rows`` of one diverged optimizer, in progress: its
    inputs, how many steps it has taken, and the generator of :func:`trial_steps`.

    A trial is a pure function of its inputs, so :meth:`copy` makes an identical one
    by running a fresh generator as far (rewinding a race needs this: a generator
    cannot be copied).
    """

    def __init__(self, rows: list[int], surface: Surface, optimizer: Optimizer,
                 starts: np.ndarray, eps: float, budget: int) -> None:  # fmt: skip
        self.rows, self.surface, self.optimizer = list(rows), surface, optimizer
        self.starts, self.eps, self.budget = np.array(starts, dtype=float), eps, budget
        self.alpha, self.name = float(optimizer.alpha), optimizer.name
        self.taken = 0
        self._steps = trial_steps(surface, optimizer, self.starts, eps, budget)

    def advance(self) -> list[Trial] | None:
        """One step; the trials' findings (one per row) once they are done, else None."""
        try:
            next(self._steps)
        except StopIteration as done:
            return done.value
        self.taken += 1
        return None

    def copy(self) -> TrialRun:
        """An independent trial at the same step."""
        twin = TrialRun(self.rows, self.surface, self.optimizer, self.starts, self.eps,
                        self.budget)  # fmt: skip
        for _ in range(self.taken):
            next(twin._steps)
        twin.taken = self.taken
        return twin


def pending(alpha: float) -> str:
    """The sentence while the trial runs."""
    return f"The step size α = {alpha:g} is too large: a trial run is looking for one that works…"


def advice(alpha: float, trial: Trial, optimizer: str = "") -> str:
    """The sentence for the user: α = … is too large, and what the trial showed
    (``optimizer``: the name of the one that diverged, left out of the alternatives)."""
    head = f"The step size α = {alpha:g} is too large."
    if trial.alpha is None:
        return (f"{head} No smaller α down to {trial.smallest:.2g} kept this start from "
                "diverging in a trial run: try another start or optimizer.")  # fmt: skip
    if trial.converged:
        return (f"{head} A trial run with α = {trial.alpha:g} from this start converged "
                f"(‖∇f‖ < ε after {trial.steps:,} steps).")  # fmt: skip
    if trial.unbounded:
        return (f"{head} With α = {trial.alpha:g} a trial run from this start does not diverge "
                "but runs off with f falling without bound: no minimum that way.")  # fmt: skip
    others = " or ".join(name for name in ("Momentum", "Adam") if name != optimizer)
    return (f"{head} A trial run with α = {trial.alpha:g} from this start did not diverge: f "
            f"went from {trial.f_start:.4g} to {trial.f_end:.4g} in {trial.steps:,} steps, "
            f"but it had not converged yet (allow more steps, or try {others}).")
