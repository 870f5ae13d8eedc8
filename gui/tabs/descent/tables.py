"""The two tables: each run's progress and status, and the critical points with r, s, t."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from engine.descent.run import DescentSnapshot
from gui import theme
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.contour_view import KIND_WORDS
from gui.widgets.table_filling import filling

if TYPE_CHECKING:
    from engine.symbolic.calculus import CriticalPoint

STATUS_COLORS = {
    "running": theme.BLUE,
    "converged": theme.GREEN,
    "max_steps": theme.ORANGE,
    "diverged": theme.VERMILLION,
    "unbounded": theme.PURPLE,
}
STATUS_WORDS = {"max_steps": "step limit"}
STATUS_COLUMN = 1  # of the runs table: beside the name, so a narrow panel never hides it


def status_word(status: str, paused: bool) -> str:
    """A run's status in words; one not finished while the race is paused says so."""
    return "paused" if paused and status == "running" else STATUS_WORDS.get(status, status)


def number(value: float) -> str:
    """Four significant figures, readable for both 3.0 and 1.2e−9."""
    return f"{value:.4g}"


class Table(QTableWidget):
    def __init__(self, name: str, headers: Sequence[str], tooltip: str,
                 elide_first: bool = False) -> None:  # fmt: skip
        super().__init__(0, len(headers))
        self.setObjectName(name)
        self.setToolTip(tooltip)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if elide_first:  # a long name gives way before a number is cut off
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)

    def filling(self) -> AbstractContextManager[None]:
        """Fill many cells at once (see :func:`gui.widgets.table_filling.filling`)."""
        return filling(self)

    def put(self, row: int, column: int, text: str, color: str | None = None,
            tip: str = "") -> None:  # fmt: skip
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        if item.text() != text:
            item.setText(text)
        if item.toolTip() != tip:
            item.setToolTip(tip)
        if color is not None:  # a light Okabe–Ito colour darkened enough to read on white
            item.setForeground(QColor(theme.readable(color, theme.scheme().base)))


class RunTable(Table):
    """One row per trajectory: optimizer and start, its status in words, steps, f, ‖∇f‖,
    where it is now and its α."""

    HEADERS = ("run", "status", "steps", "f", "‖∇f‖", "now at", "α")  # STATUS_COLUMN 1

    def __init__(self) -> None:
        super().__init__("run_table", self.HEADERS,
                         "Each run's progress; hover the status for the full explanation.")

    def set_snapshot(self, snapshot: DescentSnapshot | None, paused: bool = False) -> None:
        with self.filling():
            trajectories = snapshot.trajectories if snapshot is not None else ()
            self.setRowCount(len(trajectories))
            for row, t in enumerate(trajectories):
                color = STATUS_COLORS.get(t.status, theme.FOREGROUND)
                start = f"({t.start[0]:.3g}, {t.start[1]:.3g})"
                # two lines each, so the names and numbers fit whole in a narrow panel
                self.put(row, 0, f"■ {t.label}\nfrom {start}", optimizer_color(t.optimizer),
                         f"{t.label} from {start}")
                self.put(row, STATUS_COLUMN, status_word(t.status, paused), color, t.message)
                self.put(row, 2, str(t.step))
                self.put(row, 3, f"{t.value:.3g}")
                self.put(row, 4, f"{t.grad_norm:.3g}")
                x, y = t.position
                self.put(row, 5, f"x = {x:.4g}\ny = {y:.4g}", tip=f"(x, y) = ({x!r}, {y!r})")
                self.put(row, 6, f"{t.alpha:g}")
        self.resizeRowsToContents()  # once the columns fit: two lines a row, not a column of words


def coordinate_text(value: float, exact: object | None) -> str:
    """The decimal, and beside it the exact value when SymPy found one that says more:
    "0.5774 = √3/3" (the engine's exact coordinate, written as a reader writes it)."""
    decimal = number(value)
    if exact is None:
        return decimal
    from engine.symbolic.stationary import exact_plain  # SymPy: loaded by then

    written = exact_plain(exact)  # type: ignore[arg-type]
    return decimal if written.replace("−", "-") == decimal else f"{decimal} = {written}"


class CriticalTable(Table):
    """x, y (exact beside the decimals where known), f, r = f_xx, s = f_xy, t = f_yy,
    rt − s² and the verdict of each critical point."""

    HEADERS = ("x", "y", "f", "r = fₓₓ", "s = fₓᵧ", "t = fᵧᵧ", "rt − s²", "kind")

    def __init__(self) -> None:
        super().__init__("descent_critical_table", self.HEADERS,
                         "Where ∇f = 0, with the second-derivative test: rt − s² > 0 and r > 0 "
                         "minimum, r < 0 maximum; rt − s² < 0 saddle; = 0 the test fails.")

    def set_points(self, points: Sequence[CriticalPoint]) -> None:
        with self.filling():
            self.setRowCount(len(points))
            for row, p in enumerate(points):
                test = p.test
                exact = p.exact if p.exact is not None else (None, None)
                for column in (0, 1):
                    self.put(row, column, coordinate_text(p.coords[column], exact[column]))
                cells = (p.value, test.get("r"), test.get("s"), test.get("t"), test.get("rt-s²"))
                for column, value in enumerate(cells, start=2):
                    self.put(row, column, "" if value is None else number(float(value)))
                self.put(row, 7, KIND_WORDS.get(p.kind, p.kind),
                         theme.KIND_COLORS.get(p.kind, theme.FOREGROUND), p.note)
