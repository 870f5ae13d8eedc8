"""The parameters a landscape axis can follow, as a list model that names rows on demand.

A network of 8 hidden layers of 64 units has 29,377 weights and biases: filling
two combo boxes with one item each took 0.4–1.1 s of the GUI thread on every
new run (issue 14).  ``ParameterNames`` knows only the layer sizes; its row
count is P = Σ N^m (N^{m−1} + 1) and ``data`` writes a row's name when the
view asks for it (the few rows a popup shows), in ``params`` order:
[W^m | b^m] row by row, as ``engine.network.landscape.parameter_names``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate, pairwise

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from gui.tabs.network.landscape_plot import display_name

Index = QModelIndex | QPersistentModelIndex
_BIAS = re.compile(r"b\^(\d+)_(\d+)")
_WEIGHT = re.compile(r"W\^(\d+)_(\d)(\d)")
_WIDE_WEIGHT = re.compile(r"W\^(\d+)_(\d+),(\d+)")


class ParameterNames(QAbstractListModel):
    """Row r is parameter r of θ: shown as the notes print it (W¹₂₁), its data the engine's
    name ("W^1_21"), which ``row_of`` turns back into r without a search."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self._shapes: list[tuple[int, int]] = []  # [W^m | b^m]: N^m × (N^{m−1} + 1)
        self._starts: list[int] = [0]  # the first row of each layer's block, then P

    def set_layers(self, sizes: Sequence[int]) -> None:
        """The network's layer sizes N^0 … N^L: the rows change at once, nothing is built."""
        self.beginResetModel()
        self._shapes = [(n, previous + 1) for previous, n in pairwise(sizes)]
        self._starts = [0, *accumulate(rows * cols for rows, cols in self._shapes)]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._starts[-1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._starts[-1]:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.name(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display_name(self.name(index.row()))
        return None

    def name(self, row: int) -> str:
        """The engine's name of parameter ``row``: "W^m_ij", "W^m_i,j" (an index ≥ 10) or
        "b^m_i"."""
        m = bisect.bisect_right(self._starts, row) - 1
        cols = self._shapes[m][1]
        i, j = divmod(row - self._starts[m], cols)
        if j == cols - 1:
            return f"b^{m + 1}_{i + 1}"
        i, j = i + 1, j + 1
        return f"W^{m + 1}_{i}{j}" if max(i, j) < 10 else f"W^{m + 1}_{i},{j}"

    def row_of(self, name: str) -> int:
        """The row of an engine name, or −1 if this network has no such parameter."""
        if (match := _BIAS.fullmatch(name)) is not None:
            m, i = map(int, match.groups())
            j = None
        elif (match := _WEIGHT.fullmatch(name) or _WIDE_WEIGHT.fullmatch(name)) is not None:
            m, i, j = map(int, match.groups())
            if (match.re is _WIDE_WEIGHT) != (max(i, j) >= 10):
                return -1  # "W^1_21", never "W^1_2,1"; "W^1_12,3", never "W^1_123"
        else:
            return -1
        if not 1 <= m <= len(self._shapes):
            return -1
        rows, cols = self._shapes[m - 1]
        if j is None:
            j = cols  # the bias column of [W^m | b^m]
        elif j >= cols:
            return -1
        if not (1 <= i <= rows and j >= 1):
            return -1
        return self._starts[m - 1] + (i - 1) * cols + j - 1
