"""The first picture of a first start: f, f′, f″ of the notes' example drawn from the
NumPy route before SymPy is loaded, then replaced by the SymPy route's curves, which it
matches; no curve blinks out on the way."""

import subprocess
import sys

import numpy as np

from engine.numeric.curves import first_curves
from engine.numeric.formula import read_numeric
from engine.symbolic.expressions import parse
from gui.tabs.derivatives.model import DerivativesModel
from gui.tabs.derivatives.presets import DEFAULT_FORMULA
from gui.tabs.derivatives.sampling import CurveJob
from gui.tabs.derivatives.state import TabState


def _drawn(tab) -> list[np.ndarray]:
    return [np.asarray(curve.getData()[1], dtype=float) for curve in tab.ui.plot.curves]


def test_the_tab_module_imports_no_sympy():
    code = ("import sys, PySide6.QtWidgets; import gui.tabs.derivatives.tab; "
            "print('sympy' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_example_is_drawn_at_once_then_the_sympy_routes_curves_replace_it(qtbot):
    from gui.tabs.derivatives import DerivativesTab

    tab = DerivativesTab()
    qtbot.addWidget(tab)
    try:
        assert tab.ui.formula.text() == DEFAULT_FORMULA
        tab.resize(1360, 800)
        tab.show()
        # drawn in the turn after the layout's first paint, before SymPy is loaded
        pictures = []
        tab.model.connect("curves", lambda _autoscale: pictures.append(
            (tab.has_first_picture, tab.model.expression, _drawn(tab))))
        qtbot.waitUntil(lambda: bool(pictures), timeout=10_000)
        whole, expression, first = pictures[0]
        assert whole and expression is None
        assert all(np.isfinite(y).sum() == y.size == 2000 for y in first)
        qtbot.waitUntil(tab.is_steady, timeout=60_000)
        assert tab.model.preview == "" and tab.model.expression.text == DEFAULT_FORMULA
        exact = _drawn(tab)
        for a, b in zip(first, exact, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)
    finally:
        tab.shutdown()


def test_f_from_sympy_joins_the_first_picture_without_f1_and_f2_blinking_out():
    model = DerivativesModel()
    model.adopt(TabState())
    preview = first_curves(read_numeric(DEFAULT_FORMULA), model.xs)
    model.show_preview(DEFAULT_FORMULA, preview)
    requests = []
    model.connect("sample", requests.append)
    model.set_expression(parse(DEFAULT_FORMULA), {})
    job = CurveJob(requests[-1])  # f only: f′ and f″ are not derived yet
    while not job.finished:
        model.receive_curves(job.step(1))
        assert all(v is not None for v in model.curve_values)
    assert model.curve_values[0] is not preview[0]  # f is the SymPy route's now
    assert model.curve_values[1] is preview[1] and model.curve_values[2] is preview[2]


def test_a_session_or_typed_formula_before_sympy_loads_is_not_overwritten(qtbot):
    from gui.tabs.derivatives import DerivativesTab

    tab = DerivativesTab()
    qtbot.addWidget(tab)
    try:
        tab.set_state({**TabState().to_dict(), "formula": "x^3"})
        qtbot.waitUntil(tab.is_steady, timeout=60_000)
        assert tab.model.expression.text == "x^3" and tab.ui.formula.text() == "x^3"
    finally:
        tab.shutdown()
