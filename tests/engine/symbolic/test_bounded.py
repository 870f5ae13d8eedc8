"""bounded_call: a SymPy call in a helper process, killed past its budget."""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection

import sympy

from engine.symbolic import bounded
from engine.symbolic.bounded import bounded_call


def _slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def _fails() -> None:
    raise ValueError("no")


def _limit(expression: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    return sympy.limit(expression, x, 0, "+")


def _helpers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "gradient-lab-sympy"]


def test_an_answer_comes_back_exact() -> None:
    x = sympy.Symbol("x", real=True)
    assert bounded_call(_limit, (sympy.sin(x) / (3 * x), x), 30) == sympy.Rational(1, 3)


def test_a_runaway_call_is_killed_not_left_running() -> None:
    bounded_call(_slow, (0,), 30)  # the helper's own start is not the call's budget
    start = time.perf_counter()
    assert bounded_call(_slow, (60,), 0.5) is None
    assert time.perf_counter() - start < 10
    assert len(_helpers()) <= bounded.MAX_IDLE  # the runaway one is gone


def test_many_runaways_never_pile_up_and_later_calls_still_answer() -> None:
    for _ in range(6):
        assert bounded_call(_slow, (60,), 0.2) is None
    assert len(_helpers()) <= bounded.MAX_IDLE
    assert bounded_call(_slow, (0,), 30) == "done"


def test_an_error_in_the_call_is_none_and_the_helper_serves_on() -> None:
    assert bounded_call(_fails, (), 30) is None
    assert bounded_call(_slow, (0,), 30) == "done"


def _in_a_daemon(connection: Connection) -> None:
    connection.send((bounded_call(_slow, (0,), 30), bounded_call(_slow, (60,), 0.2)))


def test_a_daemonic_process_which_may_not_have_children_still_gets_answers() -> None:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_in_a_daemon, args=(send,), daemon=True)
    child.start()
    assert receive.poll(120)
    assert receive.recv() == ("done", None)
    child.join(10)


def test_warm_up_leaves_a_helper_waiting() -> None:
    bounded.warm_up().join(120)
    waiting = list(bounded._idle)
    assert waiting and all(h.process.is_alive() for h in waiting)
    assert bounded_call(_slow, (0,), 30) == "done"  # served by one of them


FIRST_CALLS = """
import time
from engine.symbolic.bounded import bounded_call, _idle
from tests.engine.symbolic.test_bounded import _slow
start = time.perf_counter()
first = bounded_call(_slow, (0,), 0.001)  # no helper can start in a millisecond
waited = time.perf_counter() - start
while not _idle and time.perf_counter() - start < 120:  # it starts in the background
    time.sleep(0.05)
print(first, waited < 5, bounded_call(_slow, (0,), 30))
"""


def test_a_call_never_waits_past_its_budget_for_a_helper_to_start() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", FIRST_CALLS], capture_output=True, text=True,
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": ""}, timeout=300)
    assert done.stdout.split() == ["None", "True", "done"], done.stderr
