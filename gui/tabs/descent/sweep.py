"""The basin-map part of :class:`gui.tabs.descent.model.DescentModel`: one optimizer
from every point of an n × n grid (:class:`engine.descent.multistart.MultiStart`)."""

from __future__ import annotations

from engine.descent.multistart import MultiStart, MultiStartSnapshot
from gui.tabs.descent.optimizers import describe


class SweepIntents:
    """Start a sweep with the basin map's optimizer; keep and report its snapshots."""

    def start_basins(self, play: bool = True) -> None:
        """A sweep from an n × n grid with the basin map's optimizer."""
        if not self.ready:
            return  # started when the analysis arrives
        s = self.settings
        optimizer = self.optimizers([s.basin_optimizer])[0]
        self.basin_label = describe(optimizer)
        try:
            sweep = MultiStart(self.surface, optimizer, grid=s.grid, eps=s.tolerance,
                               max_steps=s.max_steps)  # fmt: skip
        except ValueError as exc:
            self.say(f"Cannot sweep: {exc}")
            return
        self.basin_worker.start(sweep, paused=not play)

    def on_basin_snapshot(self, snapshot: MultiStartSnapshot) -> None:
        self.basin_snapshot = snapshot
        if self.settings.mode != "basins" or self.surface is None:
            return
        self.emit("basins", snapshot, self.basin_label)
        share = snapshot.global_share
        self.say(f"Basin map, step {snapshot.step}: "
                 + (f"{share:.1%} of the starts reach a global minimum"
                    if share is not None else "no minimum reached yet"))  # fmt: skip
