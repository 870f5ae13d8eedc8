"""Critical points of the exact two-weight slice C(s, t) = C(θ + s·e_i + t·e_j).

Where the slice is small enough (few samples and parameters, smooth
activations), C(s, t) is written out as a SymPy expression — the forward pass
z^m = W^m a^{m−1} + b^m, a^m = σ(z^m) sample by sample, the other weights as
numbers — and handed to the Gradient descent tab's own search
(:func:`engine.symbolic.critical_points_2d.critical_points_2d`: ∇C = 0 by
exact algebra or Newton's method, classified by the notes' rt − s² test).
Larger slices are searched numerically: Newton's method on central
differences of the engine's C from a grid of starts (all starts as networks
on the K axis), classified by the same test on the differenced Hessian.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.network.activations import Linear, Sigmoid, Softmax, Tanh
from engine.network.landscape import Plane, losses_at
from engine.network.losses import BinaryCrossEntropy, CategoricalCrossEntropy, SquaredError
from engine.network.network import Network
from engine.network.training_state import targets

if TYPE_CHECKING:  # SymPy and the symbolic search are imported when a slice is searched:
    import sympy  # the Neural network tab opens without them (a second of a start-up)

    from engine.symbolic.expressions import Expression

MAX_SYMBOLIC_TERMS = 400  # samples × (units + parameters): larger slices are searched numerically
NUMERIC_STARTS = 9  # per axis
NEWTON_STEPS = 40
H = 1e-4  # the central differences' step (relative to the box)
GRADIENT_TOL = 1e-7  # ‖∇C‖ below this counts as zero (differences are good to ~1e-10)


@dataclass(frozen=True)
class SlicePoint:
    """(s, t) where ∂C/∂s = ∂C/∂t = 0, C there, its kind and r, s, t of the test."""

    s: float
    t: float
    value: float
    kind: str  # "minimum", "maximum", "saddle" or "inconclusive"
    test: dict


@dataclass(frozen=True)
class SlicePoints:
    points: tuple[SlicePoint, ...]
    route: str  # "symbolic" or "numeric"
    note: str = ""


def slice_expression(network: Network, plane: Plane, X: np.ndarray, y: np.ndarray
                     ) -> Expression | None:
    """C(s, t) on a named-parameter plane as a SymPy expression, or None if unsupported
    (a ReLU's kink) or too large to treat symbolically."""
    import sympy

    from engine.symbolic.expression_builder import symbol
    from engine.symbolic.expressions import Expression

    acts = network.activations
    if not all(isinstance(a, Sigmoid | Tanh | Linear | Softmax) for a in acts):
        return None
    X = np.asarray(X, dtype=float)
    units = sum(network.layer_sizes[1:])
    if len(X) * (units + network.n_parameters) > MAX_SYMBOLIC_TERMS:
        return None
    s, t = symbol("s"), symbol("t")
    theta = [sympy.Float(v) for v in plane.origin]
    theta[int(np.argmax(plane.d1))] += s
    theta[int(np.argmax(plane.d2))] += t
    layers, offset = [], 0
    for n_in, n_out in zip(network.layer_sizes[:-1], network.layer_sizes[1:], strict=True):
        block = sympy.Matrix(n_out, n_in + 1, theta[offset:offset + n_out * (n_in + 1)])
        layers.append(block)
        offset += n_out * (n_in + 1)
    Y = targets(np.asarray(y), network.layer_sizes[-1])
    total = sympy.Integer(0)
    for column, x in enumerate(X):
        a = sympy.Matrix([sympy.Float(v) for v in x])
        z = a
        for block, act in zip(layers, acts, strict=True):
            z = block * sympy.Matrix([*a, 1])
            a = _activate(act, z)
        total += _cost(network, z, a, [float(v) for v in Y[:, column]])
    return Expression("C(s, t)", total / len(X), ("s", "t"))


def _activate(act, z: sympy.Matrix) -> sympy.Matrix:
    import sympy

    if isinstance(act, Sigmoid):
        return z.applyfunc(lambda v: 1 / (1 + sympy.exp(-act.beta * v)))
    if isinstance(act, Tanh):
        return z.applyfunc(sympy.tanh)
    if isinstance(act, Softmax):
        e = z.applyfunc(sympy.exp)
        return e / sum(e)
    return z


def _cost(network: Network, z: sympy.Matrix, a: sympy.Matrix, y: list[float]) -> sympy.Expr:
    """One sample's C, by the same formulas as engine.network.losses.output_cost."""
    import sympy

    loss, output = network.loss, network.activations[-1]
    if isinstance(loss, BinaryCrossEntropy):  # with a sigmoid output: log(1 + e^{βz}) − yβz
        return sum(sympy.log(1 + sympy.exp(output.beta * zi)) - yi * output.beta * zi
                   for zi, yi in zip(z, y, strict=True))
    if isinstance(loss, CategoricalCrossEntropy):
        lse = sympy.log(sum(sympy.exp(zi) for zi in z))
        return sum(yi * (lse - zi) for zi, yi in zip(z, y, strict=True))
    assert isinstance(loss, SquaredError)
    return sum(sympy.Rational(1, 2) * (yi - ai) ** 2 for ai, yi in zip(a, y, strict=True))


def slice_points(network: Network, plane: Plane, X: np.ndarray, y: np.ndarray,
                 box: tuple[tuple[float, float], tuple[float, float]],
                 seconds: float = 20.0, symbolic: bool = True) -> SlicePoints:
    """The critical points of the named-parameter slice in ``box`` ((s₀, s₁), (t₀, t₁));
    ``symbolic`` False searches numerically even where SymPy could."""
    if plane.variance_share is not None or np.count_nonzero(plane.d1) != 1 \
            or np.count_nonzero(plane.d2) != 1:
        raise ValueError("critical points are found on the exact slice of two chosen weights")
    expr = slice_expression(network, plane, X, y) if symbolic else None
    if expr is not None:
        from engine.symbolic.budget import Deadline
        from engine.symbolic.critical_points_2d import critical_points_2d

        found = critical_points_2d(expr, box, deadline=Deadline(seconds))
        points = tuple(SlicePoint(p.coords[0], p.coords[1], p.value, p.kind, dict(p.test))
                       for p in found.points)
        return SlicePoints(points, "symbolic", found.note)
    why = ("this slice is too large (or has a ReLU kink) to write out symbolically"
           if symbolic else "as asked")
    return SlicePoints(_numeric(network, plane, X, y, box), "numeric",
                       f"searched numerically: {why}")


def _numeric(network: Network, plane: Plane, X: np.ndarray, y: np.ndarray,
             box: tuple[tuple[float, float], tuple[float, float]]) -> tuple[SlicePoint, ...]:
    """Newton's method on central differences of C from a grid of starts, all at once."""
    from engine.symbolic.stationary import INCONCLUSIVE, MAXIMUM, MINIMUM, SADDLE

    (s0, s1), (t0, t1) = box
    h = H * max(s1 - s0, t1 - t0)
    S, T = np.meshgrid(np.linspace(s0, s1, NUMERIC_STARTS), np.linspace(t0, t1, NUMERIC_STARTS))
    p = np.stack([S.ravel(), T.ravel()], axis=1)
    for _ in range(NEWTON_STEPS):
        g, hess = _differences(network, plane, X, y, p, h)
        with np.errstate(all="ignore"):
            move = np.einsum("kij,kj->ki", np.linalg.pinv(hess), g)
        p = np.clip(p - move, (s0, t0), (s1, t1))
    g, hess = _differences(network, plane, X, y, p, h)
    found: list[SlicePoint] = []
    for (s, t), gk, Hk in zip(p, g, hess, strict=True):
        if np.hypot(*gk) > GRADIENT_TOL or any(abs(s - q.s) + abs(t - q.t) < 1e-4 for q in found):
            continue
        r, c, u = (float(v) for v in (Hk[0, 0], Hk[0, 1], Hk[1, 1]))
        det = r * u - c * c
        # the differenced entries are good to ~1e-6 of their size, so is rt − s²
        tol = 1e-5 * float(np.abs(Hk).max())
        kind = (SADDLE if det < -tol else (MINIMUM if r > 0 else MAXIMUM) if det > tol
                else INCONCLUSIVE)
        value = float(losses_at(network, plane.points(np.array([s]), np.array([t])), X, y)[0])
        found.append(SlicePoint(float(s), float(t), value, kind,
                                {"r": r, "s": c, "t": u, "rt-s²": det}))
    return tuple(found)


def _differences(network: Network, plane: Plane, X: np.ndarray, y: np.ndarray,
                 p: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """∇C and the Hessian at each row of ``p`` from the 9-point stencil (one batch)."""
    offsets = np.array([(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)], dtype=float) * h
    where = (p[:, None, :] + offsets[None]).reshape(-1, 2)
    C = losses_at(network, plane.points(where[:, 0], where[:, 1]), X, y).reshape(len(p), 3, 3)
    g = np.stack([(C[:, 2, 1] - C[:, 0, 1]) / (2 * h), (C[:, 1, 2] - C[:, 1, 0]) / (2 * h)], 1)
    r = (C[:, 2, 1] - 2 * C[:, 1, 1] + C[:, 0, 1]) / h**2
    u = (C[:, 1, 2] - 2 * C[:, 1, 1] + C[:, 1, 0]) / h**2
    c = (C[:, 2, 2] - C[:, 2, 0] - C[:, 0, 2] + C[:, 0, 0]) / (4 * h * h)
    return g, np.stack([np.stack([r, c], -1), np.stack([c, u], -1)], -2)
