"""The Derivatives tab's model, without Qt: every path that could leave a control out of
step with what the engine uses, and the numbers checked against SymPy / closed forms."""

import math
import subprocess
import sys

import numpy as np
import pytest
import sympy

from engine.symbolic.expressions import parse
from gui.tabs.derivatives.jobs import differentiate, find_critical_points
from gui.tabs.derivatives.model import SAMPLES, DerivativesModel
from gui.tabs.derivatives.sampling import CurveJob, sample_all
from gui.tabs.derivatives.state import TabState

X = sympy.Symbol("x", real=True)


class Recorder:
    """Every event a model emits, in order, with its arguments."""

    def __init__(self, model: DerivativesModel) -> None:
        self.events: list[tuple] = []
        for name in ("formula", "derivatives", "sample", "curves", "point", "critical",
                     "refused", "view", "differentiate", "find_critical"):
            model.connect(name, lambda *args, n=name: self.events.append((n, *args)))
        # the tab samples on a worker; here the answer comes at once, as a worker's would
        model.connect("sample", lambda request: model.receive_curves(sample_all(request)))

    def names(self) -> list[str]:
        return [e[0] for e in self.events]


def worked_out(text: str, params=None) -> tuple[DerivativesModel, Recorder]:
    """A model given ``text`` and its derivatives, as the tab's worker would hand them."""
    model = DerivativesModel()
    events = Recorder(model)
    expression = parse(text)
    model.set_expression(expression, params or {})
    assert model.receive_derivatives(differentiate(expression))
    return model, events


def test_the_model_imports_no_qt():
    code = ("import sys, gui.tabs.derivatives.model; "
            "print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_formula_asks_for_its_derivatives_and_draws_f_at_once():
    model = DerivativesModel()
    events = Recorder(model)
    model.set_expression(parse("x^3 - 3x"), {})
    assert events.names() == ["formula", "sample", "curves", "point", "differentiate"]
    assert len(model.xs) == SAMPLES
    np.testing.assert_allclose(model.curve_values[0], model.xs**3 - 3 * model.xs, atol=1e-12)
    assert model.curve_values[1:] == [None, None]
    assert model.point.tangent is None  # f′ is not known yet: no tangent, no table


def test_derivatives_arrive_curves_and_tangent_match_sympy():
    model, events = worked_out("(x^4+2)cos(x)")
    assert events.names()[-5:] == ["derivatives", "sample", "curves", "point",
                                   "find_critical"]
    f = (X**4 + 2) * sympy.cos(X)
    for order in (1, 2):
        exact = sympy.lambdify(X, sympy.diff(f, X, order), "numpy")(model.xs)
        np.testing.assert_allclose(model.curve_values[order], exact, rtol=1e-9, atol=1e-9)
    slope = float(sympy.diff(f, X).subs(X, 1))
    assert model.point.tangent.slope == pytest.approx(slope, rel=1e-12)
    assert model.point.slope.exists and model.point.slope.slope == pytest.approx(slope)


def test_an_older_formulas_answer_is_refused():
    model = DerivativesModel()
    Recorder(model)
    old = parse("sin(x)")
    model.set_expression(old, {})
    model.set_expression(parse("x^2"), {})
    assert not model.receive_derivatives(differentiate(old))
    assert model.derivatives is None and not model.receive_derivatives(None)


def test_a_refused_range_is_said_and_the_last_range_stays_in_use():
    model, events = worked_out("x^2")
    assert not model.set_range(2.0, -5.0)
    assert events.events[-1] == ("refused", "x_range",
                                 "x min must be less than x max: keeping the last range.")
    assert model.x_range == (-3.0, 3.0) and model.xs[-1] == 3.0
    model.set_x0(2.5)
    assert model.set_range(-1.0, 2.0)
    assert ("refused", "x_range", "") in events.events
    assert model.x0 == 2.0  # clamped into the new range
    assert model.point.tangent.slope == pytest.approx(4.0)  # f′(2) = 2·2


def test_x0_is_kept_at_the_precision_its_field_shows():
    model, _ = worked_out("sin(x)")
    model.set_x0(1.4953712)
    assert model.x0 == 1.495 and model.point.x0 == 1.495
    assert model.point.tangent.slope == pytest.approx(math.cos(1.495), rel=1e-12)
    model.set_x0(-1e-9)
    assert math.copysign(1.0, model.x0) == 1.0  # no −0


def test_the_limit_table_runs_down_with_the_sliders_dx_in_its_place():
    model, _ = worked_out("x^2")
    model.set_dx(0.05)
    dxs = [row.dx for row in model.point.rows]
    assert dxs == sorted(dxs, reverse=True) and 0.05 in dxs
    for row in model.point.rows:  # ((1 + Δx)² − 1)/Δx = 2 + Δx
        assert row.right == pytest.approx(2 + row.dx, rel=1e-6)
        assert row.left == pytest.approx(2 - row.dx, rel=1e-6)  # ((1 − Δx)² − 1)/(−Δx)


def test_new_parameters_make_the_critical_points_stale_until_recomputed():
    model, events = worked_out("a*x^2", {"a": 1.0})
    question = (model.expression, model.x_range, model.params_key())
    answer = find_critical_points(*question)
    model.set_parameters({"a": -2.0})
    assert ("critical", None) in events.events and events.names()[-1] == "point"
    assert "find_critical" in events.names()[-4:]
    assert not model.receive_critical(answer)  # asked for a = 1: no longer the question
    assert model.critical is None
    fresh = find_critical_points(model.expression, model.x_range, model.params_key())
    assert model.receive_critical(fresh) and model.is_complete()
    (point,) = fresh.found.points
    assert (point.x, point.kind) == (0.0, "maximum")  # a = −2 < 0: −2x² has a maximum


def test_fit_to_f_and_hidden_curves_decide_what_the_y_axis_fits():
    model, events = worked_out("sin(10x)/10")
    assert len(model.fitted_curves()) == 3
    model.set_view((True, False, True), False)
    assert events.names()[-1] == "view"
    fitted = model.fitted_curves()
    assert len(fitted) == 2 and fitted[1] is model.curve_values[2]
    model.set_view((True, True, True), True)
    (only,) = model.fitted_curves()
    assert only is model.curve_values[0]


def test_a_session_state_is_adopted_whole_and_reported_back():
    model, _ = worked_out("tanh(theta x)", {"θ": 4.0})
    wanted = TabState.from_dict({"formula": "tanh(theta x)", "parameters": {"θ": 4.0},
                                 "x0": 0.25, "dx": 0.5, "x_range": [-2, 2],
                                 "shown": [True, True, False], "fit_to_f": True})
    model.adopt(wanted)
    model.set_parameters(dict(wanted.parameters))
    assert model.state("tanh(theta x)") == wanted.to_dict()


def test_defined_nowhere_is_reported():
    model = DerivativesModel()
    Recorder(model)
    model.set_expression(parse("ln(-x^2 - 1)"), {})
    assert model.defined_nowhere()


def _asked(model: DerivativesModel) -> list:
    """The model's sampling requests, left unanswered (as while a worker is busy)."""
    requests: list = []
    model.connect("sample", requests.append)
    return requests


def _partial(request, orders: int):
    """What a curve job has after ``orders`` of its curves (f first)."""
    job = CurveJob(request)
    job.step(orders)
    return job.snapshot()


def test_new_parameters_keep_the_whole_last_set_on_show_until_the_new_one_is_done():
    model = DerivativesModel()
    requests = _asked(model)
    expression = parse("a*x^2")
    model.set_expression(expression, {"a": 1.0})
    assert model.receive_derivatives(differentiate(expression))
    assert model.receive_curves(sample_all(requests[-1])) and model.is_complete() is False
    before = list(model.curve_values)
    model.set_parameters({"a": -2.0})
    assert model.sampling is requests[-1]
    assert not model.receive_curves(_partial(requests[-1], 1))  # f alone: f′, f″ would lag
    assert model.curve_values == before
    assert not model.receive_curves(sample_all(requests[-2]))  # a = 1: not the question now
    assert model.receive_curves(sample_all(requests[-1])) and model.sampling is None
    np.testing.assert_allclose(model.curve_values[0], -2.0 * model.xs**2, atol=1e-12)
    np.testing.assert_allclose(model.curve_values[2], np.full(SAMPLES, -4.0), atol=1e-9)


def test_a_new_formula_shows_each_curve_as_it_arrives():
    model = DerivativesModel()
    requests = _asked(model)
    model.set_expression(parse("sin(x)"), {})
    model.receive_curves(sample_all(requests[-1]))
    expression = parse("x^3")
    model.set_expression(expression, {})
    assert model.receive_derivatives(differentiate(expression))
    assert model.receive_curves(_partial(requests[-1], 1))  # sin's curves are no use now
    np.testing.assert_allclose(model.curve_values[0], model.xs**3, atol=1e-12)
    assert model.curve_values[1:] == [None, None] and model.sampling is requests[-1]
    assert model.receive_curves(_partial(requests[-1], 2))  # f′ joins f: same question
    np.testing.assert_allclose(model.curve_values[1], 3 * model.xs**2, atol=1e-9)
    assert model.receive_curves(sample_all(requests[-1])) and model.sampling is None


def test_a_stopped_curve_job_finishes_after_the_curve_it_is_on():
    model = DerivativesModel()
    requests = _asked(model)
    model.set_expression(parse("x^2"), {})
    job = CurveJob(requests[-1])
    job.step(1)
    job.stop()
    assert job.finished and not job.snapshot().done
    assert job.step(5).values[1:] == (None, None)
