"""What the main window expects of a tab: one declared protocol, no probing.

Each tab is a QWidget that owns its own worker(s).  The main window talks to
it only through :class:`LabTab`:

- status: the ``status`` signal and ``status_text`` (the newest line, shown
  when the tab becomes current);
- sessions: ``state`` / ``prepare_state`` (in a worker) / ``set_state``;
- transport: ``play_pause``, ``step``, ``reset`` (Space, S, R); ``progress`` (lessons);
- life: ``shutdown`` when the window closes; ``start_demo`` / ``is_steady``
  for ``--screenshot``; ``export_*`` for File → Export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTableWidget, QWidget


class LabTab(QWidget):
    """Base class for the four tabs; every method has a harmless default."""

    title = ""
    status = Signal(str)  # a new status line; the window shows it while the tab is current
    status_text = ""  # the newest status line ("" for none yet)
    broken = False  # True for the stand-in of a tab whose module failed to build

    def start_demo(self) -> None:
        """Start the tab's default demonstration (the notes' example)."""

    def is_steady(self) -> bool:
        """True once the demo has reached a state worth a screenshot."""
        return True

    def play_pause(self) -> None:
        """Space: start or pause the tab's run, if it has one."""

    def step(self) -> None:
        """S: advance the tab's run by one unit, if it has one."""

    def reset(self) -> None:
        """R: put the tab's run back to its start, if it has one."""

    def progress(self) -> tuple[int, bool] | None:
        """The run's count (epochs or steps) and whether it has stopped by itself, for a
        lesson's run-until; None when the tab has no run."""
        return None

    def set_projector(self, on: bool) -> None:
        """Projector mode: hide what a lecture hall does not need (text and lines grow
        by themselves through gui.appearance)."""

    def shutdown(self) -> None:
        """Stop every worker the tab owns; called when the window closes."""

    def state(self) -> dict[str, Any]:
        """The tab's inputs and results as plain JSON-able data (sessions)."""
        return {}

    @staticmethod
    def prepare_state(state: dict[str, Any]) -> None:
        """Slow work :meth:`set_state` will need (reading a file), done ahead in a worker
        thread, so it must not touch any widget; by default there is none."""

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore what :meth:`state` returned; raise ValueError if it does not fit."""

    def export_target(self) -> Any:
        """The plot (a pyqtgraph PlotItem or widget) that File → Export saves."""
        return None

    def open_recorder(self, units: int | None = None) -> Any:
        """Open the tab's Record dialog set to ``units`` steps or epochs (None: the tab's
        default); None for a tab that has no run to record."""
        return None

    def export_plots(self) -> list[Any]:
        """Every plot of the tab as :class:`gui.export_plots.PlotExport` entries (PNG, 2×
        PNG, SVG, tidy CSV in File → Export and each plot's context menu)."""
        return []

    def export_tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        """Tables File → Export can write as CSV: name → (header, rows).

        By default every named table widget of the tab, as shown.
        """
        from gui.export import table_rows

        return {
            table.objectName().replace("_", " "): table_rows(table)
            for table in self.findChildren(QTableWidget)
            if table.objectName() and table.rowCount()
        }

    def export_arrays(self) -> dict[str, dict[str, Any]]:
        """Arrays File → Export can write as JSON or NPZ: name → {array name: array}."""
        return {}

    def export_scripts(self) -> dict[str, Callable[[], str]]:
        """Standalone Python scripts File → Export can write: name → a maker of the source."""
        return {}
