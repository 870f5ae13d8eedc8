"""Critical points export as a table with full-precision decimals and exact values as
text, from the Derivatives and the Gradient descent tabs; checked by SymPy."""

import csv

import sympy

from gui.export import ExportDialog, write_csv
from gui.export_tabs import CRITICAL
from tests.gui.derivatives.test_screen import enter

X, Y = sympy.symbols("x y", real=True)


def written(tmp_path, table):
    path = tmp_path / "critical.csv"
    write_csv(path, *table)
    with open(path, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    return header, rows


def exact(text):
    """An exact_x / exact_y cell read back by SymPy."""
    return sympy.sympify(text)


def test_derivatives_critical_points_with_exact_values(qtbot, derivatives, tmp_path):
    enter(qtbot, derivatives, "x^3 - x")
    header, rows = written(tmp_path, derivatives.export_tables()[CRITICAL])
    assert header[:5] == ["kind", "x", "f", "exact", "exact_x"]
    roots = sorted(sympy.solve(sympy.diff(X**3 - X, X), X), key=float)  # ∓√3/3
    assert [exact(row[4]) for row in rows] == roots
    assert [row[3] for row in rows] == ["−√3/3", "√3/3"]
    for row, root in zip(rows, roots, strict=True):
        assert abs(float(row[1]) - float(root)) < 1e-15
        assert abs(float(row[2]) - float(root**3 - root)) < 1e-15
        f2 = float(sympy.diff(X**3 - X, X, 2).subs(X, root))
        assert abs(float(row[header.index("f''")]) - f2) < 1e-12
    assert [row[0] for row in rows] == ["maximum", "minimum"]
    labels = [label for label, _ in ExportDialog(None, derivatives).actions]
    assert f"{CRITICAL} as CSV…" in labels


def test_descent_critical_points_with_exact_values(qtbot, descent, tmp_path):
    header, rows = written(tmp_path, descent.export_tables()[CRITICAL])
    assert header[:7] == ["kind", "x", "y", "f", "exact", "exact_x", "exact_y"]
    f = (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2  # Himmelblau, the tab's example
    gradient = [sympy.lambdify((X, Y), sympy.diff(f, v)) for v in (X, Y)]
    r, s, t = (sympy.lambdify((X, Y), sympy.diff(f, *w)) for w in ((X, X), (X, Y), (Y, Y)))
    assert len(rows) == 9
    for row in rows:
        x, y = float(row[1]), float(row[2])
        assert all(abs(g(x, y)) < 1e-8 for g in gradient), row  # ∇f = 0 there
        assert abs(float(row[header.index("r")]) - r(x, y)) < 1e-8
        assert abs(float(row[header.index("rt-s²")]) - (r(x, y) * t(x, y) - s(x, y) ** 2)) < 1e-6
        if row[4]:
            point = {X: exact(row[5]), Y: exact(row[6])}
            assert [sympy.simplify(sympy.diff(f, v).subs(point)) for v in (X, Y)] == [0, 0]
            assert float(point[X]) == x and float(point[Y]) == y
    assert ["minimum", "3.0", "2.0"] == [rows[6][0], rows[6][1], rows[6][2]]
    assert rows[6][4] == "(3, 2)"
    labels = [label for label, _ in ExportDialog(None, descent).actions]
    assert f"{CRITICAL} as CSV…" in labels and "trajectories as CSV…" in labels
