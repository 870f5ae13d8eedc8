"""The multi-start view: which critical point each start reaches, as colours and a report.

The engine (:class:`engine.descent.multistart.MultiStart`) labels every start with the
point it ended at; this module paints labels as an RGBA basin map, writes the
share of starts that reach a global minimum, and lists every basin's count.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.descent.multistart import MultiStartSnapshot
from gui import theme
from gui.tabs.descent.choices import optimizer_names
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.tables import Table, number

#: Basin colours: Okabe–Ito without black (too dark under the contour lines).
BASIN_COLORS = tuple(c for c in theme.SERIES if c != theme.BLACK)
NOTHING = "#BBBBBB"  # diverged, unbounded or stopped away from every point
ALPHA = 255


def label_colors(snapshot: MultiStartSnapshot) -> list[str]:
    """One colour per label: minima in turn from BASIN_COLORS, others by their kind."""
    colors, minima = [], 0
    for kind in snapshot.kinds:
        if kind == "minimum":
            colors.append(BASIN_COLORS[minima % len(BASIN_COLORS)])
            minima += 1
        else:
            colors.append(theme.KIND_COLORS.get(kind, theme.PURPLE))
    return colors


def basin_image(snapshot: MultiStartSnapshot) -> np.ndarray | None:
    """RGBA (rows along y) of the grid's labels; starts still running are transparent."""
    if snapshot.basins is None:
        return None
    table = np.zeros((len(snapshot.labels) + 2, 4), dtype=np.uint8)
    table[1] = _rgba(NOTHING)
    for index, color in enumerate(label_colors(snapshot)):
        table[index + 2] = _rgba(color)
    return table[snapshot.basins + 2]


def _rgba(color: str) -> tuple[int, int, int, int]:
    q = QColor(color)
    return q.red(), q.green(), q.blue(), ALPHA


def describe(snapshot: MultiStartSnapshot, optimizer: str) -> str:
    """The report line: share reaching a global minimum, and what is still running."""
    total = len(snapshot.assignment)
    lines = [f"{total:,} starts, {optimizer}."]
    if snapshot.global_share is None:
        lines.append("No minimum is known yet: no start has converged to one.")
    else:
        where = ", ".join(f"({snapshot.points[i][0]:.4g}, {snapshot.points[i][1]:.4g})"
                          for i in snapshot.global_labels)  # fmt: skip
        count = len(snapshot.global_labels)
        noun = "global minimum" if count == 1 else f"{count} global minima"
        lines.append(f"<b>{snapshot.global_share:.1%}</b> reach the {noun} {where}.")
    running = 1.0 - snapshot.finished_share
    if running > 0:
        lines.append(f"Still running: {running:.0%} of the starts.")
    lost = snapshot.status_counts.get("diverged", 0) + snapshot.status_counts.get("unbounded", 0)
    if lost:
        lines.append(f"{lost:,} starts diverged or ran off without bound (grey).")
    return " ".join(lines)


class BasinPanel(QWidget):
    """The report line and one row per basin: colour, point, f, starts, share."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = QLabel("Choose “Multi-start: basin map” to colour each start by the "
                             "minimum it reaches.")  # fmt: skip
        self.report.setObjectName("basin_report")
        self.report.setWordWrap(True)
        self.table = Table("basin_table", ("basin", "f there", "starts", "share"),
                           "How many starts end at each critical point.", elide_first=True)
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("basin_optimizer")
        self.optimizer.setToolTip("Which optimizer the basin map sends from every start "
                                  "(it uses that optimizer's settings on the left).")
        for key, name in optimizer_names().items():
            self.optimizer.addItem(f"■ {name}", key)
            self.optimizer.setItemData(self.optimizer.count() - 1, QColor(optimizer_color(key)),
                                       Qt.ItemDataRole.ForegroundRole)
        row = QHBoxLayout()
        row.addWidget(QLabel("Basin map for"))
        row.addWidget(self.optimizer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.report)
        layout.addWidget(self.table, 1)

    def chosen(self) -> str:
        """The key of the optimizer the basin map uses."""
        return str(self.optimizer.currentData())

    def show_chosen(self, key: str) -> None:
        """Show the optimizer the basin map uses (the model's choice) without emitting."""
        self.optimizer.blockSignals(True)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(key)))
        self.optimizer.blockSignals(False)

    def set_snapshot(self, snapshot: MultiStartSnapshot, optimizer: str) -> None:
        self.report.setText(describe(snapshot, optimizer))
        colors = label_colors(snapshot)
        total = max(1, len(snapshot.assignment))
        rows = [i for i, count in enumerate(snapshot.counts) if count > 0]
        with self.table.filling():
            self.table.setRowCount(len(rows))
            for row, i in enumerate(rows):
                star = " ★ global" if i in snapshot.global_labels else ""
                self.table.put(row, 0, f"■ {snapshot.labels[i]}{star}", colors[i])
                self.table.put(row, 1, number(float(snapshot.values[i])))
                self.table.put(row, 2, f"{int(snapshot.counts[i]):,}")
                self.table.put(row, 3, f"{snapshot.counts[i] / total:.1%}")
