"""Everything backprop computes for one sample, next to its finite-difference check.

For the backprop inspector: a^m, z^m, δ^m = ∂C/∂z^m, ∂C/∂W^m, ∂C/∂b^m of
one network on one sample (so C is that sample's cost and δ is the notes'
per-sample δ), with

  - ∂C/∂W^m, ∂C/∂b^m by finite differences of C in each parameter, and
  - δ^m by finite differences of C in each z^m_i, running the network on
    from layer m with z^m nudged (the definition δ^m_i = ∂C/∂z^m_i),

and the largest relative error of each.  Also the notes' Input / Output /
Quantized table of a network's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.network.gradcheck import RELATIVE_FLOOR, five_point, numerical_gradient, relative_error
from engine.network.losses import output_cost
from engine.network.network import Network
from engine.network.training_state import predicted_classes, targets


@dataclass(frozen=True)
class LayerInspection:
    """Layer m (from 1) for one sample; vectors are columns N^m × 1."""

    m: int
    z: np.ndarray
    a: np.ndarray
    delta: np.ndarray
    delta_fd: np.ndarray
    dC_dW: np.ndarray  # N^m × N^{m−1}
    dC_dW_fd: np.ndarray
    dC_db: np.ndarray  # N^m × 1
    dC_db_fd: np.ndarray
    delta_error: float  # largest relative error of δ^m against its finite difference
    dC_dW_error: float
    dC_db_error: float


@dataclass(frozen=True)
class Inspection:
    """A forward and backward pass of one network on one sample."""

    a0: np.ndarray  # the input, N^0 × 1
    y: np.ndarray  # the target, N^L × 1
    cost: float
    layers: tuple[LayerInspection, ...]
    max_relative_error: float


def inspect_sample(
    network: Network, x: np.ndarray, label: int, k: int = 0, h: float = 1e-4
) -> Inspection:
    """Backprop of network ``k`` on input ``x`` (N^0 values) with class ``label``."""
    net = network.member(k) if network.n_networks > 1 else network
    a0 = np.asarray(x, dtype=float).reshape(-1, 1)
    y = targets(np.array([label]), net.layer_sizes[-1])
    z_all, a_all = net.forward(a0)
    delta, dC_dW, dC_db = net.backward(z_all, a_all, y)
    z, a = [m[0].copy() for m in z_all], [a0] + [m[0].copy() for m in a_all[1:]]
    grads_fd = net.new_parameters(numerical_gradient(net, a0, y, h))
    floor = RELATIVE_FLOOR * max(1.0, _cost_from(net, len(z) - 1, z[-1], y))
    layers = []
    for i in range(len(z)):
        d, d_fd = delta[i][0].copy(), _delta_fd(net, i, z[i], y, h)
        gW, gW_fd = dC_dW[i][0].copy(), grads_fd.W[i][0].copy()
        gb, gb_fd = dC_db[i][0].copy(), grads_fd.b[i][0].copy()
        layers.append(LayerInspection(
            m=i + 1, z=z[i], a=a[i + 1], delta=d, delta_fd=d_fd,
            dC_dW=gW, dC_dW_fd=gW_fd, dC_db=gb, dC_db_fd=gb_fd,
            delta_error=float(relative_error(d, d_fd, floor).max()),
            dC_dW_error=float(relative_error(gW, gW_fd, floor).max()),
            dC_db_error=float(relative_error(gb, gb_fd, floor).max()),
        ))
    worst = max(max(L.delta_error, L.dC_dW_error, L.dC_db_error) for L in layers)
    return Inspection(a0, y, _cost_from(net, len(z) - 1, z[-1], y), tuple(layers), worst)


def _cost_from(net: Network, i: int, z_m: np.ndarray, y: np.ndarray) -> float:
    """C with z^{i+1} set to ``z_m``: the rest of the network runs on from there."""
    a_m = net.activations[i](z_m)
    for j in range(i + 1, len(net.W)):
        z_m = net.W[j][0] @ a_m + net.b[j][0]
        a_m = net.activations[j](z_m)
    return float(output_cost(net.loss, net.activations[-1], z_m, a_m, y).sum())


def _delta_fd(net: Network, i: int, z_m: np.ndarray, y: np.ndarray, h: float) -> np.ndarray:
    """δ^{i+1}_j = ∂C/∂z^{i+1}_j by the five-point stencil, one unit at a time."""
    fd = np.empty_like(z_m)
    for j in range(len(z_m)):
        def cost_at(t: float, j: int = j) -> float:
            nudged = z_m.copy()
            nudged[j] += t
            return _cost_from(net, i, nudged, y)

        fd[j] = five_point(cost_at, h)
    return fd


@dataclass(frozen=True)
class TableRow:
    """One line of the notes' table: input, output a^L, quantized class."""

    input: tuple[float, ...]
    output: tuple[float, ...]
    quantized: int


def output_table(network: Network, X_rows: np.ndarray, k: int = 0) -> list[TableRow]:
    """The notes' Input / Output / Quantized rows for network ``k`` on each row of X.

    Quantized is 1·(a^L > ½) for one output unit, else the index of the largest.
    """
    X_rows = np.asarray(X_rows, dtype=float)
    a_L = network.output(X_rows.T)[k : k + 1]
    quantized = predicted_classes(a_L)[0]
    return [
        TableRow(tuple(x.tolist()), tuple(out.tolist()), int(q))
        for x, out, q in zip(X_rows, a_L[0].T, quantized, strict=True)
    ]


def format_table(rows: list[TableRow]) -> str:
    """The table as the notes print it: ``[0, 0]\\t0.0148\\t[0]``."""
    lines = ["Input\tOutput\tQuantized"]
    for row in rows:
        inputs = ", ".join(f"{v:g}" for v in row.input)
        outputs = ", ".join(f"{v:.4f}" for v in row.output)
        lines.append(f"[{inputs}]\t{outputs}\t[{row.quantized}]")
    return "\n".join(lines)
