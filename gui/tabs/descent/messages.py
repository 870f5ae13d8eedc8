"""Words for the plot and the status bar: what went wrong, and where the run stands."""

from __future__ import annotations

from collections import Counter

from engine.descent.run import DescentSnapshot
from gui.tabs.descent.field import Field
from gui.tabs.descent.tables import status_word

SHOWN = 3  # problems listed on the plot before "and n more"


def problems(snapshot: DescentSnapshot | None, field: Field | None) -> str:
    """Diverged and unbounded runs in words, and an undefined f; '' when all is well."""
    lines = []
    if field is not None and not field.defined:
        lines.append("f is not defined (or not finite) anywhere on this domain: "
                     "try another domain or formula.")  # fmt: skip
    elif field is not None and field.undefined_share > 0.01:
        lines.append(f"f is undefined on {field.undefined_share:.0%} of the domain "
                     "(drawn in the lowest colour).")  # fmt: skip
    bad = [t for t in (snapshot.trajectories if snapshot else ())
           if t.status in ("diverged", "unbounded")]  # fmt: skip
    for t in bad[:SHOWN]:
        x, y = t.start
        lines.append(f"{t.label} from ({x:.3g}, {y:.3g}) {t.message}")
    if len(bad) > SHOWN:
        lines.append(f"… and {len(bad) - SHOWN} more runs stopped the same way.")
    return "\n".join(lines)


def run_status(snapshot: DescentSnapshot, paused: bool = False) -> str:
    """“Step 340: 2 running, 4 converged” for the status bar (“2 paused” while paused)."""
    if not snapshot.trajectories:
        return "Click the plot to place a start."
    counts = Counter(t.status for t in snapshot.trajectories)
    parts = [f"{n} {status_word(status, paused)}" for status, n in counts.items()]
    return f"Step {snapshot.step}: " + ", ".join(parts)
