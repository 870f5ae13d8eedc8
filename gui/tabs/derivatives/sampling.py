"""Sampling f, f′ and f″ for the plot off the GUI thread (issue 14: no action may block
the window for more than 100 ms).

``engine.symbolic.curves.curve_values`` evaluates a curve at the samples and then
bisects every sample interval 32 times (twice over) to find poles and jumps: some
70 evaluations of the compiled formula per curve, seconds for a heavy formula such
as ``sin`` nested 29 deep.  :class:`CurveJob` does it on a worker thread, one curve
per unit of work, so a job that a newer request makes stale stops after the curve
it is on; ``gui.tabs.derivatives.latest.LatestJob`` keeps at most one job running and
one waiting, so dragging a slider never piles up threads that fight over the GIL.
Qt-free: the model builds the requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from engine.symbolic.expressions import Expression


ORDERS = (0, 1, 2)


@dataclass(frozen=True, eq=False)
class CurveRequest:
    """Which curves to sample where: ``wanted[k]`` says whether the k-th derivative is known
    (f always; f′ and f″ once the symbolic worker has them).  Compared by identity: the
    model keeps the one it asked last."""

    expression: Expression
    xs: np.ndarray
    params: tuple[tuple[str, float], ...]
    wanted: tuple[bool, bool, bool]
    autoscale: bool
    undefined: tuple[tuple[float, ...], ...] = ((), (), ())  # where f⁽ᵏ⁾ does not exist


@dataclass(frozen=True)
class CurveSamples:
    """The curves of ``request`` sampled so far (None: not yet, or not wanted)."""

    request: CurveRequest
    values: tuple[np.ndarray | None, ...]
    done: bool
    ends: tuple[tuple[tuple[float, float], ...] | None, ...] = (None, None, None)


def sample_curve(request: CurveRequest, order: int) -> np.ndarray | None:
    """``curve_values`` (engine) of the ``order``-th derivative, if it is wanted."""
    if not request.wanted[order]:
        return None
    from engine.symbolic.calculus import curve_values  # SymPy: the worker imports it

    return curve_values(request.expression, request.xs, dict(request.params), order,
                        request.undefined[order])


def curve_ends(request: CurveRequest, order: int) -> tuple[tuple[float, float], ...] | None:
    """Where the ``order``-th derivative ends beside each point it does not exist at
    (``one_sided_ends``, engine): the points the model knows (|x|′ at 0) and the holes
    of the curve itself (``holes``: sin(x)/x at 0); the plot marks them with hollow
    circles."""
    if not request.wanted[order]:
        return None
    if not len(request.xs):
        return ()
    from engine.symbolic.calculus import holes, one_sided_ends

    params = dict(request.params)
    points = sorted({*request.undefined[order],
                     *holes(request.expression, request.xs, params, order)})
    x_range = (float(request.xs[0]), float(request.xs[-1]))
    return one_sided_ends(request.expression, points, x_range, params, order)


def sample_all(request: CurveRequest) -> CurveSamples:
    """Every wanted curve at once, on the calling thread (scripts and the model's tests)."""
    values = tuple(sample_curve(request, order) for order in ORDERS)
    ends = tuple(curve_ends(request, order) for order in ORDERS)
    return CurveSamples(request, values, done=True, ends=ends)


class CurveJob:
    """A job (``engine/job.py``) of three units, f, f′ and f″; ``stop`` ends it after
    the current unit (called from the GUI thread; a bool write is atomic)."""

    def __init__(self, request: CurveRequest) -> None:
        self.request = request
        self._values: list[np.ndarray | None] = []
        self._ends: list[tuple[tuple[float, float], ...] | None] = []
        self._stopped = False

    @property
    def finished(self) -> bool:
        return self._stopped or len(self._values) == len(ORDERS)

    def stop(self) -> None:
        self._stopped = True

    def step(self, n: int) -> CurveSamples:
        for _ in range(max(1, n)):
            if self.finished:
                break
            order = len(self._values)
            self._ends.append(curve_ends(self.request, order))
            self._values.append(sample_curve(self.request, order))
        return self.snapshot()

    def snapshot(self) -> CurveSamples:
        missing = (None,) * (len(ORDERS) - len(self._values))
        return CurveSamples(self.request, tuple(self._values) + missing,
                            done=len(self._values) == len(ORDERS),
                            ends=tuple(self._ends) + missing)
