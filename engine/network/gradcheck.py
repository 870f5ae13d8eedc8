"""Backprop's ∂C/∂W^m, ∂C/∂b^m against finite differences of C itself.

The finite difference is the five-point central stencil

    ∂C/∂θ ≈ [−C(θ+2h) + 8C(θ+h) − 8C(θ−h) + C(θ−2h)] / (12h),

whose error is O(h⁴), so h = 1e-4 leaves both truncation (~h⁴) and rounding
(~ε·C/h) near 1e-12.  ReLU has a kink at z = 0: inputs whose z^m comes
within a few h of 0 can disagree there, and that is the function's fault,
not backprop's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.network.network import Network

RELATIVE_FLOOR = 1e-5
"""Gradients smaller than this times max(1, C) are compared absolutely: rounding
in C leaves the finite difference about 1.5·ε·C/h ≈ 3e-12·C from the truth."""


def five_point(f: Callable[[float], np.ndarray], h: float) -> np.ndarray:
    """[−f(2h) + 8f(h) − 8f(−h) + f(−2h)] / (12h) for f(t) = C(θ + t)."""
    return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)


def relative_error(exact: np.ndarray, approx: np.ndarray, floor: np.ndarray | float) -> np.ndarray:
    """|exact − approx| / max(|exact|, |approx|, floor), element-wise."""
    scale = np.maximum(np.maximum(np.abs(exact), np.abs(approx)), floor)
    return np.abs(exact - approx) / scale


def numerical_gradient(
    network: Network, a0: np.ndarray, y: np.ndarray, h: float = 1e-4
) -> np.ndarray:
    """∂C/∂θ by finite differences for every parameter θ of every network: K × P.

    All K networks are independent, so parameter p of each is nudged at once
    and the K costs come back together.
    """
    theta = network.params
    grad = np.empty_like(theta)
    for p in range(theta.shape[1]):
        saved = theta[:, p].copy()

        def cost_at(t: float, p: int = p, saved: np.ndarray = saved) -> np.ndarray:
            theta[:, p] = saved + t
            z, a = network.forward(a0)
            return network.cost(z[-1], a[-1], y)

        grad[:, p] = five_point(cost_at, h)
        theta[:, p] = saved
    return grad


def backprop_gradient(network: Network, a0: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C/∂θ from ``Network.backward``, laid out like ``network.params``: K × P."""
    grads = network.new_parameters()
    z, a = network.forward(a0)
    network.backward(z, a, y, grads=grads)
    return grads.flat


def locate(network: Network, p: int) -> tuple[int, str, int, int]:
    """Which parameter column p of ``params`` is: (m, "W" or "b", i, j), m from 1."""
    offset = 0
    for m, Wb in enumerate(network.Wb, start=1):
        n_out, n_cols = Wb.shape[1:]
        if p < offset + n_out * n_cols:
            i, j = divmod(p - offset, n_cols)
            # the last column of [W^m | b^m] is the bias
            return (m, "b", i, 0) if j == n_cols - 1 else (m, "W", i, j)
        offset += n_out * n_cols
    raise IndexError(f"parameter {p} is beyond the network's {offset} parameters")


@dataclass(frozen=True)
class GradCheck:
    """The worst disagreement between backprop and finite differences."""

    max_relative_error: float
    network: int  # k, which of the K networks
    layer: int  # m, counted from 1 as in the notes
    kind: str  # "W" or "b"
    i: int
    j: int  # 0 for a bias
    backprop: float
    finite_difference: float


def gradcheck(network: Network, a0: np.ndarray, y: np.ndarray, h: float = 1e-4) -> GradCheck:
    """Compare backprop with finite differences for every W^m_ij and b^m_i.

    ``a0`` is N^0 × n (columns are samples), ``y`` is N^L × n.
    """
    a0, y = np.asarray(a0, dtype=float), np.asarray(y, dtype=float)
    exact = backprop_gradient(network, a0, y)
    approx = numerical_gradient(network, a0, y, h)
    z, a = network.forward(a0)
    cost = network.cost(z[-1], a[-1], y)
    errors = relative_error(exact, approx, RELATIVE_FLOOR * np.maximum(1.0, cost)[:, None])
    k, p = np.unravel_index(int(np.argmax(errors)), errors.shape)
    m, kind, i, j = locate(network, int(p))
    return GradCheck(
        max_relative_error=float(errors[k, p]),
        network=int(k),
        layer=m,
        kind=kind,
        i=i,
        j=j,
        backprop=float(exact[k, p]),
        finite_difference=float(approx[k, p]),
    )
