"""Hostile formulas and grammar-fuzzed formulas through every stage, each case in a
child process with a hard wall-clock limit: a hang fails its case, it never blocks
the run (issue 14: items 1, 6, 7, 15, 16 and "build the battery into the project").

Default run: the hostile list and ``FUZZ_EXAMPLES`` fuzzed formulas (about half a
minute). The heavy variant, ``SLOW_FUZZ_EXAMPLES`` random formulas per box:

    QT_QPA_PLATFORM=offscreen python -m pytest -m slow_battery tests/robustness/test_formulas.py
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.symbolic.expression_functions import FUNCTIONS
from tests.robustness.formula_stages import StageRunner
from tests.robustness.hostile_formulas import HOSTILE

# A case that is not done in this time has hung: each stage is bounded far below it
# (parse ≪ 1 s; derivatives by size; critical points 1.5 s), but CI machines are slow.
CASE_LIMIT_S = 30.0
FUZZ_EXAMPLES = 120
SLOW_FUZZ_EXAMPLES = 1500
MAX_FUZZ_DEPTH = 5


@pytest.fixture(scope="module")
def runner():
    stage_runner = StageRunner(CASE_LIMIT_S)
    yield stage_runner
    stage_runner.close()


@pytest.mark.parametrize(("text", "variables"), HOSTILE, ids=[t[:30] for t, _ in HOSTILE])
def test_a_hostile_formula_finishes_every_stage_or_is_refused(runner, text, variables):
    outcome = runner.run(text, variables)
    assert outcome.ok, f"{outcome.status} in {outcome.stage}: {outcome.message}"


_ATOMS = ["x", "x", "y", "a", "β", "2", "3", "0.5", "10", "999", "1e100", "1e-100", "e",
          "pi", "π"]
_FUNCTIONS = sorted(name for name in FUNCTIONS if name.isascii())
_BINARY = ["+", "-", "*", "/", "^", "^-", " ", ""]


@st.composite
def _formulas(draw: st.DrawFn, depth: int = 0) -> str:
    """A formula from the app's grammar: operators, implicit products, calls with and
    without parentheses, bars, superscripts, signs, exponents of every size."""
    if depth >= MAX_FUZZ_DEPTH or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(_ATOMS))
    inner = draw(_formulas(depth + 1))
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return f"{inner}{draw(st.sampled_from(_BINARY))}{draw(_formulas(depth + 1))}"
    if kind in (1, 2):
        name = draw(st.sampled_from(_FUNCTIONS))
        return f"{name}({inner})" if kind == 1 else f"{name} {inner}"
    if kind == 3:
        return f"({inner})" if draw(st.booleans()) else f"|{inner}|"
    if kind == 4:
        return f"-{inner}"
    if kind == 5:
        return inner + draw(st.sampled_from(["²", "³", "⁻¹", "^(1/3)", "^999", "^-2x"]))
    if kind == 6:
        name = draw(st.sampled_from(["max", "min", "log"]))
        return f"{name}({inner}, {draw(_formulas(depth + 1))})"
    return f"{draw(st.sampled_from(_FUNCTIONS))}^2 {inner}"


def _check(runner: StageRunner, text: str, variables: tuple[str, ...]) -> None:
    outcome = runner.run(text, variables)
    assert outcome.ok, f"{text!r}: {outcome.status} in {outcome.stage}: {outcome.message}"


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=_formulas(), two=st.booleans())
def test_fuzzed_formulas_finish_every_stage_or_are_refused(runner, text, two):
    _check(runner, text, ("x", "y") if two else ("x",))


@pytest.mark.slow_battery
@settings(max_examples=SLOW_FUZZ_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=_formulas(), two=st.booleans())
def test_many_random_formulas_finish_every_stage_or_are_refused(runner, text, two):
    _check(runner, text, ("x", "y") if two else ("x",))
