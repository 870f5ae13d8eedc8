"""The run part of :class:`gui.tabs.network.model.NetworkModel`: play, pause, step,
rewind, a new trainer after a failure, the start of each run (prepared off the GUI thread
when costly), a run held back from the trainer until the window's first picture is painted,
and what arrives from the trainer (snapshots, its state, its errors)."""

from __future__ import annotations

import time
from functools import partial

from engine.network import live_run
from engine.network.live_run import LiveRun, LiveSnapshot
from engine.network.network import Network
from gui.tabs.network.build import build_network, load_parameters
from gui.tabs.network.history import RunHistory
from gui.tabs.network.starting import StartJob, costly_start
from gui.tabs.network.status import describe


class RunIntents:
    """Intents and trainer events of the run; the state they change is the model's.

    While ``hold_trainer`` is set, a run ready to train stays here (``held``) rather than
    going to the trainer: the tab sets it until its first picture is painted, since the
    first run starts the trainer process, which competes with that picture for the
    cores.  Any intent that needs the trainer hands the run over first
    (:meth:`finish_start`), and the runs after it go at once; so does
    :meth:`release_trainer`.
    """

    hold_trainer = False
    held: LiveRun | None = None

    def play(self) -> None:
        """Train on; after the trainer stopped, first start a new one from the last weights."""
        self.finish_start()
        if self.latest is None:
            return
        if self.failure and not self._recover():
            return
        self.finish_start()  # the new trainer's run: Play means now
        if self.trainer.state == "finished" or not self.trainer.has_job:
            self._say(self._finished_advice(), "problem")
            return
        self.trainer.resume()

    def pause(self) -> None:
        # a held run is paused already: nothing to hand over
        self.trainer.pause()
        self.trainer.submit(live_run.refresh)  # the paused picture shows the true epoch

    def play_pause(self) -> None:
        if self.trainer.state == "running":
            self.pause()
        else:
            self.play()

    def step(self) -> None:
        self.finish_start()
        if self.failure and not self._recover():
            return
        self.finish_start()
        if self.trainer.state in ("running", "paused"):
            # one epoch: a run driven by updates counts units_per_epoch of them an epoch
            self.trainer.step_once(self.latest.units_per_epoch)

    def recorded_epochs(self) -> list[int]:
        """The epochs (counted as shown) the run can be rewound to: 0, 1, 2, 4, 8, …"""
        if self.latest is None:
            return []
        return [self.history.offset + e for e in self.latest.checkpoints]

    def rewind(self, epoch: int) -> bool:
        """Back to a recorded epoch (counted as shown); Play then replays the run exactly.

        The settings in the controls apply from there (η, μ, Stop after), so a
        run can also go on from that epoch with other settings.
        """
        self.finish_start()
        if epoch not in self.recorded_epochs() or self.failure:
            self._say(f"Epoch {epoch:,} was not recorded: rewind to one of "
                      f"{', '.join(f'{e:,}' for e in self.recorded_epochs())}", "problem")
            return False
        finished = self.trainer.state == "finished"
        if self.trainer.state == "running":
            self.trainer.pause()
        self.trainer.submit(partial(live_run.rewind, epoch - self.history.offset))
        # the rule recorded there comes back with its memory; the one in use replaces it
        # (the same kind keeps that memory, so unchanged settings replay the run exactly)
        self.trainer.submit(partial(live_run.set_rule, self.settings.rule()))
        self.trainer.submit(partial(live_run.set_max_epochs, self._run_stop(self.history)))
        # a finished run the rewind gives more epochs to goes on at once (the trainer's rule)
        self._say(f"Rewound to epoch {epoch:,}: " + (
            "replaying the run from there (Pause, then change η or the optimizer, to try "
            "others)" if finished else "Play replays the run from there (change η or the "
                                       "optimizer first to try other settings)"))
        return True

    def _recover(self) -> bool:
        """A new trainer from the last snapshot's weights and curves (the rule's memory
        starts at 0)."""
        t = self.latest.training
        network = build_network(self.settings, self.dataset)
        try:
            load_parameters(network, *self.parameters())
        except ValueError as exc:
            self._say(f"The trainer stopped and its last weights cannot be used ({exc}): "
                      "press Reset (R) for fresh weights", "problem")
            return False
        epoch = self.epoch()
        self._start(network, self.history.continued(t),
                    f"The trainer had stopped: a new one goes on from the weights of epoch "
                    f"{epoch:,} (the optimizer's memory starts again from zero)")
        return True

    def _start(self, network: Network, history: RunHistory, message: str) -> None:
        """Start a run of ``network`` with the settings and data in use.

        The settings apply at once (the controls show them, the old run stops); the
        run's first snapshot is worked out by the preparer, and ``on_prepared`` starts
        the trainer with it.
        """
        self.trainer.cancel()
        self.held = None
        start = StartJob(self.settings, self.dataset, network, self._run_stop(history))
        self._starting = (start, message)
        self.latest, self.history, self.failure = None, history, ""
        self._played = (0.0, None)
        for field, text in self.refusals.items():
            if text:
                self.refusals[field] = ""
                self.emit("refusal", field, "")
        self.emit("settings", self.settings)
        if self.preparer is None or not costly_start(network, self.dataset):
            start.step(1)
            self.on_prepared(start)
            return
        self.emit("starting", message)
        self.preparer.start(start)

    @property
    def starting(self) -> bool:
        """A new run is being prepared (``latest`` is None until it is ready)."""
        return self._starting is not None

    def on_prepared(self, start: StartJob | None) -> None:
        """The preparer's answer: start the trainer with it if it is still the one wanted."""
        if start is None or self._starting is None or start is not self._starting[0]:
            return  # the preparer's first empty snapshot, or a start replaced since
        message = self._starting[1]
        self._starting = None
        if start.error is not None:
            self._say(f"The network could not be started: {type(start.error).__name__}: "
                      f"{start.error}", "problem")
            return
        # kept before the job leaves for the trainer, so state() never misses the
        # starting (or restored) weights while the first frame is on its way
        self.latest = start.first
        self.history.record(self.latest.training)
        # the views take the new run before the trainer's state changes ask for a repaint
        self.emit("run", message)
        self.held = start.job
        if not self.hold_trainer:
            self._hand_over()
        self._say(message)  # the views put it above the boundary with the run

    def on_prepare_failed(self, message: str) -> None:
        """The preparer itself failed (StartJob catches the job's own errors)."""
        if self._starting is not None:
            self._starting = None
            self._say(f"The network could not be started: {message}", "problem")

    def finish_start(self) -> None:
        """Wait for the run being prepared and hand it to the trainer (for an intent that
        needs the trainer's run: Play, Step, a rule changed live)."""
        self.finish_preparing()
        self._hand_over()

    def finish_preparing(self) -> None:
        """Wait for the run being prepared (for an intent that needs its first snapshot:
        Save)."""
        if self._starting is not None:
            start = self._starting[0]
            start.step(1)  # runs it here unless the preparer already is
            start.done.wait()
            self.on_prepared(start)

    def release_trainer(self) -> None:
        """Runs go to the trainer from now on, the held one first."""
        self.hold_trainer = False
        self._hand_over()

    def _hand_over(self) -> None:
        job, self.held = self.held, None
        if job is not None:
            # the trainer is up (or on its way) now: the runs after this one go at once
            self.hold_trainer = False
            self.trainer.start(job, paused=True)

    def _run_stop(self, history: RunHistory) -> int:
        """``Stop after`` counts every epoch shown; the run's own count starts after ``history``."""
        return max(0, self.settings.max_epochs - history.offset)

    def _finished_advice(self) -> str:
        t = self.latest.training
        if t.status == "diverged":
            return f"{t.message}. Lower the learning rate and press Reset (R)."
        return "The run reached “Stop after”: raise it to train on, or press Reset (R)."

    # ---- from the trainer ----------------------------------------------------
    def on_snapshot(self, snapshot: LiveSnapshot) -> None:
        if snapshot is self.latest or self.latest is None:
            return
        shapes = [W.shape for W in snapshot.training.weights]
        if shapes != [W.shape for W in self.latest.training.weights]:
            return  # sent by a run cancelled for another architecture just before
        if snapshot.training.epoch < self.latest.training.epoch:  # rewound
            self.history.cut(self.history.total_epochs(snapshot.training.epoch))
        self.latest = snapshot
        self.history.record(snapshot.training)
        self.emit("snapshot", snapshot)

    def on_trainer_state(self, state: str) -> None:
        before, since = self._played
        if state == "running" and since is None:
            self._played = (before, time.monotonic())
        elif state != "running" and since is not None:
            self._played = (self.played_seconds(), None)
        if state == "finished" and self.latest is not None:
            t = self.latest.training
            diagnosis = self.diagnosis()
            text = describe(t, self.epoch(), 0.0, diagnosis)
            if t.status == "diverged":
                self._say(f"Diverged: {text}", "problem")
            else:
                self._say(text, "problem" if diagnosis and diagnosis.findings else "")

    def on_error(self, message: str) -> None:
        """The trainer failed or its process died: say so, and what Play will do."""
        self.failure = message
        self._say(f"Training stopped: {message}. Press Play to go on from the weights of "
                  f"epoch {self.epoch():,} in a new trainer, or Reset (R) for fresh ones",
                  "problem")
