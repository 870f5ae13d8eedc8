"""The Neural network tab's one source of truth, Qt-free.

``NetworkModel`` owns the settings the engine is using (live changes of the
optimizer, η, μ … and "Stop after" included), the data set, the newest snapshot, the one
history of the curves, what was refused and why, and the many-starts run a
network can be continued from.  Views connect to its events and render it;
widgets send intents (``edit``, ``apply_preset``, ``play`` …).  Whether the
run is running or paused lives in one place on this side of the process
boundary: the trainer's ``state`` (the worker), which the model asks and never
copies.

Events (``Evented.connect``):

- ``"settings" (settings)`` — the settings in use changed, or a refusal put
  them back: every control must show these.
- ``"refusal" (field, text)`` — ``field`` is "data" or "layers"; empty text
  clears the message.
- ``"starting" (message)`` — a new run is being prepared off the GUI thread
  (its first snapshot evaluates the network on the 150 × 150 boundary grid and
  the whole data set: up to a second for 8 hidden layers of 64); the settings
  are already in use, ``latest`` is None until ``"run"``.
- ``"run" (message)`` — a new run: the data set, history and first snapshot
  are ready to draw.
- ``"snapshot" (snapshot)`` — a newer snapshot of the run.
- ``"status" (text, kind)`` — kind "note", "problem", or "" (status bar only).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

from engine.network import live_run
from engine.network.datasets import Dataset, DatasetError
from engine.network.diagnostics import Diagnosis, diagnose
from engine.network.live_run import LiveRun, LiveSnapshot
from engine.network.network import Network
from engine.network.presets import PRESETS
from engine.network.training_state import TrainingSnapshot
from gui.evented import Evented
from gui.tabs.network.build import (
    build_network,
    build_run,
    engine_layers,
    load_dataset,
    load_parameters,
    output_units,
)
from gui.tabs.network.history import RunHistory
from gui.tabs.network.session import restore, save
from gui.tabs.network.settings import (
    SEED_RANGE,
    NetworkSettings,
    default_settings,
    fit_layers,
    preset_settings,
    rule_text,
)
from gui.tabs.network.starting import Preparer, StartJob, costly_start
from gui.tabs.network.status import describe


class Trainer(Protocol):
    """What the model needs of a worker (gui.worker.WorkerBase has it)."""

    @property
    def state(self) -> str: ...  # "idle", "running", "paused" or "finished"

    @property
    def has_job(self) -> bool: ...

    def start(self, job: Any, paused: bool = False) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def step_once(self, n: int = 1) -> None: ...
    def submit(self, command: Callable[[Any], None]) -> None: ...
    def cancel(self) -> None: ...


@dataclass(frozen=True)
class ManyStarts:
    """The settings and data a many-starts run was built with; network k has seed + k."""

    settings: NetworkSettings
    dataset: Dataset


class NetworkModel(Evented):
    """Settings in use, data, run, history, refusals; see the module text for the events."""

    def __init__(self, trainer: Trainer, settings: NetworkSettings | None = None,
                 preparer: Preparer | None = None) -> None:
        """``preparer`` runs the start of each run off the GUI thread (without one, it
        runs at once, as scripts and tests want)."""
        super().__init__()
        self.trainer = trainer
        self.preparer = preparer
        self._starting: tuple[StartJob, str] | None = None
        self.settings = settings or default_settings()
        self.dataset: Dataset | None = None
        self.latest: LiveSnapshot | None = None
        self.history = RunHistory()
        self.refusals: dict[str, str] = {"data": "", "layers": ""}
        self.failure = ""  # why the trainer stopped under a run ("" while it is fine)
        self.many: ManyStarts | None = None
        self._played = (0.0, None)  # seconds played before, and since when (monotonic) if now

    # ---- what the views read ---------------------------------------------
    def output_activation(self) -> str:
        """σ^L as the engine uses it: softmax for more than two classes with cross-entropy."""
        if self.dataset is None:
            return self.settings.activations[-1]
        return engine_layers(self.settings, self.dataset)[0][-1]

    def preset_in_use(self) -> str:
        """The preset whose values are all still in use (fitted to the data), else ""."""
        name = self.settings.preset
        if name not in PRESETS:
            return ""
        expected = preset_settings(name, self.settings)
        if self.dataset is not None:
            expected = self._fitted(expected, self.dataset)
        return name if expected == self.settings else ""

    def engine_layers(self) -> tuple[list[str], str]:
        return engine_layers(self.settings, self.dataset)

    def played_seconds(self) -> float:
        """How long this run has been training (running, not paused)."""
        before, since = self._played
        return before + (time.monotonic() - since if since is not None else 0.0)

    def diagnosis(self) -> Diagnosis | None:
        """What holds the shown run back, in words (engine.network.diagnostics)."""
        if self.latest is None or self.dataset is None:
            return None
        activations, _ = self.engine_layers()
        return diagnose(self.latest.training, self.dataset.X_train, activations,
                        beta=self.settings.beta, init=self.settings.init)

    def epoch(self) -> int:
        """The epoch shown: the run's own count after any restored or continued curve."""
        return 0 if self.latest is None else self.history.total_epochs(self.latest.training.epoch)

    def parameters(self) -> tuple[tuple, tuple]:
        """W^m and b^m of the shown network."""
        t = self.latest.training
        return tuple(W[0] for W in t.weights), tuple(b[0] for b in t.biases)

    # ---- intents: settings -------------------------------------------------
    def edit(self, new: NetworkSettings) -> None:
        """The user changed a control: the rule, η, μ … and the stop apply live, the rest
        rebuilds."""
        new = replace(new, preset=self.settings.preset)  # only a preset intent names one
        if self._starting is not None and new.architecture() == self.settings.architecture():
            self.finish_start()  # the rule or the stop apply to the run being prepared
        if new.architecture() != self.settings.architecture() or self.latest is None:
            self.rebuild(new, "Settings changed: fresh starting weights (the old run is gone)")
            return
        old, self.settings = self.settings, new
        rule = new.rule()
        if rule != old.rule():
            self.trainer.submit(partial(live_run.set_rule, rule))
        if new.max_epochs != old.max_epochs:
            self.trainer.submit(partial(live_run.set_max_epochs, self._run_stop(self.history)))
        self.emit("settings", self.settings)
        if new.optimizer != old.optimizer:
            self._say(f"Optimizer now {rule.name}: {rule_text(new)}. Its memory starts from "
                      "zero (the weights carry on); stop after "
                      f"{new.max_epochs:,} epochs")
        else:
            self._say(f"Applied live: {rule_text(new)}, stop after {new.max_epochs:,} epochs")

    def refuse_layers(self, problem: str) -> None:
        """Layer text that cannot be read: the network in use stays, and says so."""
        self._refuse("layers", f"{problem} — keeping {'-'.join(map(str, self.settings.layers))}")

    def apply_preset(self, name: str) -> bool:
        """The preset's network and training on the current data, from fresh weights."""
        return self.rebuild(preset_settings(name, self.settings),
                            f"Preset: {name} — fresh starting weights")

    def reset(self) -> bool:
        """Back to the same starting weights (the seed in use draws them again)."""
        return self.rebuild(self.settings, f"Reset: the same starting weights again "
                                           f"(seed {self.settings.seed})")

    def new_start(self) -> bool:
        """Other random starting weights: the next seed, which the seed box then shows."""
        seed = self.settings.seed + 1 if self.settings.seed < SEED_RANGE[1] else SEED_RANGE[0]
        return self.rebuild(replace(self.settings, seed=seed),
                            f"New start: other random starting weights (seed {seed})")

    def rebuild(self, settings: NetworkSettings, message: str) -> bool:
        """Load the data and start fresh networks from ``settings``; False (and why) if not.

        Refused settings leave the run and the settings in use as they were.
        """
        try:
            dataset = load_dataset(settings)
        except DatasetError as exc:
            return self._refuse("data", str(exc))
        settings = self._fitted(settings, dataset)
        try:
            network = build_network(settings, dataset)
        except ValueError as exc:
            return self._refuse("layers", str(exc))
        self.settings, self.dataset = settings, dataset
        self._start(network, RunHistory(), message)
        return True

    @staticmethod
    def _fitted(settings: NetworkSettings, dataset: Dataset) -> NetworkSettings:
        """Keep the hidden layers; make the ends match the data's inputs and classes."""
        sizes = (dataset.n_features, *settings.layers[1:-1], output_units(dataset))
        return settings if sizes == settings.layers else fit_layers(settings, sizes)

    def _refuse(self, field: str, problem: str) -> bool:
        if self.latest is not None and field == "data":
            problem += " — keeping the current network"
        self.refusals[field] = problem
        self.emit("refusal", field, problem)
        self.emit("settings", self.settings)  # the controls go back to what is in use
        self._say(f"{'Data' if field == 'data' else 'Network'}: {problem}", "problem")
        return False

    # ---- intents: the run ------------------------------------------------
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
            self.trainer.step_once(1)

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
        self.trainer.start(start.job, paused=True)
        self._say(message)  # the views put it above the boundary with the run

    def on_prepare_failed(self, message: str) -> None:
        """The preparer itself failed (StartJob catches the job's own errors)."""
        if self._starting is not None:
            self._starting = None
            self._say(f"The network could not be started: {message}", "problem")

    def finish_start(self) -> None:
        """Wait for the run being prepared (for an intent that needs it: Save, Play)."""
        if self._starting is not None:
            start = self._starting[0]
            start.step(1)  # runs it here unless the preparer already is
            start.done.wait()
            self.on_prepared(start)

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

    # ---- sessions ----------------------------------------------------------
    def state(self) -> dict[str, Any]:
        self.finish_start()
        return save(self.settings, self.latest, self.history)

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore what :meth:`state` returned; ValueError, with nothing changed, if not."""
        settings, weights, biases, history = restore(state)
        dataset = load_dataset(settings)
        network = build_network(settings, dataset)
        if weights is not None:  # saved before the first snapshot: the seed's fresh weights
            load_parameters(network, weights, biases)
        self.settings, self.dataset = settings, dataset
        self._start(network, history, "Session restored: press Play to train on")

    # ---- many starts -------------------------------------------------------
    def many_starts_job(self, n: int) -> LiveRun:
        """``n`` fresh networks (seeds s … s+n−1), settings in use; ValueError if too big."""
        self.finish_start()
        network = build_network(self.settings, self.dataset, n_networks=n)
        self.many = ManyStarts(self.settings, self.dataset)
        return LiveRun(build_run(self.settings, self.dataset, network, with_grids=False))

    def member_parameters(self, t: TrainingSnapshot, k: int) -> tuple[tuple, tuple]:
        return tuple(W[k] for W in t.weights), tuple(b[k] for b in t.biases)

    def continue_member(self, t: TrainingSnapshot, k: int,
                        trail: tuple[Any, Any] | None = None) -> None:
        """Make network k of the many-starts run the main one: its settings (seed s + k),
        weights, loss, accuracy and gradient-norm curves."""
        many = self.many
        settings = replace(many.settings, seed=many.settings.seed + k)
        network = build_network(settings, many.dataset)
        load_parameters(network, *self.member_parameters(t, k))
        self.settings, self.dataset = settings, many.dataset
        self._start(network, RunHistory.of_member(t, k, trail),
                    f"Network with seed {settings.seed} loaded at epoch {t.epoch:,}: "
                    "press Play to train on")

    def _say(self, text: str, kind: str = "") -> None:
        self.emit("status", text, kind)
