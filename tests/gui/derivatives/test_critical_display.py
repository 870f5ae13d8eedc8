"""Critical points and global extrema as the tab shows them: exact values beside the
decimals, corners listed, no extremum that does not exist, incomplete lists said to be."""

import math

import sympy

from gui import pool_worker
from gui.tabs.derivatives.numbers import number
from tests.gui.derivatives.test_screen import enter

X = sympy.Symbol("x", real=True)


def rows(tab):
    table = tab.ui.critical_table
    return [[table.cell_text(r, c) for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def set_range(qtbot, tab, low, high):
    tab.range_controls.x_min.setValue(low)
    tab.range_controls.x_max.setValue(high)
    assert tab.model.x_range == (low, high)
    qtbot.waitUntil(tab.is_steady, timeout=30_000)


def test_exact_values_are_shown_beside_the_decimals(qtbot, tab):
    enter(qtbot, tab, "x^3 - x")
    roots = sorted(sympy.solve(sympy.diff(X**3 - X, X), X), key=float)  # ∓√3/3
    assert roots == [-sympy.sqrt(3) / 3, sympy.sqrt(3) / 3]
    shown = [row[0] for row in rows(tab)]
    assert shown == [f"{number(float(roots[0]))} = −√3/3", f"{number(float(roots[1]))} = √3/3"]


def test_pi_over_two_for_sin_on_zero_to_three(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    set_range(qtbot, tab, 0.0, 3.0)
    found = [row for row in rows(tab) if row[3] == "maximum"]
    assert [row[0] for row in found] == [f"{number(math.pi / 2)} = π/2"]


def test_a_corner_is_a_critical_point_classified_by_the_sign_of_f_prime(qtbot, tab):
    enter(qtbot, tab, "abs(x)")
    # independent route: f′ = −1 left of 0 and +1 right of it, so 0 is a minimum
    assert [sympy.diff(sympy.Abs(X), X).subs(X, v) for v in (-0.5, 0.5)] == [-1, 1]
    assert rows(tab) == [["0", "0", "undefined", "minimum (corner)"]]


def test_no_global_extremum_is_reported_where_f_is_unbounded(qtbot, tab):
    enter(qtbot, tab, "1/x")
    text = tab.ui.extrema.text()
    # 1/x → −∞ as x → 0⁻ and → ∞ as x → 0⁺ (SymPy's one-sided limits)
    assert sympy.limit(1 / X, X, 0, "-") == -sympy.oo and sympy.limit(1 / X, X, 0, "+") == sympy.oo
    assert "no global minimum" in text and "no global maximum" in text
    assert "e+" not in text and "e12" not in text  # never a sample's huge value


def test_an_extreme_value_taken_twice_lists_both_places(qtbot, tab):
    enter(qtbot, tab, "x^2")
    text = tab.ui.extrema.text()
    assert "x = −3" in text and "x = 3" in text  # (±3)² = 9, the maximum on [−3, 3]


def test_an_incomplete_list_says_so(qtbot, tab):
    enter(qtbot, tab, "sin(x)")
    set_range(qtbot, tab, -1000.0, 1000.0)
    count = sum(1 for k in range(-400, 400) if abs((k + 0.5) * math.pi) <= 1000)
    assert count == 636  # (k + ½)π for k = −318 … 317
    assert "may be incomplete" in tab.ui.extrema.text()
    assert tab.ui.critical_table.rowCount() < count


def test_a_search_out_of_time_says_so_and_lists_what_it_found_unclassified(
        qtbot, fresh_tab, monkeypatch):
    from gui.tabs.derivatives import jobs

    # the patched limit lives in this process: the analysis runs on a thread here
    monkeypatch.setattr(pool_worker, "_pool_for_calls", lambda: None)
    monkeypatch.setattr(jobs, "CRITICAL_TIME_LIMIT", 0.0)  # as if a loaded machine ran out
    tab = fresh_tab
    qtbot.waitUntil(tab.is_steady, timeout=30_000)
    enter(qtbot, tab, "x^3 - x")
    found = rows(tab)
    roots = sympy.solve(sympy.diff(X**3 - X, X), X)
    assert len(found) <= len(roots)
    text = tab.ui.extrema.text()
    assert f"out of time — {len(found)} point" in text and "found so far" in text
    assert all(row[-1] == "not classified" for row in found)  # not "inconclusive"


def test_a_vertical_tangent_and_a_cusp_are_named_not_called_corners(qtbot, tab):
    h = sympy.Symbol("h", positive=True)
    for text, f in (("x^(1/3)", sympy.sign(X) * sympy.Abs(X) ** sympy.Rational(1, 3)),
                    ("x^(2/3)", sympy.Abs(X) ** sympy.Rational(2, 3))):
        enter(qtbot, tab, text)
        right = sympy.limit((f.subs(X, h) - f.subs(X, 0)) / h, h, 0)
        left = sympy.limit((f.subs(X, -h) - f.subs(X, 0)) / -h, h, 0)
        what = "vertical tangent" if left == right == sympy.oo else "cusp"
        assert (text, what) in (("x^(1/3)", "vertical tangent"), ("x^(2/3)", "cusp"))
        (row,) = [r for r in rows(tab) if r[0] == "0"]
        assert row[-1].endswith(f"({what})")
