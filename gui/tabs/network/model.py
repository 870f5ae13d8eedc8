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
from engine.network.presets import LARGE_DATA, PRESETS
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
from gui.tabs.network.run_intents import RunIntents
from gui.tabs.network.session import restore, save
from gui.tabs.network.settings import (
    SEED_RANGE,
    NetworkSettings,
    default_settings,
    fit_layers,
    format_layers,
    preset_settings,
    rule_text,
)
from gui.tabs.network.starting import Preparer, StartJob


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


class NetworkModel(RunIntents, Evented):
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
        if rule != old.rule() or new.max_epochs != old.max_epochs:
            self.finish_start()  # a held run goes to the trainer, which takes the commands
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
        settings, message = self._for_large_data(settings, dataset, message)
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

    def _for_large_data(self, settings: NetworkSettings, dataset: Dataset,
                        message: str) -> tuple[NetworkSettings, str]:
        """Full batch becomes mini-batches (``LARGE_DATA``) when new data or layers make a
        full pass too costly to watch; a full batch chosen once the data were large stays."""
        n_rows = len(dataset.y_train)
        if settings.batch_mode != "full" or not LARGE_DATA.applies(n_rows, settings.layers):
            return settings, message
        if self.dataset is not None and LARGE_DATA.applies(len(self.dataset.y_train),
                                                           self.settings.layers):
            return settings, message
        eta = min(settings.learning_rate, LARGE_DATA.learning_rate)
        settings = replace(settings, batch_mode="mini", batch_size=LARGE_DATA.batch_size,
                           learning_rate=eta)
        return settings, (
            f"{message}\n{n_rows:,} training rows through {format_layers(settings.layers)}: "
            f"a full-batch epoch is slow to watch, so updates are now mini-batches of "
            f"{LARGE_DATA.batch_size} with η = {eta:g} (Updates: full batch goes back)")

    def _refuse(self, field: str, problem: str) -> bool:
        if self.latest is not None and field == "data":
            problem += " — keeping the current network"
        self.refusals[field] = problem
        self.emit("refusal", field, problem)
        self.emit("settings", self.settings)  # the controls go back to what is in use
        self._say(f"{'Data' if field == 'data' else 'Network'}: {problem}", "problem")
        return False

    # ---- sessions ----------------------------------------------------------
    def state(self) -> dict[str, Any]:
        self.finish_preparing()
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
        self.finish_preparing()
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
