"""A fully connected network in the notes' notation, K copies at once.

For layers m = 1 … L (Python lists are 0-based, so ``W[m-1]`` holds W^m):

    z^m = W^m a^{m−1} + b^m,      a^m = σ^m(z^m),      a^0 = the input
    δ^L = ∂C/∂a^L ∘ ∂a^L/∂z^L,   δ^m = (W^{m+1 ᵀ} δ^{m+1}) ∘ ∂a^m/∂z^m
    ∂C/∂W^m = δ^m a^{m−1 ᵀ},      ∂C/∂b^m = δ^m (summed over the columns)

Columns are samples.  C is the *mean* cost over the n samples of a batch, so
``delta[m-1]`` holds ∂C/∂z^m for that mean: each column is the notes'
per-sample δ^m divided by n, and the products above sum over the columns.

Every parameter carries a leading axis of K independent networks (W^m has
shape K × N^m × N^{m−1}); one network is simply K = 1.  NumPy's batched
``matmul`` runs all K through the same code, so there is one backprop.
All K networks' parameters live in one array ``params`` (K × P) and ``W``,
``b`` are views into it: an update of ``params`` moves every W^m and b^m.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from engine.activations import Activation, ReLU, get_activation
from engine.losses import Loss, check_pair, get_loss, output_cost, output_delta

INITS = ("xavier_he", "standard_normal")
"""Initial values: Glorot/Xavier (He for ReLU layers), or N(0, 1) as in the notes."""


def random_streams(seed: int | None) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for (initial values, data order) from one seed."""
    init_seq, order_seq = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(init_seq), np.random.default_rng(order_seq)


@dataclass
class Workspace:
    """Reusable arrays for one batch size, so training allocates nothing per batch."""

    z: list[np.ndarray]
    a: list[np.ndarray]
    delta: list[np.ndarray]
    slope: list[np.ndarray]  # ∂a^m/∂z^m before it multiplies into δ^m


class Network:
    """K fully connected networks with the same layer sizes, activations and cost.

    ``layer_sizes`` = (N^0, …, N^L); ``activations`` names σ^1 … σ^L (one name
    means every layer).  ``init`` is one of ``INITS``.  ``seed`` is one int
    (network k then uses seed + k), one int per network, or None.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: str | Sequence[str] = "sigmoid",
        loss: str = "cross_entropy",
        *,
        beta: float = 1.0,
        init: str = "xavier_he",
        seed: int | Sequence[int] | None = None,
        n_networks: int | None = None,
    ) -> None:
        self.layer_sizes = tuple(int(n) for n in layer_sizes)
        if len(self.layer_sizes) < 2 or min(self.layer_sizes) < 1:
            raise ValueError("need at least an input and an output layer, each with ≥ 1 unit")
        n_layers = len(self.layer_sizes) - 1
        names = [activations] * n_layers if isinstance(activations, str) else list(activations)
        if len(names) != n_layers:
            raise ValueError(f"need {n_layers} activations (one per layer), got {len(names)}")
        self.activations: tuple[Activation, ...] = tuple(
            get_activation(name, beta if name == "sigmoid" else 1.0) for name in names
        )
        self.loss: Loss = get_loss(loss)
        check_pair(self.loss, self.activations[-1])
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")
        self.init = init
        self.seeds = _seeds(seed, n_networks)
        self.n_networks = len(self.seeds)
        streams = [random_streams(s) for s in self.seeds]
        self.order_rngs = [order for _, order in streams]
        self.params, self.W, self.b = self.new_parameters()
        for k, (init_rng, _) in enumerate(streams):
            self._initialise(k, init_rng)

    @property
    def n_parameters(self) -> int:
        """P, the number of weights and biases of one network."""
        return sum(n_out * (n_in + 1) for n_in, n_out in pairwise(self.layer_sizes))

    def new_parameters(self) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """A zero K × P array with views shaped like W^m (K × N^m × N^{m−1}) and b^m (K × N^m × 1).

        The same layout serves the parameters, their gradients and the momentum.
        """
        flat = np.zeros((self.n_networks, self.n_parameters))
        W, b, offset = [], [], 0
        for n_in, n_out in pairwise(self.layer_sizes):
            W.append(flat[:, offset : offset + n_out * n_in].reshape(-1, n_out, n_in))
            offset += n_out * n_in
            b.append(flat[:, offset : offset + n_out].reshape(-1, n_out, 1))
            offset += n_out
        return flat, W, b

    def _initialise(self, k: int, rng: np.random.Generator) -> None:
        for W, b, act in zip(self.W, self.b, self.activations, strict=True):
            n_out, n_in = W.shape[1:]
            if self.init == "standard_normal":
                # the notes' listing: W = randn(n_out, n_in), b = randn(n_out, 1)
                W[k] = rng.standard_normal((n_out, n_in))
                b[k] = rng.standard_normal((n_out, 1))
            elif isinstance(act, ReLU):
                # He: Var W = 2 / N^{m−1} keeps ReLU activations from shrinking layer by layer
                W[k] = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_out, n_in))
            else:
                # Glorot/Xavier uniform: Var W = 2 / (N^{m−1} + N^m)
                limit = np.sqrt(6.0 / (n_in + n_out))
                W[k] = rng.uniform(-limit, limit, (n_out, n_in))

    def workspace(self, n_samples: int) -> Workspace:
        """Buffers for a batch of ``n_samples`` columns."""
        shapes = [(self.n_networks, n, n_samples) for n in self.layer_sizes[1:]]
        return Workspace(*([np.empty(s) for s in shapes] for _ in range(4)))

    def forward(
        self, a0: np.ndarray, ws: Workspace | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """z^m = W^m a^{m−1} + b^m, a^m = σ^m(z^m) for m = 1 … L.

        ``a0`` is N^0 × n (shared by all K networks) or K × N^0 × n.  Returns
        ``z`` = [z^1 … z^L] and ``a`` = [a^0 … a^L], each K × N^m × n; with
        ``ws`` they are the workspace's arrays, overwritten by the next call.
        """
        z_out = ws.z if ws is not None else [None] * len(self.W)
        a_out = ws.a if ws is not None else z_out
        z, a = [], [a0]
        layers = zip(self.W, self.b, self.activations, z_out, a_out, strict=True)
        for W, b, act, z_buf, a_buf in layers:
            z_m = np.matmul(W, a[-1], out=z_buf)
            z_m += b
            z.append(z_m)
            a.append(act(z_m, out=a_buf))
        return z, a

    def cost(self, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """C = (1/n) Σ_samples C(a^L, y) for each network: shape (K,).

        ``z``, ``a`` are z^L and a^L; ``y`` is N^L × n or K × N^L × n.
        """
        per_unit = output_cost(self.loss, self.activations[-1], z, a, y)
        return per_unit.sum(axis=(-2, -1)) / y.shape[-1]

    def backward(
        self,
        z: list[np.ndarray],
        a: list[np.ndarray],
        y: np.ndarray,
        ws: Workspace | None = None,
        grads: tuple[list[np.ndarray], list[np.ndarray]] | None = None,
    ) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        """(delta, dC_dW, dC_db) for the mean cost C over the n columns.

        δ^L = ∂C/∂z^L (losses.output_delta, divided by n for the mean),
        δ^m = (W^{m+1 ᵀ} δ^{m+1}) ∘ ∂a^m/∂z^m, ∂C/∂W^m = δ^m a^{m−1 ᵀ},
        ∂C/∂b^m = Σ_columns δ^m.  ``grads`` = (dC_dW, dC_db) arrays to fill,
        e.g. views from ``new_parameters``.
        """
        n_layers = len(self.W)
        d_out = ws.delta if ws is not None else [None] * n_layers
        s_out = ws.slope if ws is not None else d_out
        gW, gb = grads if grads is not None else ([None] * n_layers, [None] * n_layers)
        delta = [None] * n_layers
        d = output_delta(self.loss, self.activations[-1], z[-1], a[-1], y, out=d_out[-1])
        d *= 1.0 / y.shape[-1]
        delta[-1] = d
        for m in range(n_layers - 1, 0, -1):
            d = np.matmul(self.W[m].swapaxes(-1, -2), d, out=d_out[m - 1])
            d *= self.activations[m - 1].derivative(z[m - 1], a[m], out=s_out[m - 1])
            delta[m - 1] = d
        dC_dW = [
            np.matmul(d, a_prev.swapaxes(-1, -2), out=g)
            for d, a_prev, g in zip(delta, a, gW, strict=False)
        ]
        dC_db = [np.sum(d, axis=-1, keepdims=True, out=g) for d, g in zip(delta, gb, strict=True)]
        return delta, dC_dW, dC_db

    def output(self, X_columns: np.ndarray) -> np.ndarray:
        """a^L for inputs given as columns (N^0 × n): shape K × N^L × n."""
        return self.forward(np.asarray(X_columns, dtype=float))[1][-1]

    def member(self, k: int) -> Network:
        """Network k alone (K = 1), with its own copy of the parameters and data-order stream."""
        one = object.__new__(Network)
        one.__dict__.update(self.__dict__)
        one.seeds, one.n_networks = (self.seeds[k],), 1
        one.order_rngs = [copy.deepcopy(self.order_rngs[k])]
        one.params, one.W, one.b = one.new_parameters()
        one.params[0] = self.params[k]
        return one


def _seeds(seed: int | Sequence[int] | None, n_networks: int | None) -> tuple[int | None, ...]:
    if seed is None or isinstance(seed, int | np.integer):
        count = 1 if n_networks is None else int(n_networks)
        if count < 1:
            raise ValueError("n_networks must be at least 1")
        return tuple(None if seed is None else int(seed) + k for k in range(count))
    seeds = tuple(int(s) for s in seed)
    if not seeds or (n_networks is not None and len(seeds) != n_networks):
        raise ValueError("give one seed per network")
    return seeds
