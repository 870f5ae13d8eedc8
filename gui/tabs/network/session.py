"""The Neural network tab's state as plain JSON-able data, and back.

What is saved: the settings in use, W^m and b^m of the shown network, the
loss curve so far and the accuracy and gradient-norm points (``trails``:
epoch, train accuracy, test accuracy, ‖∂C/∂θ^1‖ … ‖∂C/∂θ^L‖), so a reopened
session shows all three curves as they were.  Sessions saved before
``trails`` existed open with those two curves empty.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.network.live_run import LiveSnapshot
from gui.tabs.network.history import RunHistory
from gui.tabs.network.settings import NetworkSettings

VERSION = 1


def _lists(values: np.ndarray | None) -> list | None:
    if values is None:
        return None
    return [None if not np.isfinite(v) else float(v) for v in np.ravel(values)]


def save(settings: NetworkSettings, latest: LiveSnapshot | None, history: RunHistory) -> dict:
    """Settings, current W^m and b^m of the shown network, and its curves so far."""
    state: dict[str, Any] = {"version": VERSION, "settings": settings.to_dict(),
                             "weights": None, "biases": None,
                             "loss_history": {"epochs": [], "train": [], "test": None},
                             "trails": {"epochs": [], "rows": []}}
    if latest is None:
        return state
    t = latest.training
    state["weights"] = [W[0].tolist() for W in t.weights]
    state["biases"] = [b[0].ravel().tolist() for b in t.biases]
    full = history.continued(t)
    state["loss_history"] = {"epochs": [int(e) for e in full.epochs],
                             "train": _lists(full.train), "test": _lists(full.test)}
    epochs, rows = full.trails()
    state["trails"] = {"epochs": [int(e) for e in epochs], "rows": [_lists(r) for r in rows]}
    return state


def _floats(values: Any, name: str) -> np.ndarray:
    if not isinstance(values, list):
        raise ValueError(f"{name} must be a list of numbers")
    try:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    except (TypeError, ValueError, OverflowError):
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


def _increasing(epochs: np.ndarray, name: str) -> None:
    if len(epochs) and (not np.isfinite(epochs).all() or np.any(np.diff(epochs) <= 0)
                        or epochs.max() > 2**53):
        raise ValueError(f"{name} must be increasing whole numbers")


def _trails(data: Any, n_layers: int) -> tuple[np.ndarray, np.ndarray] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("trails must be a mapping")
    epochs = _floats(data.get("epochs", []), "trails.epochs")
    rows = data.get("rows", [])
    if not isinstance(rows, list) or len(rows) != len(epochs):
        raise ValueError("trails.rows must hold one row per epoch")
    _increasing(epochs, "trails.epochs")
    values = np.array([_floats(r, "trails.rows") for r in rows]).reshape(len(epochs), -1)
    if len(epochs) and values.shape[1] != 2 + n_layers:
        raise ValueError(f"trails.rows need {2 + n_layers} values each (accuracies and one "
                         "gradient norm per layer)")
    return epochs, values


def restore(state: dict) -> tuple[NetworkSettings, list | None, list | None, RunHistory]:
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
    _increasing(epochs, "loss_history.epochs")
    trails = _trails(state.get("trails"), len(settings.layers) - 1)
    return settings, weights, biases, RunHistory(epochs, train, test, trail=trails)
