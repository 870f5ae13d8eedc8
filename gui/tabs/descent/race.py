"""The race part of :class:`gui.tabs.descent.model.DescentModel`: optimizers running
from the starts (a :class:`engine.descent.run.DescentRun` driven by the run worker),
the transport keys, clicked starts."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from engine.descent.run import DescentRun, DescentSnapshot
from engine.vectors import VectorError, parse_component
from gui.tabs.descent import commands
from gui.tabs.descent.settings import ALIVE


class RaceIntents:
    """Play, step, reset, starts; the newest snapshot of the race."""

    def _restart(self, play: bool | None = None) -> None:
        """A fresh sweep or race; by default it plays unless the user had paused."""
        if self.settings.mode == "basins":
            self.start_basins()
        else:
            self.new_run(play=self.run_worker.state != "paused" if play is None else play)

    def new_run(self, play: bool) -> None:
        """A fresh race from the starts with the settings in use."""
        if not self.ready:
            self._play_when_ready = self._play_when_ready or play
            return
        if not self.settings.optimizers:
            self.run_worker.cancel()
            self.run, self.run_snapshot = None, None
            self.emit("snapshot", None)
            self.say("Choose at least one optimizer.")
            return
        s = self.settings
        try:
            self.run = DescentRun(self.surface, self.optimizers(), self.starts, s.tolerance,
                                  s.max_steps)  # fmt: skip
        except ValueError as exc:
            self.say(f"Cannot start: {exc}")
            return
        self.run_worker.start(self.run, paused=not play)

    def add_start(self, x: float, y: float) -> None:
        """Every chosen optimizer sets off from (x, y) (a click on the plot)."""
        if self.settings.mode != "trajectories" or self.run is None:
            return
        if self.run_worker.state in ALIVE:
            self.starts.append((x, y))
            self.run_worker.submit(partial(commands.add_start, x, y))
            self.run_worker.resume()
            return
        try:
            self.run.add_start(x, y)
        except ValueError as exc:
            self._refuse("start", f"Cannot start there: {exc}")
            return
        self.starts.append((x, y))
        self.run_worker.start(self.run)

    def type_start(self, text: str) -> bool:
        """A start typed as "x, y" (or "x; y", each a number or a constant such as 1/2):
        placed as a click there would be, or refused with the reason."""
        typed = _unbracketed(text.strip())
        separator = ";" if ";" in typed else "," if "," in typed else None
        parts = typed.split(separator)
        if len(parts) != 2:
            return self._refuse_start(f"Type a start as two numbers x, y (x; y with decimal "
                                      f"commas); “{text.strip()}” is not.")
        try:
            x, y = (parse_component(p) for p in parts)
        except VectorError as exc:
            return self._refuse_start(f"Start not placed: {exc}")
        x_min, x_max, y_min, y_max = self.domain
        if not (x_min <= x <= x_max and y_min <= y <= y_max):
            return self._refuse_start(
                f"Start not placed: ({x:g}, {y:g}) is outside the domain "
                f"[{x_min:g}, {x_max:g}] × [{y_min:g}, {y_max:g}].")
        if self.settings.mode != "trajectories":
            return self._refuse_start("Starts are placed in the trajectories view.")
        self.refusals.pop("start", None)
        self.emit("start placed")
        self.add_start(x, y)
        return True

    def _refuse_start(self, text: str) -> bool:
        return self._refuse("start", text)

    def clear_starts(self) -> None:
        self.starts = []
        self.new_run(play=False)

    def play_pause(self) -> None:
        worker = self.worker
        if worker.state in ALIVE:
            worker.toggle()
        elif self.settings.mode == "basins":
            self.start_basins()
        elif self.run is not None and not self.run.finished:
            worker.start(self.run)
        else:
            self.new_run(play=True)

    def step(self) -> None:
        worker = self.worker
        if worker.state not in ALIVE:
            if self.settings.mode == "basins" or self.run is None or self.run.finished:
                self.say("Every run has stopped: press R to start again from the starts.")
                return
            worker.start(self.run, paused=True)
        worker.step_once(1)

    def reset(self) -> None:
        if self.settings.mode == "basins":
            self.start_basins(play=False)
        else:
            self.new_run(play=False)

    def recorded_steps(self) -> list[int]:
        """The steps the race can be rewound to: 0, 1, 2, 4, 8, … (none in the basin map)."""
        snap = self.run_snapshot
        if snap is None or self.settings.mode != "trajectories":
            return []
        return list(snap.checkpoints)

    def rewind(self, step: int) -> bool:
        """Back to a recorded step of the race; Play then replays it exactly.

        The settings in the controls apply from there (α, μ, β₁, β₂, ε, the step
        limit), so a race can also go on from that step with other settings; the
        starts are those placed by then.  Choosing other optimizers starts a new race.
        """
        recorded = self.recorded_steps()
        if step not in recorded or self.run is None:
            self.say(f"Step {step:,} was not recorded: rewind to one of "
                     f"{', '.join(f'{s:,}' for s in recorded) or 'none yet'}.")
            return False
        s, worker = self.settings, self.run_worker
        self.starts = [t.start for t in self.run_snapshot.trajectories
                       if t.group == 0 and t.born <= step]  # fmt: skip
        if worker.state == "running":
            worker.pause()
        worker.submit(partial(commands.rewind, step, self._own_values(), s.tolerance,
                              s.max_steps))  # fmt: skip
        if worker.state not in ALIVE:  # it had finished: the rewound race waits for Play
            worker.start(self.run, paused=True)
        # the steps after this one are gone now, before the worker's next snapshot says so
        self.run_snapshot = replace(self.run_snapshot, checkpoints=tuple(
            n for n in self.run_snapshot.checkpoints if n <= step))
        self.say(f"Rewound to step {step:,}: Play replays the race from there (change α, μ, "
                 "ε or the step limit first to go on with other settings).")
        return True

    def on_run_snapshot(self, snapshot: DescentSnapshot) -> None:
        self.run_snapshot = snapshot
        self.emit("snapshot", snapshot)

    def on_run_error(self, message: str) -> None:
        self.say(f"The run stopped: {message}")


def _unbracketed(text: str) -> str:
    """``text`` without one pair of brackets around all of it: (1, 2) → 1, 2, but
    (1), (2) stays as it is."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for char in text[:-1]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:  # the first bracket closes before the end
            return text
    return text[1:-1]
