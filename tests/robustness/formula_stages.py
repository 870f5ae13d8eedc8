"""Every stage a typed formula goes through, run under a hard wall-clock limit.

:func:`run_stages` takes a formula where the app takes it: parse, LaTeX and plain
text, each first and second derivative (with its LaTeX and plain text), the
derivation steps, evaluation on a grid, and the critical points. A refusal with
the engine's own message (:class:`ExpressionError`, :class:`TooComplexError`) is a
correct outcome; any other exception is a failure.

:class:`StageRunner` runs cases in a child process it kills and replaces when a
case overruns its limit, so a formula that hangs SymPy fails its test instead of
blocking the run.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from dataclasses import dataclass

CLEAN = "clean"  # every stage finished
REFUSED = "refused"  # a stage refused with the engine's own message
CRASHED = "crashed"  # a stage raised something else
HUNG = "hung"  # the case overran its wall-clock limit


@dataclass(frozen=True)
class Outcome:
    """What one formula did: ``status`` (see the constants), the stage that refused or
    crashed, the message, and the wall-clock seconds the case took."""

    text: str
    status: str
    stage: str = ""
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in {CLEAN, REFUSED}


def run_stages(text: str, variables: tuple[str, ...]) -> tuple[str, str, str]:
    """(status, stage, message) of ``text`` through every stage, in this process."""
    import numpy as np

    from engine.symbolic.budget import TooComplexError
    from engine.symbolic.calculus import critical_points, derivation_steps, derivative
    from engine.symbolic.expressions import ExpressionError, latex, parse, plain_text

    stage = "parse"
    try:
        f = parse(text, variables)
        stage = "latex"
        latex(f.sympy)
        stage = "plain text"
        plain_text(f.sympy)
        stage = "evaluate"
        grid = [np.linspace(-3.0, 3.0, 41) for _ in variables]
        f(*np.meshgrid(*grid) if len(variables) > 1 else grid)
        for order in (1, 2):
            for v in variables:
                stage = f"derivative {order} in {v}"
                d = derivative(f, v, order)
                latex(d.sympy)
                plain_text(d.sympy)
                d(*np.meshgrid(*grid) if len(variables) > 1 else grid)
        if len(variables) == 1:
            stage = "derivation steps"
            derivation_steps(f, variables[0])
        stage = "critical points"
        domain = (-3.0, 3.0) if len(variables) == 1 else ((-3.0, 3.0), (-3.0, 3.0))
        critical_points(f, domain)
    except (ExpressionError, TooComplexError) as exc:
        return REFUSED, stage, str(exc)
    except Exception as exc:  # the point of the battery: anything else is a bug
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"
        return CRASHED, stage, f"{type(exc).__name__}: {str(exc)[:200]} ({where})"
    return CLEAN, "", ""


def _serve(connection: multiprocessing.connection.Connection) -> None:
    while True:
        request = connection.recv()
        if request is None:
            return
        connection.send(run_stages(*request))


class StageRunner:
    """Runs :func:`run_stages` in a child process, at most ``limit`` seconds a case."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: multiprocessing.connection.Connection | None = None

    def _ensure_child(self) -> multiprocessing.connection.Connection:
        if self._process is None or not self._process.is_alive():
            parent, child = self._context.Pipe()
            self._process = self._context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            self._connection = parent
            parent.send(("x", ("x",)))  # warm up: imports do not count against a case
            parent.recv()
        assert self._connection is not None
        return self._connection

    def run(self, text: str, variables: tuple[str, ...] = ("x",)) -> Outcome:
        connection = self._ensure_child()
        started = time.perf_counter()
        connection.send((text, tuple(variables)))
        if connection.poll(self.limit):
            status, stage, message = connection.recv()
            return Outcome(text, status, stage, message, time.perf_counter() - started)
        self._kill()
        return Outcome(text, HUNG, "", f"over {self.limit:g} s", time.perf_counter() - started)

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._process = None

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            assert self._connection is not None
            self._connection.send(None)
            self._process.join(5)
        self._kill()
