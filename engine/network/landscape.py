"""The network's own loss landscape: C over a plane through its parameters θ.

The plane is θ + s·d₁ + t·d₂ for two directions in parameter space (P numbers
each), chosen three ways:

- two named parameters (W^m_ij or b^m_i): d₁, d₂ are unit vectors, so the
  picture is the exact slice of C with every other parameter held;
- two random directions, filter-normalised (Li et al., 2018): each row of each
  W^m of a direction (the weights into one unit) is scaled to the norm of the
  same row of θ, so the picture does not depend on the scale of the weights;
- the first two principal directions of the training path (the plane that
  holds most of it); :attr:`Plane.variance_share` says how much.

A grid of G points is evaluated as G networks at once on the engine's K axis,
in one forward pass per chunk, not point by point.  The curvature at θ comes
from the Hessian's extreme eigenvalues (Lanczos on Hessian-vector products,
each a central difference of two backprop gradients): all positive at a
minimum, mixed signs at a saddle, all near zero on a plateau — the notes'
rt − s² test in many dimensions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.network.network import Network
from engine.network.training_state import targets

GRID_BYTES = 64 * 1024 * 1024  # activations held at once while a grid is evaluated


@dataclass(frozen=True)
class Plane:
    """θ + s·d₁ + t·d₂; ``names`` label the axes; ``variance_share`` for PCA planes."""

    origin: np.ndarray  # θ, P
    d1: np.ndarray
    d2: np.ndarray
    names: tuple[str, str]
    variance_share: float | None = None

    def points(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Parameters at plane coordinates (s, t) (same shapes): shape (*s.shape, P)."""
        s, t = np.asarray(s, dtype=float), np.asarray(t, dtype=float)
        return self.origin + s[..., None] * self.d1 + t[..., None] * self.d2

    def project(self, thetas: np.ndarray) -> np.ndarray:
        """Plane coordinates (s, t) of parameter vectors (n × P), by least squares.

        For orthonormal directions (PCA, named parameters) this is the dot
        product; for others it is the point of the plane nearest each θ.
        """
        basis = np.stack([self.d1, self.d2], axis=1)  # P × 2
        offsets = np.atleast_2d(thetas) - self.origin
        coords, *_ = np.linalg.lstsq(basis, offsets.T, rcond=None)
        return coords.T


def parameter_names(network: Network) -> list[str]:
    """The name of each of the P parameters in ``params`` order, as the notes write
    them: "W^1_21" is W¹₂₁ (unit 2 of layer 1, input 1), "b^2_1" is b²₁; indices
    of 10 and more are separated by a comma ("W^1_12,3")."""
    names = []
    for m, Wb in enumerate(network.Wb, start=1):
        rows, cols = Wb.shape[1:]
        for i in range(1, rows + 1):
            for j in range(1, cols + 1):
                if j == cols:
                    names.append(f"b^{m}_{i}")
                else:
                    names.append(f"W^{m}_{i}{j}" if max(i, j) < 10 else f"W^{m}_{i},{j}")
    return names


def named_plane(network: Network, first: str, second: str, k: int = 0) -> Plane:
    """The exact slice through network ``k``'s θ along two named parameters."""
    names = parameter_names(network)
    if first == second:
        raise ValueError("choose two different parameters")
    directions = []
    for name in (first, second):
        if name not in names:
            raise ValueError(f"{name} is not a parameter of this network")
        d = np.zeros(len(names))
        d[names.index(name)] = 1.0
        directions.append(d)
    return Plane(network.params[k].copy(), *directions, names=(first, second))


def random_plane(network: Network, seed: int = 0, k: int = 0) -> Plane:
    """Two filter-normalised random directions through network ``k``'s θ (Li et al. 2018).

    Each direction is Gaussian; the row of each W^m belonging to one unit is
    rescaled to the norm of that row of θ; bias entries are zeroed, as in the paper.
    """
    rng = np.random.default_rng(seed)
    theta = network.params[k]
    directions = []
    for _ in range(2):
        d = network.new_parameters(rng.standard_normal((1, theta.size)))
        for Wb_d, Wb in zip(d.Wb, network.Wb, strict=True):
            W_d, W = Wb_d[0, :, :-1], Wb[k, :, :-1]
            W_d *= np.linalg.norm(W, axis=1, keepdims=True) / np.fmax(
                np.linalg.norm(W_d, axis=1, keepdims=True), 1e-300)
            Wb_d[0, :, -1] = 0.0
        directions.append(d.flat[0].copy())
    return Plane(theta.copy(), *directions, names=("direction 1", "direction 2"))


def pca_plane(path: np.ndarray) -> Plane:
    """The plane of the path's first two principal directions, through its last point.

    ``path`` is the recorded parameters (n × P, n ≥ 3, oldest first).  The
    share is the fraction of the path's variance (about its mean) those two
    directions hold.
    """
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or len(path) < 3:
        raise ValueError("the path needs at least three recorded points")
    centred = path - path.mean(axis=0)
    _, singular, Vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(singular**2))
    if total == 0.0 or len(singular) < 2 or singular[1] == 0.0:
        raise ValueError("the path has not moved in two directions yet")
    share = float((singular[0] ** 2 + singular[1] ** 2) / total)
    return Plane(path[-1].copy(), Vt[0].copy(), Vt[1].copy(),
                 names=("principal direction 1", "principal direction 2"), variance_share=share)


def losses_at(network: Network, thetas: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """C at each row of ``thetas`` (G × P) on rows ``X`` with labels ``y``: shape (G,).

    The G parameter vectors become G networks evaluated together (the K axis),
    in chunks that keep the activations within ``GRID_BYTES``.
    """
    thetas = np.atleast_2d(np.asarray(thetas, dtype=float))
    X = np.asarray(X, dtype=float)
    Y = targets(np.asarray(y), network.layer_sizes[-1])
    units = sum(network.layer_sizes[1:]) * 3  # z, a and the cost, per unit and sample
    chunk = max(1, GRID_BYTES // (8 * units * max(1, len(X))))
    out = np.empty(len(thetas))
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, len(thetas), chunk):
            grid_net = network.with_parameters(thetas[start:start + chunk])
            z, a = grid_net.forward(X.T)
            out[start:start + grid_net.n_networks] = grid_net.cost(z[-1], a[-1], Y)
    return out


@dataclass(frozen=True)
class Landscape:
    """C on an n_s × n_t grid of the plane: ``losses[j, i]`` at (s[i], t[j])."""

    plane: Plane
    s: np.ndarray
    t: np.ndarray
    losses: np.ndarray


def landscape(network: Network, plane: Plane, X: np.ndarray, y: np.ndarray,
              s_range: tuple[float, float] = (-1.0, 1.0),
              t_range: tuple[float, float] = (-1.0, 1.0), resolution: int = 41) -> Landscape:
    """C over the plane on a ``resolution`` × ``resolution`` grid."""
    s = np.linspace(*s_range, resolution)
    t = np.linspace(*t_range, resolution)
    S, T = np.meshgrid(s, t)
    losses = losses_at(network, plane.points(S, T).reshape(-1, plane.origin.size), X, y)
    return Landscape(plane, s, t, losses.reshape(S.shape))


def gradient_at(network: Network, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C/∂θ by backprop at ``theta`` (P), for the data (X rows, labels y)."""
    one = network.with_parameters(theta)
    Y = targets(np.asarray(y), network.layer_sizes[-1])
    z, a = one.forward(np.asarray(X, dtype=float).T)
    grads = one.new_parameters()
    one.backward(z, a, Y, grads=grads)
    return grads.flat[0].copy()


@dataclass(frozen=True)
class Curvature:
    """The Hessian's largest and smallest eigenvalues at θ, and what they mean."""

    largest: np.ndarray  # descending
    smallest: np.ndarray  # ascending
    verdict: str  # "minimum", "saddle", "maximum" or "plateau"
    message: str


def curvature(network: Network, X: np.ndarray, y: np.ndarray, k: int = 0, count: int = 2,
              h: float = 1e-4, flat: float = 1e-6, relative: float = 0.05) -> Curvature:
    """The ``count`` largest and smallest eigenvalues of ∇²C at network ``k``'s θ.

    Hv = (∇C(θ + hv) − ∇C(θ − hv)) / (2h), and Lanczos (``scipy.sparse.linalg.eigsh``)
    finds the extreme eigenvalues from such products; small networks use the
    same products column by column (a dense, symmetrised Hessian).  An
    eigenvalue counts as flat below ``flat`` or below ``relative`` times the
    largest |λ|: cross-entropy valleys fall gently towards 0 forever.
    """
    theta = network.params[k].copy()
    P = theta.size

    def hvp(v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=float).reshape(-1)
        return (gradient_at(network, theta + h * v, X, y)
                - gradient_at(network, theta - h * v, X, y)) / (2 * h)

    count = max(1, min(count, P))
    if P <= 4 * count + 2:
        H = np.stack([hvp(e) for e in np.eye(P)], axis=1)
        values = np.linalg.eigvalsh((H + H.T) / 2)
        largest, smallest = values[::-1][:count], values[:count]
    else:
        from scipy.sparse.linalg import LinearOperator, eigsh

        operator = LinearOperator((P, P), matvec=hvp, dtype=float)
        rng = np.random.default_rng(0)
        largest = np.sort(eigsh(operator, k=count, which="LA", v0=rng.standard_normal(P),
                                return_eigenvectors=False))[::-1]
        smallest = np.sort(eigsh(operator, k=count, which="SA", v0=rng.standard_normal(P),
                                 return_eigenvectors=False))
    top, bottom = float(largest[0]), float(smallest[0])
    tolerance = max(flat, relative * max(abs(top), abs(bottom)))
    return Curvature(largest, smallest, *_verdict(top, bottom, flat, tolerance))


def _verdict(top: float, bottom: float, flat: float, tolerance: float) -> tuple[str, str]:
    if max(abs(top), abs(bottom)) < flat:
        return "plateau", (f"every curvature is below {flat:g} in size: C is flat here, so "
                           "the gradient is tiny and training crawls")
    if bottom < -tolerance and top > tolerance:
        return "saddle", (f"curvature {_n(bottom)} down and {_n(top)} up: a saddle; a step "
                          "along the downward direction lowers C")
    if bottom < -tolerance:
        return "maximum", f"every curvature is ≤ 0 (largest {_n(top)}): C bends down everywhere"
    valley = " or nearly flat (a valley)" if bottom < tolerance else ""
    return "minimum", (f"C bends up{valley} in every direction (curvatures {_n(bottom)} … "
                       f"{_n(top)}): a minimum")


def _n(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")
