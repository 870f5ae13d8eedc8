"""Why a run is not learning, in words: plateaus, saturated units, vanishing gradients,
overflow and features on a large scale.

Each check reads what a TrainingSnapshot already holds (the loss history, the
last batch's gradient norm per layer ‖∂C/∂θ^m‖, W^m and b^m) plus the training
inputs, and returns a Finding: one sentence saying what happened, with numbers,
and what to try.  The thresholds are rules of thumb, named below:

* plateau: over the last ``window`` epochs (a fifth of the run, 100 … 1000) the
  loss fell by less than ``PLATEAU_CHANGE`` per 100 epochs while some training
  point is still misclassified;
* saturated unit: a hidden sigmoid or tanh unit whose slope σ′(z^m) is below
  ``SATURATED_SLOPE`` of its largest (β/4 for σ, 1 for tanh) on at least
  ``SATURATED_SAMPLES`` of the training points — it passes almost no δ back,
  since δ^m = (W^{m+1})ᵀ δ^{m+1} ∘ σ′(z^m);
* vanishing gradient: the smallest ‖∂C/∂θ^m‖ is below ``VANISHING_RATIO`` of the
  largest, or all are below ``VANISHING_NORM`` (``STUCK_NORM`` on a plateau);
* overflow: a loss that is not finite or a diverged run, put down to the features
  (|x| ≥ ``OVERFLOW_FEATURES``), to the weights (|W| ≥ ``HUGE_WEIGHTS`` or not
  finite) or to the learning rate;
* large features: some |x| ≥ ``LARGE_FEATURES``.

Only overflow is reported for a run that classifies every training point; the
others matter only while it does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.network.activations import get_activation
from engine.network.training_state import TrainingSnapshot
from engine.notation import superscript

PLATEAU_CHANGE = 0.01
PLATEAU_MIN_WINDOW = 100
PLATEAU_MAX_WINDOW = 1000
SATURATED_SLOPE = 0.01
SATURATED_SAMPLES = 0.9
SATURATED_LAYER = 0.5  # a layer is reported once this share of its units is saturated
VANISHING_RATIO = 1e-4
VANISHING_NORM = 1e-7
STUCK_NORM = 1e-4  # on a plateau, a gradient this small everywhere has vanished too
OVERFLOW_FEATURES = 1e100
HUGE_WEIGHTS = 1e100
LARGE_FEATURES = 100.0
MAX_SAMPLES = 256  # training points run forward to look for saturation
LARGEST_SLOPE = {"sigmoid": 0.25, "tanh": 1.0}  # σ′(0) per unit of β

KINDS = ("overflow", "plateau", "saturated", "vanishing_gradient", "large_features")

MANY_STARTS = ("train several networks from different starts (the Many starts tab) and "
               "continue the best — the notes' own remedy")
XAVIER = "a Xavier start (Start: Xavier/He) instead of N(0, 1)"
SMALLER_BETA = "a smaller sigmoid β"
LOWER_ETA = "a lower learning rate η"
BIGGER = "more hidden units or layers, if this is the most this network can do"
STANDARDISE = ("standardise the features (each column minus its mean, divided by its "
               "standard deviation)")
#: each remedy in a few words, for a status bar
SHORT = {MANY_STARTS: "several starts (Many starts tab; the notes' remedy)",
         XAVIER: "a Xavier start", SMALLER_BETA: "a smaller β", LOWER_ETA: "a lower η",
         BIGGER: "a bigger network",
         STANDARDISE: "standardising the features"}


@dataclass(frozen=True)
class Finding:
    """One problem: ``kind`` (one of KINDS), what happened in a few words (``headline``)
    and in a sentence with its numbers, and what to try."""

    kind: str
    headline: str
    sentence: str
    remedies: tuple[str, ...]


@dataclass(frozen=True)
class Diagnosis:
    """Everything found about one network of a run, the most serious first."""

    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.findings)

    def remedies(self) -> tuple[str, ...]:
        """Each remedy once, in the order the findings ask for them."""
        return tuple(dict.fromkeys(r for f in self.findings for r in f.remedies))

    def text(self) -> str:
        """Every finding's sentence, then "Try: …" (empty when nothing was found)."""
        if not self.findings:
            return ""
        remedies = self.remedies()
        tail = f" Try: {'; '.join(remedies)}." if remedies else ""
        return " ".join(f.sentence for f in self.findings) + tail

    def summary(self) -> str:
        """The first finding's headline and remedy in a few words: one line for a status bar."""
        if not self.findings:
            return ""
        first = self.findings[0]
        remedy = first.remedies[0] if first.remedies else ""
        return first.headline + (f" — try {SHORT.get(remedy, remedy)}" if remedy else "")


def order(value: float) -> str:
    """"1e300" for 3.2e300: the power of ten a value is around."""
    if not math.isfinite(value) or value <= 0:
        return f"{value:g}"
    return f"1e{math.floor(math.log10(value))}"


def largest_finite(arrays: Sequence[np.ndarray]) -> tuple[float, bool]:
    """The largest finite |value| of all ``arrays`` and whether every value is finite."""
    top, finite = 0.0, True
    for a in arrays:
        a = np.abs(np.asarray(a, dtype=float))
        ok = np.isfinite(a)
        finite = finite and bool(ok.all())
        if ok.any():
            top = max(top, float(a[ok].max()))
    return top, finite


def loss_change(epochs: np.ndarray, losses: np.ndarray) -> tuple[float, int] | None:
    """(relative fall of the loss over the last window, the window in epochs), or None.

    The window is the last fifth of the epochs (100 … 1000); the fall compares the
    mean loss of its first and last fifths (mini-batch losses are noisy), relative to
    the last.  None while the history is shorter than two windows or not finite.
    """
    epochs, losses = np.asarray(epochs, dtype=float), np.asarray(losses, dtype=float)
    if not len(epochs):
        return None
    window = int(np.clip(epochs[-1] / 5, PLATEAU_MIN_WINDOW, PLATEAU_MAX_WINDOW))
    if epochs[-1] - epochs[0] < 2 * window:
        return None
    inside = epochs > epochs[-1] - window
    values, times = losses[inside], epochs[inside]
    fifth = window / 5
    early = values[times < times[0] + fifth]
    late = values[times > epochs[-1] - fifth]
    if not (len(early) and len(late)) or not np.isfinite([*early, *late]).all():
        return None
    now = float(late.mean())
    return (float(early.mean()) - now) / max(abs(now), 1e-300), window


def saturated_shares(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray],
                     activations: Sequence[str], X: np.ndarray, beta: float = 1.0,
                     ) -> list[float | None]:
    """Per layer m = 1 … L: the share of units with σ′(z^m) < SATURATED_SLOPE · max σ′ on at
    least SATURATED_SAMPLES of the points (None for activations that do not saturate).

    ``weights[m-1]`` is W^m (N^m × N^{m−1}), ``biases[m-1]`` b^m; X has points as rows.
    At most MAX_SAMPLES evenly spaced points are run forward.
    """
    X = np.asarray(X, dtype=float)
    if len(X) > MAX_SAMPLES:
        X = X[np.linspace(0, len(X) - 1, MAX_SAMPLES).astype(int)]
    a = X.T
    shares: list[float | None] = []
    with np.errstate(all="ignore"):  # features of 1e300 overflow here; NaN counts as flat
        for W, b, name in zip(weights, biases, activations, strict=True):
            sigma = get_activation(name, beta if name == "sigmoid" else 1.0)
            z = np.asarray(W, dtype=float) @ a + np.asarray(b, dtype=float).reshape(-1, 1)
            a = sigma(z)
            if name not in LARGEST_SLOPE or not z.size:
                shares.append(None)
                continue
            steepest = LARGEST_SLOPE[name] * abs(sigma.beta)  # β ≤ 0 flips or flattens σ
            flat = ~(np.abs(sigma.derivative(z, a)) >= SATURATED_SLOPE * steepest)
            shares.append(float((flat.mean(axis=1) >= SATURATED_SAMPLES).mean()))
    return shares


def _overflow(t: TrainingSnapshot, k: int, X: np.ndarray) -> Finding | None:
    loss = float(t.train_loss[k])
    features, _ = largest_finite([X])
    weights, finite = largest_finite([W[k] for W in t.weights])
    huge_weights = not finite or weights >= HUGE_WEIGHTS
    broken = not math.isfinite(loss) or bool(t.diverged[k]) or t.status == "diverged"
    if not (broken or huge_weights):
        return None
    if math.isnan(loss):
        what = "the loss is NaN"
    elif math.isinf(loss):
        what = "the loss overflowed to inf"
    else:
        what = f"the loss reached {loss:.3g}" if huge_weights else "the loss blew up"
    if features >= OVERFLOW_FEATURES:
        return Finding("overflow", f"Overflow: features around {order(features)}",
                       f"Overflow: {what} because the features are around {order(features)}, "
                       "so z = W a + b is too.", (STANDARDISE,))
    if huge_weights:
        size = "not finite" if not finite else f"around {order(weights)}"
        return Finding("overflow", f"Overflow: weights {size}",
                       f"Overflow: {what} because the weights are {size}.",
                       (LOWER_ETA, XAVIER))
    return Finding("overflow", f"Diverged: η = {t.learning_rate:.3g} is too large",
                   f"Diverged: {what}: with η = {t.learning_rate:.3g} each step overshoots "
                   "the minimum.", (LOWER_ETA,))


def _plateau(t: TrainingSnapshot, k: int, remedies: tuple[str, ...]) -> Finding | None:
    found = loss_change(t.history_epochs, t.loss_history[:, k])
    if found is None:
        return None
    change, window = found
    if change >= PLATEAU_CHANGE * window / 100:
        return None
    fell = f"fell only {change:.1%}" if change > 0 else "did not fall"
    accuracy = f"{float(t.train_accuracy[k]):.0%}"
    return Finding("plateau", f"Stuck at {accuracy}: the loss {fell} in {window:,} epochs",
                   f"Stuck: over the last {window:,} epochs the loss {fell} "
                   f"(now {float(t.train_loss[k]):.4g}) while the accuracy is {accuracy} — "
                   "a flat region, a local minimum, or the most this network can do.",
                   (MANY_STARTS, *remedies, BIGGER))


def _saturated(shares: list[float | None], remedies: tuple[str, ...]) -> Finding | None:
    # the output layer is left out: a saturated a^L is a confident answer, and with
    # cross-entropy δ^L = a^L − y does not pass through σ′
    layers = [(m, s) for m, s in enumerate(shares[:-1], start=1)
              if s is not None and s >= SATURATED_LAYER]
    if not layers:
        return None
    listed = ", ".join(f"layer {m} ({s:.0%})" for m, s in layers)
    return Finding("saturated", f"Saturated units in {listed}",
                   f"Saturated units: in {listed} σ′(z) ≈ 0 on almost every "
                   "point, so those units pass back almost no δ and barely learn.", remedies)


def _vanishing(norms: np.ndarray, stuck: bool, remedies: tuple[str, ...]) -> Finding | None:
    norms = np.asarray(norms, dtype=float)
    if len(norms) < 1 or not np.isfinite(norms).all() or not norms.max() > 0:
        return None  # no batch yet (all 0) or overflow, reported elsewhere
    low, high = int(norms.argmin()), int(norms.argmax())
    if norms.max() < (STUCK_NORM if stuck else VANISHING_NORM):
        sentence = (f"The gradient has vanished: every ‖∂C/∂θ^m‖ ≤ {norms.max():.1e}, "
                    "so the weights no longer move.")
    elif len(norms) > 1 and norms[low] < VANISHING_RATIO * norms[high]:
        times = f"about {order(norms[high] / norms[low])} times" if norms[low] > 0 else "far"
        sentence = (f"The gradient has vanished in layer {low + 1}: "
                    f"‖∂C/∂θ{superscript(low + 1)}‖ = "
                    f"{norms[low]:.1e}, {times} smaller than in layer {high + 1}, so layer "
                    f"{low + 1} barely moves.")
    else:
        return None
    where = "everywhere" if norms.max() < VANISHING_NORM else f"in layer {low + 1}"
    return Finding("vanishing_gradient", f"Vanishing gradient {where}", sentence, remedies)


def diagnose(t: TrainingSnapshot, X: np.ndarray, activations: Sequence[str], *,
             beta: float = 1.0, init: str = "xavier_he", k: int = 0) -> Diagnosis:
    """What holds network ``k`` of snapshot ``t`` back, trained on inputs ``X`` (rows) with
    σ^1 … σ^L named by ``activations``; ``beta`` is the sigmoid's slope, ``init`` the start."""
    X = np.asarray(X, dtype=float)
    overflow = _overflow(t, k, X)
    if overflow is not None:
        return Diagnosis((overflow,))
    if float(t.train_accuracy[k]) >= 1.0:
        return Diagnosis(())
    features, _ = largest_finite([X])
    large = features >= LARGE_FEATURES
    remedies = tuple(r for r, wanted in (
        (STANDARDISE, large),
        (XAVIER, init != "xavier_he"),
        (SMALLER_BETA, "sigmoid" in activations),
        (LOWER_ETA, True),
    ) if wanted)
    fits = len(activations) == len(t.weights) and X.ndim == 2 and \
        X.shape[1] == t.weights[0].shape[-1]
    shares = saturated_shares([W[k] for W in t.weights], [b[k] for b in t.biases],
                              activations, X, beta) if fits else []
    plateau = _plateau(t, k, remedies)
    findings = [
        plateau,
        _saturated(shares, remedies),
        _vanishing(t.grad_norms[k], plateau is not None, remedies) if t.epoch > 0 else None,
        Finding("large_features", f"Features around {order(features)}",
                f"The features are around {order(features)} (largest |x| = "
                f"{features:.3g}): sigmoid and tanh units saturate on inputs this large.",
                (STANDARDISE,)) if large else None,
    ]
    return Diagnosis(tuple(f for f in findings if f is not None))
