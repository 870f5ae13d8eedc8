"""Tidy tables of what the plots show, read from the engine's results, not from the screen.

One row per point with named columns; numbers at full precision (``write_csv``
writes ``repr`` of each float), NaN (a curve's gap) as an empty cell, exact
values as text where the engine found them.  Qt-free: tests compare these rows
with the models' own numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # SymPy, under these, is imported when critical points are exported
    from engine.symbolic.stationary import CriticalPoint

Table = tuple[list[str], list[list[Any]]]


def _n(value: Any) -> Any:
    """A float cell; NaN (a gap) as an empty cell."""
    value = float(value)
    return "" if math.isnan(value) else value


def derivative_rows(xs: np.ndarray, curves: Sequence[np.ndarray | None],
                    shown: Sequence[bool], names: Sequence[str]) -> Table:
    """series, x, y: each shown curve of f, f′, f″ at the plotted samples."""
    rows = []
    for name, values, on in zip(names, curves, shown, strict=False):
        if values is None or not on:
            continue
        rows += [[name, _n(x), _n(y)] for x, y in zip(xs, values, strict=True)]
    return ["series", "x", "y"], rows


def _trajectory_key(t: Any) -> list[Any]:
    return [t.optimizer, t.label, float(t.start[0]), float(t.start[1])]


def trajectory_rows(snapshot: Any) -> Table:
    """optimizer, label, start_x, start_y, step, x, y, f, grad_norm: every stored point of
    every trajectory of a descent snapshot (f and ‖∇f‖ as the run computed them)."""
    rows = []
    for t in () if snapshot is None else snapshot.trajectories:
        key = _trajectory_key(t)
        for j, step in enumerate(t.steps):
            rows.append([*key, int(step), _n(t.path[j, 0]), _n(t.path[j, 1]), _n(t.values[j]),
                         _n(t.grad_norms[j])])
    return ["optimizer", "label", "start_x", "start_y", "step", "x", "y", "f", "grad_norm"], rows


def history_rows(snapshot: Any, quantity: str) -> Table:
    """optimizer, label, start_x, start_y, step and ``quantity`` ("f" or "grad_norm"): the
    side plots' curves, one row per point."""
    column = {"f": "values", "grad_norm": "grad_norms"}[quantity]
    rows = []
    for t in () if snapshot is None else snapshot.trajectories:
        key = _trajectory_key(t)
        rows += [[*key, int(step), _n(value)]
                 for step, value in zip(t.steps, getattr(t, column), strict=True)]
    return ["optimizer", "label", "start_x", "start_y", "step", quantity], rows


def critical_rows(points: Sequence[CriticalPoint], variables: Sequence[str]) -> Table:
    """kind, the coordinates, f, the exact coordinates as a reader writes them ("(−√3/3)")
    and one column each in SymPy's syntax ("-sqrt(3)/3", for a program to read back),
    every second-derivative test number, and the engine's note."""
    tests: list[str] = []
    for p in points:
        tests += [key for key in p.test if key not in tests]
    header = ["kind", *variables, "f", "exact", *(f"exact_{v}" for v in variables), *tests,
              "note"]
    from sympy import sstr

    rows = []
    for p in points:
        exact = [sstr(c) for c in p.exact] if p.exact is not None else [""] * len(variables)
        rows.append([p.kind, *(_n(c) for c in p.coords), _n(p.value), p.exact_text, *exact,
                     *(_n(p.test[key]) if key in p.test else "" for key in tests), p.note])
    return header, rows


def loss_rows(epochs: np.ndarray, train: np.ndarray, test: np.ndarray | None) -> Table:
    """series (train, test), epoch, loss: the loss curve as drawn."""
    rows = [["train", _n(e), _n(c)] for e, c in zip(epochs, train, strict=True)]
    if test is not None:
        rows += [["test", _n(e), _n(c)] for e, c in zip(epochs, test, strict=True)]
    return ["series", "epoch", "loss"], rows


def accuracy_rows(epochs: np.ndarray, trails: np.ndarray) -> Table:
    """series (train, test), epoch, accuracy: columns 0 and 1 of the recorded trail."""
    rows = []
    for column, series in ((0, "train"), (1, "test")):
        values = trails[:, column] if len(trails) else np.empty(0)
        if series == "test" and not np.isfinite(values).any():
            continue  # no test set
        rows += [[series, int(e), _n(a)] for e, a in zip(epochs, values, strict=True)]
    return ["series", "epoch", "accuracy"], rows


def gradient_rows(epochs: np.ndarray, trails: np.ndarray) -> Table:
    """layer m, epoch, ‖∂C/∂θ^m‖: columns 2 … of the recorded trail."""
    rows = []
    layers = trails.shape[1] - 2 if trails.ndim == 2 else 0
    for m in range(1, layers + 1):
        rows += [[m, int(e), _n(g)] for e, g in zip(epochs, trails[:, 1 + m], strict=True)]
    return ["layer", "epoch", "gradient_norm"], rows


def parameter_rows(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> Table:
    """parameter (W or b), layer m, i, j, value: what the diagram's links and units show
    (W^m_ij joins unit j of layer m−1 to unit i of layer m; b^m_i has no j)."""
    rows: list[list[Any]] = []
    for m, (W, b) in enumerate(zip(weights, biases, strict=True), start=1):
        W, b = np.asarray(W, dtype=float), np.ravel(np.asarray(b, dtype=float))
        rows += [["W", m, i, j, float(W[i, j])] for i in range(W.shape[0])
                 for j in range(W.shape[1])]
        rows += [["b", m, i, "", float(b[i])] for i in range(len(b))]
    return ["parameter", "layer", "i", "j", "value"], rows
