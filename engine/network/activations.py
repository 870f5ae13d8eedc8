"""Activation functions a = σ(z) and their slopes ∂a/∂z, by name.

Every function takes an optional ``out`` array so the training loop can reuse
its buffers; without it a new array is returned.  All are safe for |z| up to
1e4 and beyond: no overflow warnings, no NaN.  Each keeps the dtype of z:
float64 for training, float32 for the pictures (grids.py).

Note on the notes: their table writes the sigmoid as 1/(1+e^{z}); the correct
logistic function is 1/(1+e^{−z}) (here with slope β: 1/(1+e^{−βz})).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

#: The most elements one sigmoid works out by the C library's exp, element by element,
#: while scipy.special is deferred: about 65 ns each, so 1,200,000 in 80 ms, less than
#: scipy.special's import (0.2–0.7 s).  It was sized for a start's first snapshot of up to
#: 53 sigmoid units over a 150 × 150 grid; its grids are float32 now (:func:`expit_float32`,
#: no scipy), so it covers the snapshot's float64 passes over the data.
LIBM_MAX_ELEMENTS = 1_200_000

_scipy_expit: np.ufunc | None = None  # scipy.special.expit, once imported
_deferred = False


def load_scipy() -> np.ufunc:
    """``scipy.special.expit``, imported on first use (scipy.special costs 0.2–0.7 s to
    import: a trainer process starts without it; the window defers it)."""
    global _scipy_expit
    if _scipy_expit is None:
        from scipy.special import expit as ufunc

        _scipy_expit = ufunc
    return _scipy_expit


def defer_scipy() -> None:
    """In this process, until :func:`load_scipy` has run, a sigmoid of a float64 array of
    at most :data:`LIBM_MAX_ELEMENTS` is worked out without scipy, with the same bits
    (:func:`libm_expit`): the window draws its networks without loading scipy (a larger
    sigmoid, say of a costly start on a worker thread, still loads it)."""
    global _deferred
    _deferred = True


def libm_expit(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1/(1 + e^{−z}) exactly as ``scipy.special.expit`` computes it, bit for bit.

    scipy's expit is ``1 / (1 + std::exp(-x))`` in double: the C library's exp, then an
    IEEE-rounded add and divide.  ``math.exp`` is that same C library function, and
    NumPy's add and divide round the same way; NumPy's own exp is not used (its SIMD
    exp differs from the C library's in the last bit of about 2 % of values).
    e^{−z} beyond the largest double is ∞ there, so σ = 0.
    """
    flat = np.negative(z).ravel().tolist()
    try:
        e = list(map(math.exp, flat))
    except OverflowError:
        e = [_exp_or_inf(v) for v in flat]
    denominator = np.array(e, dtype=np.float64).reshape(np.shape(z))
    denominator += 1.0
    return np.divide(1.0, denominator, out=out)


def _exp_or_inf(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:  # C's exp gives +inf (and raises no error) past e^709.78
        return math.inf


def expit(z: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """1/(1 + e^{−z}) without overflow: ``scipy.special.expit`` (or, while it is
    deferred and not yet imported, :func:`libm_expit`: the same bits); float32 by
    :func:`expit_float32`."""
    if isinstance(z, np.ndarray) and z.dtype == np.float32:
        return expit_float32(z, out)
    if (_scipy_expit is None and _deferred and isinstance(z, np.ndarray)
            and z.dtype == np.float64 and z.size <= LIBM_MAX_ELEMENTS):
        # not waiting for scipy.special while a thread imports it (the import lock)
        return libm_expit(z, out)
    return load_scipy()(z, out=out)


def expit_float32(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1/(1 + e^{−z}) of a float32 array, in float32, by NumPy's float32 exp.

    For the pictures (grids.py): about 1 ms per 1.44M values, where scipy's float32
    expit takes 4.8 ms and its float64 one 7.9 ms, and it needs no scipy.special in
    the window (whose float64 route is :func:`libm_expit`: glibc's expf differs from
    (float) exp in 4·10⁻⁵ of all floats, so no float32 twin of scipy's bits exists
    by the C library's exp).  Within 4 units in the last place of σ rounded to float32
    wherever that is a normal float32 (measured; scipy's float32 expit: 2), 9·10⁻⁸
    absolute; e^{−z} past float32's largest (z < −88.7) is ∞, so σ = 0.
    """
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp(np.negative(z, out=out), out=out)
    e += 1.0
    return np.reciprocal(e, out=e)


@dataclass(frozen=True)
class Activation(ABC):
    """An element-wise non-linearity σ with its formula for display.

    ``latex`` shows a = σ(z) and ``derivative_latex`` shows ∂a/∂z, both in
    the notes' notation.  ``beta`` is the sigmoid's slope and 1 for the rest.
    """

    name: str
    latex: str
    derivative_latex: str
    beta: float = 1.0

    @abstractmethod
    def __call__(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """a = σ(z)."""

    @abstractmethod
    def derivative(
        self, z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None
    ) -> np.ndarray:
        """∂a/∂z, element-wise; given both z and a = σ(z) so no work is repeated."""


class Sigmoid(Activation):
    """σ(z) = 1/(1+e^{−βz}), ∂a/∂z = βa(1−a)."""

    def __call__(self, z, out=None):
        if self.beta == 1.0:
            return expit(z, out=out)
        # expit never overflows, unlike 1/(1 + np.exp(-βz)) for large negative βz
        return expit(np.multiply(z, self.beta, out=out), out=out)

    def derivative(self, z, a, out=None):
        out = np.subtract(1.0, a, out=out)
        out *= a
        if self.beta != 1.0:
            out *= self.beta
        return out


class Tanh(Activation):
    """σ(z) = tanh z = (e^z − e^{−z})/(e^z + e^{−z}), ∂a/∂z = 1 − a²."""

    def __call__(self, z, out=None):
        return np.tanh(z, out=out)

    def derivative(self, z, a, out=None):
        out = np.multiply(a, a, out=out)
        return np.subtract(1.0, out, out=out)


class ReLU(Activation):
    """σ(z) = max(0, z), ∂a/∂z = 1 for z ≥ 0 and 0 for z < 0 (the notes' convention)."""

    def __call__(self, z, out=None):
        return np.maximum(z, 0.0, out=out)

    def derivative(self, z, a, out=None):
        if out is None:
            out = np.empty(np.shape(z))
        # the comparison yields booleans; unsafe casting writes them as 0.0 / 1.0
        return np.greater_equal(z, 0.0, out=out, casting="unsafe")


class Linear(Activation):
    """σ(z) = z, ∂a/∂z = 1."""

    def __call__(self, z, out=None):
        if out is None:
            return np.array(z, dtype=np.result_type(np.asarray(z), np.float32))
        np.copyto(out, z)
        return out

    def derivative(self, z, a, out=None):
        if out is None:
            return np.ones_like(z, dtype=float)
        out.fill(1.0)
        return out


class Softmax(Activation):
    """a_i = e^{z_i} / Σ_j e^{z_j} over the output units (axis −2, columns are samples).

    Not element-wise, so it has no element-wise slope: it is only used as an
    output layer together with categorical cross-entropy, where δ^L = a^L − y.
    """

    def __call__(self, z, out=None, lse=None):
        """a = softmax(z); with ``lse`` (one row per column of z), also writes
        log Σ_j e^{z_j} = max z + log Σ_j e^{z_j − max z} there, the cost's
        logsumexp from the sums already made (losses.output_cost)."""
        # subtracting the column maximum keeps e^{z} ≤ 1, so no overflow (the ufuncs'
        # reduce is what z.max and z.sum call, without their Python wrappers)
        z_max = np.maximum.reduce(z, axis=-2, keepdims=True)
        out = np.subtract(z, z_max, out=out)
        np.exp(out, out=out)
        total = np.add.reduce(out, axis=-2, keepdims=True)
        out /= total
        if lse is not None:
            np.log(total, out=lse)
            lse += z_max
        return out

    def derivative(self, z, a, out=None):
        raise ValueError("softmax has no element-wise derivative; pair it with cross-entropy")


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Sigmoid(
        "sigmoid",
        r"a = \sigma(z) = \frac{1}{1 + e^{-\beta z}}",
        r"\frac{\partial a}{\partial z} = \beta\, a (1 - a)",
    ),
    "tanh": Tanh(
        "tanh",
        r"a = \tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        r"\frac{\partial a}{\partial z} = 1 - a^2",
    ),
    "relu": ReLU(
        "relu",
        r"a = \max(0, z)",
        r"\frac{\partial a}{\partial z} = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}",
    ),
    "linear": Linear("linear", r"a = z", r"\frac{\partial a}{\partial z} = 1"),
}
"""The element-wise activations a user can pick for any layer, by name."""

SOFTMAX = Softmax(
    "softmax",
    r"a_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"\delta^L = a^L - y \text{ (with cross-entropy)}",
)
"""The multi-class output layer; not in ``ACTIVATIONS`` because it is not element-wise."""


def get_activation(name: str, beta: float = 1.0) -> Activation:
    """The activation called ``name`` ("sigmoid", "tanh", "relu", "linear", "softmax").

    ``beta`` is the sigmoid's slope in 1/(1+e^{−βz}); other activations take β = 1.
    """
    if name == "softmax":
        base = SOFTMAX
    elif name in ACTIVATIONS:
        base = ACTIVATIONS[name]
    else:
        known = ", ".join([*ACTIVATIONS, "softmax"])
        raise ValueError(f"unknown activation {name!r}; choose one of {known}")
    if beta == 1.0:
        return base
    if name != "sigmoid":
        raise ValueError(f"the slope β applies to the sigmoid only, not to {name}")
    if not np.isfinite(beta):
        raise ValueError("the sigmoid slope β must be finite")
    return Sigmoid(base.name, base.latex, base.derivative_latex, float(beta))
