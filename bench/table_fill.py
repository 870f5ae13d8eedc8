"""GUI-thread time to fill a 256-row table whose columns fit their contents (the basin map's).

Each round fills the same table twice, alternating: cell by cell as before (each change
re-measures its whole column) and inside ``gui.widgets.table_filling.filling`` (each
column measured once).  Issue 14: no user action may block the GUI thread over 100 ms.
"""

from __future__ import annotations

import contextlib
import statistics
import time

ROWS, ROUNDS = 256, 5


def main() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from gui.tabs.descent.tables import Table
    from gui.widgets.table_filling import filling

    app = QApplication.instance() or QApplication([])
    table = Table("bench", ("label", "f", "starts", "share"), "", elide_first=True)
    table.resize(400, 300)
    table.show()

    def fill(round_: int, batched: bool) -> float:
        started = time.perf_counter()
        with filling(table) if batched else contextlib.nullcontext():
            table.setRowCount(ROWS)
            for r in range(ROWS):
                k = r + round_
                table.put(r, 0, f"■ label {k}", "#0072B2")
                table.put(r, 1, f"{k * 1.2345:.4g}")
                table.put(r, 2, f"{k:,}")
                table.put(r, 3, f"{r / ROWS:.1%}")
        app.processEvents()
        return time.perf_counter() - started

    fill(-2, True)
    cell_by_cell, batched = [], []
    for round_ in range(ROUNDS):  # fresh texts each time: every cell changes
        cell_by_cell.append(fill(2 * round_, False))
        batched.append(fill(2 * round_ + 1, True))
    table.close()
    slow, fast = statistics.median(cell_by_cell) * 1e3, statistics.median(batched) * 1e3
    print(f"{ROWS} rows × 4 columns, median of {ROUNDS} alternating rounds")
    print(f"cell by cell     {slow:9.1f} ms  ({min(cell_by_cell) * 1e3:.1f}–"
          f"{max(cell_by_cell) * 1e3:.1f})")
    print(f"filling()        {fast:9.1f} ms  ({min(batched) * 1e3:.1f}–{max(batched) * 1e3:.1f})")
    print(f"speed-up {slow / fast:.0f}x; target: under 100 ms")
    return {"cell_by_cell_ms": slow, "filling_ms": fast, "speedup": slow / fast}


if __name__ == "__main__":
    main()
