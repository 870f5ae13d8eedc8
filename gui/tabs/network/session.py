"""The loss curve a run continues, and the tab's state as plain JSON-able data.

A run that goes on from saved or chosen weights is a new TrainingRun whose
epochs count from 0; ``History`` holds the curve drawn before it and the
epoch it starts at, so the picture and the epoch count carry on seamlessly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.network.live_run import HISTORY_VALUES, LiveSnapshot
from engine.network.training_state import TrainingSnapshot
from gui.tabs.network.curves import CURVE_POINTS, thin
from gui.tabs.network.settings import NetworkSettings

SAVED_POINTS = HISTORY_VALUES  # as many as a snapshot of one network carries
VERSION = 1


def _thin3(epochs: np.ndarray, train: np.ndarray, test: np.ndarray | None,
           limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    e, tr = thin(epochs, train, limit)
    _, te = thin(epochs, test, limit) if test is not None else (None, None)
    return e, tr, te


class History:
    """The earlier curve (epochs, train loss, test loss or None) this run continues."""

    def __init__(self, epochs: np.ndarray | None = None, train: np.ndarray | None = None,
                 test: np.ndarray | None = None) -> None:
        self.epochs = np.empty(0) if epochs is None else np.asarray(epochs, dtype=float)
        self.train = np.empty(0) if train is None else np.asarray(train, dtype=float)
        self.test = None if test is None else np.asarray(test, dtype=float)
        if len(self.train) != len(self.epochs) or (
            self.test is not None and len(self.test) != len(self.epochs)
        ):
            raise ValueError("the loss history's epochs and values differ in length")

    @property
    def offset(self) -> int:
        """The epoch the continuing run starts from."""
        return int(self.epochs[-1]) if len(self.epochs) else 0

    def total_epochs(self, epoch: int) -> int:
        return self.offset + epoch

    def joined(self, t: TrainingSnapshot, k: int = 0,
               limit: int = CURVE_POINTS) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """This history followed by network k's curve in ``t``, at most ~2·limit points."""
        test_now = None if t.test_loss_history is None else t.test_loss_history[:, k]
        e, tr, te = _thin3(t.history_epochs + self.offset, t.loss_history[:, k], test_now, limit)
        if not len(self.epochs):
            return e, tr, te
        pe, ptr, pte = _thin3(self.epochs, self.train, self.test, limit)
        test = None
        if te is not None or pte is not None:
            test = np.concatenate([pte if pte is not None else np.full(len(pe), np.nan),
                                   te if te is not None else np.full(len(e), np.nan)])
        return np.concatenate([pe, e]), np.concatenate([ptr, tr]), test

    def extended(self, latest: LiveSnapshot | None) -> History:
        """This history with the latest run's curve appended (for a run that goes on)."""
        if latest is None:
            return self
        return History(*self.joined(latest.training, limit=SAVED_POINTS))

    @classmethod
    def of_member(cls, t: TrainingSnapshot, k: int) -> History:
        """Network k's curve from a many-starts snapshot."""
        test = None if t.test_loss_history is None else t.test_loss_history[:, k]
        return cls(*_thin3(t.history_epochs, t.loss_history[:, k], test, SAVED_POINTS))


def _lists(values: np.ndarray | None) -> list | None:
    if values is None:
        return None
    return [None if not np.isfinite(v) else float(v) for v in np.ravel(values)]


def save(settings: NetworkSettings, latest: LiveSnapshot | None, history: History) -> dict:
    """Settings, current W^m and b^m of the shown network, and the loss curve so far."""
    state: dict[str, Any] = {"version": VERSION, "settings": settings.to_dict(),
                             "weights": None, "biases": None,
                             "loss_history": {"epochs": [], "train": [], "test": None}}
    if latest is None:
        return state
    t = latest.training
    state["weights"] = [W[0].tolist() for W in t.weights]
    state["biases"] = [b[0].ravel().tolist() for b in t.biases]
    full = history.extended(latest)
    state["loss_history"] = {"epochs": [int(e) for e in full.epochs],
                             "train": _lists(full.train), "test": _lists(full.test)}
    return state


def _floats(values: Any, name: str) -> np.ndarray:
    if not isinstance(values, list):
        raise ValueError(f"{name} must be a list of numbers")
    try:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers only") from None


def _array(value: Any, name: str) -> np.ndarray:
    """A saved matrix or vector as floats; ValueError in words for ragged rows or non-numbers."""
    try:
        return np.array(value, dtype=float)
    except (TypeError, ValueError):
        pass
    if isinstance(value, list) and all(isinstance(row, list) for row in value):
        lengths = sorted({len(row) for row in value})
        if len(lengths) > 1:
            raise ValueError(f"{name} is ragged: its rows hold {lengths[0]} to {lengths[-1]} "
                             "values, but every row of a matrix holds as many")
    raise ValueError(f"{name} must hold numbers only")


def restore(state: dict) -> tuple[NetworkSettings, list | None, list | None, History]:
    """Check what ``save`` wrote; ValueError names what does not fit."""
    if not isinstance(state, dict) or "settings" not in state:
        raise ValueError("not a Neural network tab state (no settings)")
    if state.get("version", VERSION) != VERSION:
        raise ValueError(f"unknown Neural network state version {state.get('version')!r}")
    settings = NetworkSettings.from_dict(state["settings"])
    weights, biases = state.get("weights"), state.get("biases")
    if (weights is None) != (biases is None):
        raise ValueError("weights and biases must be given together")
    if weights is not None and not (isinstance(weights, list) and isinstance(biases, list)):
        raise ValueError("weights and biases must be lists of matrices")
    if weights is not None:
        weights = [_array(W, f"W^{m}") for m, W in enumerate(weights, start=1)]
        biases = [_array(b, f"b^{m}") for m, b in enumerate(biases, start=1)]
    curve = state.get("loss_history") or {}
    if not isinstance(curve, dict):
        raise ValueError("loss_history must be a mapping")
    epochs = _floats(curve.get("epochs", []), "loss_history.epochs")
    train = _floats(curve.get("train", []), "loss_history.train")
    test = curve.get("test")
    test = None if test is None else _floats(test, "loss_history.test")
    if len(epochs) and (not np.isfinite(epochs).all() or np.any(np.diff(epochs) <= 0)):
        raise ValueError("loss_history.epochs must be increasing whole numbers")
    return settings, weights, biases, History(epochs, train, test)
