"""The engine against the minimal plain NumPy loop for each case of issue 16 (ratios).

Each case has a reference written plainly below: the least NumPy a person
would write to do the same work (rows are samples; the loss or the stopping
test the engine reports is computed too, since a loop that reports nothing
is not the same job).  Rounds ALTERNATE, reference then engine, so both see
the same load on a shared machine; the figure is reference time / engine
time per round (above 1: the engine is faster), as median and min–max.

- xor: 2-2-1 sigmoid, cross-entropy, learning rate 1, full batch
  (``TrainingRun`` of the "notes" preset, loss history included);
- spirals: 2,000 points, 2-32-32-1 tanh, batch 32, momentum 0.9
  (``MLP.fit``; the reference permutes the data once per epoch);
- digits: scikit-learn ``load_digits``, 64-64-10 tanh + softmax, batch 32;
- adam_10000: 10,000 Adam descents on Rosenbrock (``Swarm.advance``; the
  reference uses the hand-written gradient and tests ‖∇f‖ < ε each step);
- descent_1: one Adam descent (``DescentRun.step``, path kept; the
  reference keeps (x, y, f) per step too).

JAX cases are not written yet (JAX was not installed where this was written,
so none could be tested): the last line says whether JAX is installed and that
its cases were skipped.  Run: ``python -m bench.reference [rounds]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from itertools import pairwise

import numpy as np

from engine.descent.optimizers import Adam
from engine.descent.run import DescentRun
from engine.descent.surfaces import surface
from engine.descent.swarm import Swarm
from engine.network.datasets import spirals, xor
from engine.network.mlp import MLP
from engine.network.presets import PRESETS

ROUNDS = 7
XOR_EPOCHS = 4000
SPIRAL_EPOCHS = 4
DIGITS_EPOCHS = 4
RATE, MU, BATCH = 0.05, 0.9, 32
DESCENTS, DESCENT_STEPS = 10_000, 100
SINGLE_STEPS = 2000
ADAM = dict(alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8)
EPS = 1e-12  # nobody converges: every step is timed


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------- references


def _xor_reference(epochs: int) -> float:
    X, y = xor().X_train, xor().y_train[:, None].astype(float)
    rng = np.random.default_rng(0)
    W1, b1 = rng.standard_normal((2, 2)), rng.standard_normal(2)
    W2, b2 = rng.standard_normal((2, 1)), rng.standard_normal(1)
    n, loss = len(X), 0.0
    for _ in range(epochs):
        a1 = _sigmoid(X @ W1 + b1)
        a2 = _sigmoid(a1 @ W2 + b2)
        loss = -np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2))
        d2 = (a2 - y) / n
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 -= a1.T @ d2
        b2 -= d2.sum(0)
        W1 -= X.T @ d1
        b1 -= d1.sum(0)
    return float(loss)


def _minibatch_reference(X: np.ndarray, Y: np.ndarray, sizes: tuple[int, ...],
                         epochs: int) -> float:  # fmt: skip
    """tanh hidden layers; one sigmoid output or a softmax, cross-entropy; momentum SGD."""
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((a, b)) * np.sqrt(1 / a) for a, b in pairwise(sizes)]
    bs = [np.zeros(b) for b in sizes[1:]]
    vW, vb = [np.zeros_like(W) for W in Ws], [np.zeros_like(b) for b in bs]
    n, softmax, loss = len(X), Y.shape[1] > 1, 0.0
    for _ in range(epochs):
        order = rng.permutation(n)
        Xs, Ys, loss = X[order], Y[order], 0.0
        for s in range(0, n, BATCH):
            acts, y = [Xs[s : s + BATCH]], Ys[s : s + BATCH]
            for W, b in zip(Ws[:-1], bs[:-1], strict=True):
                acts.append(np.tanh(acts[-1] @ W + b))
            z = acts[-1] @ Ws[-1] + bs[-1]
            if softmax:
                e = np.exp(z - z.max(1, keepdims=True))
                p = e / e.sum(1, keepdims=True)
                loss -= np.sum(y * np.log(p))
            else:
                p = _sigmoid(z)
                loss -= np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
            d = (p - y) / len(y)
            for i in range(len(Ws) - 1, -1, -1):
                gW, gb = acts[i].T @ d, d.sum(0)
                if i:
                    d = (d @ Ws[i].T) * (1 - acts[i] ** 2)
                vW[i] = MU * vW[i] - RATE * gW
                vb[i] = MU * vb[i] - RATE * gb
                Ws[i] += vW[i]
                bs[i] += vb[i]
        loss /= n
    return float(loss)


def _rosenbrock_gradient(x: np.ndarray) -> np.ndarray:
    X, Y = x[:, 0], x[:, 1]
    g = np.empty_like(x)
    g[:, 0] = -2 * (1 - X) - 400 * X * (Y - X * X)
    g[:, 1] = 200 * (Y - X * X)
    return g


def _adam_reference(starts: np.ndarray, steps: int, keep_path: bool) -> np.ndarray:
    x = starts.copy()
    m, v = np.zeros_like(x), np.zeros_like(x)
    a, b1, b2, eps = ADAM["alpha"], ADAM["beta1"], ADAM["beta2"], ADAM["eps"]
    path = np.empty((steps, len(x), 3)) if keep_path else None
    for t in range(1, steps + 1):
        g = _rosenbrock_gradient(x)
        if np.all(np.hypot(g[:, 0], g[:, 1]) < EPS):
            break
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - a * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        if path is not None:
            path[t - 1, :, :2] = x
            path[t - 1, :, 2] = (1 - x[:, 0]) ** 2 + 100 * (x[:, 1] - x[:, 0] ** 2) ** 2
    return x


# ---------------------------------------------------------------- the engine


def _xor_engine(epochs: int) -> float:
    data = xor()
    run = PRESETS["notes"].run(data.X_train, data.y_train, seed=0, max_epochs=epochs)
    run.run_epochs(epochs)
    return float(run.history.array()[-1, 0])


def _mlp_engine(X: np.ndarray, y: np.ndarray, hidden: tuple[int, ...], epochs: int) -> float:
    model = MLP(hidden, "tanh", learning_rate=RATE, momentum=MU, batch_size=BATCH,
                max_iter=epochs, tol=0.0, random_state=0)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    return model.loss_curve_[-1]


def _swarm_engine(starts: np.ndarray, steps: int) -> np.ndarray:
    swarm = Swarm(surface("rosenbrock"), [Adam(**ADAM)], eps=EPS, max_steps=10**9)
    swarm.add(starts, 0)
    for _ in range(steps):
        swarm.advance()
    return swarm.x


def _descent_engine(start: np.ndarray, steps: int) -> np.ndarray:
    run = DescentRun(surface("rosenbrock"), [Adam(**ADAM)], eps=EPS, max_steps=10**9)
    run.add_starts(start)
    run.step(steps)
    return run.swarm.x


# ---------------------------------------------------------------- timing


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def alternate(reference: Callable[[], object], engine: Callable[[], object],
              rounds: int) -> list[float]:  # fmt: skip
    """reference time / engine time for each of ``rounds`` alternating pairs (after a warm-up)."""
    reference(), engine()
    return [_seconds(reference) / _seconds(engine) for _ in range(rounds)]


def cases() -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    spiral = spirals(n=2500, noise=0.1, test_fraction=0.2, seed=0)
    Xs, ys = spiral.X_train, spiral.y_train
    from sklearn.datasets import load_digits

    digits = load_digits()
    Xd, yd = digits.data / 16.0, digits.target
    starts = np.random.default_rng(0).uniform((-2.0, -1.0), (2.0, 3.0), size=(DESCENTS, 2))
    one = starts[:1]
    return {
        "xor": (lambda: _xor_reference(XOR_EPOCHS), lambda: _xor_engine(XOR_EPOCHS)),
        "spirals": (lambda: _minibatch_reference(Xs, ys[:, None].astype(float), (2, 32, 32, 1),
                                                 SPIRAL_EPOCHS),
                    lambda: _mlp_engine(Xs, ys, (32, 32), SPIRAL_EPOCHS)),
        "digits": (lambda: _minibatch_reference(Xd, np.eye(10)[yd], (64, 64, 10), DIGITS_EPOCHS),
                   lambda: _mlp_engine(Xd, yd, (64,), DIGITS_EPOCHS)),
        "adam_10000": (lambda: _adam_reference(starts, DESCENT_STEPS, False),
                       lambda: _swarm_engine(starts, DESCENT_STEPS)),
        "descent_1": (lambda: _adam_reference(one, SINGLE_STEPS, True),
                      lambda: _descent_engine(one, SINGLE_STEPS)),
    }  # fmt: skip


def _jax_line() -> str:
    try:
        import jax  # noqa: F401
    except ImportError:
        return "JAX: not installed, skipped"
    return "JAX: installed, skipped (this benchmark has no JAX cases yet)"


def main(rounds: int = ROUNDS) -> dict[str, float]:
    load = os.getloadavg()[0]
    print(f"alternating rounds: {rounds}; load average (1 min) {load:.2f} on "
          f"{os.cpu_count()} cores")
    print(f"{'case':12s} {'engine / reference speed':>26s}   min–max")
    result: dict[str, float] = {"load_1min": load}
    for name, (reference, engine) in cases().items():
        ratios = alternate(reference, engine, rounds)
        median = statistics.median(ratios)
        result[f"{name}_ratio"] = median
        result[f"{name}_min"], result[f"{name}_max"] = min(ratios), max(ratios)
        print(f"{name:12s} {median:25.2f}x   {min(ratios):.2f}–{max(ratios):.2f}")
    print(_jax_line())
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
