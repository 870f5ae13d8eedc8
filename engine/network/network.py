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
``matmul`` (``dot`` on 2-D views when K = 1) runs all K through the same code,
so there is one backprop.
All K networks' parameters live in one array ``params`` (K × P); per layer,
``Wb[m-1]`` = [W^m | b^m] is a view into it and ``W``, ``b`` are views into
that, so an update of ``params`` moves every W^m and b^m.  The forward pass
computes z^m = W^m a^{m−1} + b^m as the one product [W^m | b^m][a^{m−1}; 1],
and backward gets ∂C/∂W^m and ∂C/∂b^m together as δ^m [a^{m−1}; 1]ᵀ: the
same formulas, half the NumPy calls (which matters for small networks).

The numbers are float64, except in a copy made for pictures
(``with_parameters(…, dtype=np.float32)``): its workspaces, inputs and
activations are then float32, by the same forward pass.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from engine.network.activations import Activation, ReLU, Softmax, get_activation
from engine.network.losses import Loss, check_pair, get_loss, output_cost, output_delta

INITS = ("xavier_he", "standard_normal")
"""Initial values: Glorot/Xavier (He for ReLU layers), or N(0, 1) as in the notes."""


def random_streams(seed: int | None) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for (initial values, data order) from one seed."""
    init_seq, order_seq = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(init_seq), np.random.default_rng(order_seq)


class Parameters(NamedTuple):
    """One K × P block and its per-layer views (``Wb[m-1]`` = [W^m | b^m])."""

    flat: np.ndarray  # K × P
    Wb: list[np.ndarray]  # K × N^m × (N^{m−1} + 1)
    W: list[np.ndarray]  # K × N^m × N^{m−1}
    b: list[np.ndarray]  # K × N^m × 1
    Wb_c: list[np.ndarray]  # Wb as the products see it (see Network._product)


@dataclass
class Workspace:
    """Reusable arrays for one batch size, so training allocates nothing per batch.

    ``z``, ``a``, ``delta`` are what forward and backward hand out (K × N^m × n).
    The fields ending in ``_c`` are the same memory as the products see it:
    for K = 1 the 2-D N^m × n views (see Network._product).  ``a1_c[m]``
    holds [a^m; 1] (a row of ones under the activations, so that
    W^m a^{m−1} + b^m is the single product [W^m | b^m][a^{m−1}; 1]) and
    ``a_c[m]`` is its view without the ones.  ``mean`` is the vector of 1/n
    that averages costs over the columns.
    """

    z: list[np.ndarray]
    a: list[np.ndarray]
    delta: list[np.ndarray]
    z_c: list[np.ndarray]
    a1_c: list[np.ndarray]
    a1_T_c: list[np.ndarray]  # [a^m; 1]ᵀ views, for δ^{m+1} [a^m; 1]ᵀ
    a_c: list[np.ndarray]
    delta_c: list[np.ndarray]
    slope_c: list[np.ndarray]  # ∂a^m/∂z^m before it multiplies into δ^m
    cost: np.ndarray  # per-unit, per-sample cost, K × N^L × n
    mean: np.ndarray
    # log Σ_j e^{z^L_j} per column (K × 1 × n) for a softmax output: the forward pass of a
    # training batch writes it and the cost reads it, rather than exponentiating z^L twice
    lse: np.ndarray | None = None
    lse_c: np.ndarray | None = None
    source: np.ndarray | None = None  # the [a^0; 1] the views of a^0 above were made of


def with_ones(a: np.ndarray) -> np.ndarray:
    """[a; 1]: a row of ones appended below the units (axis −2), float32 if ``a`` is,
    else float64."""
    ones = np.ones((*a.shape[:-2], 1, a.shape[-1]), dtype=np.result_type(a, np.float32))
    return np.concatenate([a, ones], axis=-2)


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
        self._bind(self.new_parameters())
        for k, (init_rng, _) in enumerate(streams):
            self._initialise(k, init_rng)

    @property
    def n_parameters(self) -> int:
        """P, the number of weights and biases of one network."""
        return sum(n_out * (n_in + 1) for n_in, n_out in pairwise(self.layer_sizes))

    def new_parameters(self, flat: np.ndarray | None = None) -> Parameters:
        """A K × P block (zeros, or ``flat``) with views shaped like [W^m | b^m], W^m and b^m.

        The same layout serves the parameters, their gradients and the momentum.
        """
        if flat is None:
            flat = np.zeros((self.n_networks, self.n_parameters))
        Wb, offset = [], 0
        for n_in, n_out in pairwise(self.layer_sizes):
            size = n_out * (n_in + 1)
            Wb.append(flat[:, offset : offset + size].reshape(-1, n_out, n_in + 1))
            offset += size
        W, b = [v[..., :-1] for v in Wb], [v[..., -1:] for v in Wb]
        return Parameters(flat, Wb, W, b, [self._as_computed(v) for v in Wb])

    def _as_computed(self, array: np.ndarray) -> np.ndarray:
        """``array`` as the products see it: without the K axis when K = 1."""
        return array[0] if self.n_networks == 1 and array.ndim == 3 else array

    def __getstate__(self) -> dict:
        # views would be pickled as copies, cut off from ``params``; rebuild them instead
        views = ("Wb", "W", "b", "_Wb_c", "_W_T_c", "_product")
        return {key: value for key, value in self.__dict__.items() if key not in views}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._bind(self.new_parameters(self.params))

    def _bind(self, parameters: Parameters) -> None:
        self.params, self.Wb, self.W, self.b, self._Wb_c = parameters
        # W^{m ᵀ} as standing views: backward needs them every batch
        self._W_T_c = [Wb[..., :-1].swapaxes(-1, -2) for Wb in self._Wb_c]
        # For tiny matrices NumPy's call overhead dominates and np.dot costs half
        # of np.matmul, so one network (K = 1) multiplies its 2-D views with dot;
        # K networks use matmul's batched product.  The formulas are the same.
        self._product = np.dot if self.n_networks == 1 else np.matmul

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
                # Glorot/Xavier uniform: Var W = 2 / (N^{m−1} + N^m).  Biases are drawn
                # alike (as scikit-learn does): with b = 0 every first-layer boundary
                # W x + b = 0 passes through the origin, which stalls centred data
                limit = np.sqrt(6.0 / (n_in + n_out))
                W[k] = rng.uniform(-limit, limit, (n_out, n_in))
                b[k] = rng.uniform(-limit, limit, (n_out, 1))

    def workspace_values(self, n_samples: int, backward: bool = True) -> int:
        """How many numbers ``workspace(n_samples, backward)`` holds: z, [a; 1] (and for
        ``backward`` δ and σ′) of every layer and the cost per output, for all K
        networks, plus the 1/n row (and a softmax's logsumexp row)."""
        per_unit = 4 if backward else 2
        per_column = (sum(per_unit * n + 1 for n in self.layer_sizes[1:])
                      + 2 * self.layer_sizes[-1]
                      + int(backward and isinstance(self.activations[-1], Softmax)))
        return self.n_networks * per_column * n_samples

    def workspace(self, n_samples: int, backward: bool = True) -> Workspace:
        """Buffers for a batch of ``n_samples`` columns (forward pass only if not ``backward``),
        of the parameters' dtype."""
        K, sizes, c = self.n_networks, self.layer_sizes[1:], self._as_computed
        dtype = self.params.dtype
        columns = n_samples if backward else 0
        z = [np.empty((K, n, n_samples), dtype) for n in sizes]
        a1 = [np.empty((K, 0, 0), dtype)] + [np.ones((K, n + 1, n_samples), dtype) for n in sizes]
        delta = [np.empty((K, n, columns), dtype) for n in sizes]
        lse = (np.empty((K, 1, n_samples), dtype)
               if backward and isinstance(self.activations[-1], Softmax) else None)
        return Workspace(
            z=z,
            a=[np.empty(0)] + [buf[:, :-1] for buf in a1[1:]],
            delta=delta,
            z_c=[c(buf) for buf in z],
            a1_c=[c(buf) for buf in a1],
            a1_T_c=[c(buf).swapaxes(-1, -2) for buf in a1],
            a_c=[np.empty(0)] + [c(buf)[..., :-1, :] for buf in a1[1:]],
            delta_c=[c(buf) for buf in delta],
            slope_c=[c(np.empty((K, n, columns), dtype)) for n in sizes],
            cost=np.empty((K, sizes[-1], n_samples), dtype),
            mean=np.full(sizes[-1] * n_samples, 1.0 / n_samples, dtype),
            lse=lse,
            lse_c=None if lse is None else c(lse),
        )

    def forward(
        self, a0: np.ndarray, ws: Workspace | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """z^m = W^m a^{m−1} + b^m, a^m = σ^m(z^m) for m = 1 … L.

        ``a0`` is N^0 × n (shared by all K networks) or K × N^0 × n.  Returns
        ``z`` = [z^1 … z^L] and ``a`` = [a^0 … a^L], each K × N^m × n: the
        arrays of ``ws`` (a fresh workspace if None), overwritten by its next use.
        """
        return self.forward_augmented(with_ones(np.asarray(a0, dtype=self.params.dtype)), ws)

    def forward_augmented(
        self, a0_1: np.ndarray, ws: Workspace | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``forward`` for an input that already carries its row of ones, [a^0; 1]."""
        if ws is None:
            ws = self.workspace(a0_1.shape[-1])
        a1, z, a = ws.a1_c, ws.z_c, ws.a_c
        if ws.source is not a0_1:  # full-batch training passes the same input every epoch
            ws.source = a0_1
            ws.a[0] = a0_1[..., :-1, :]
            a1[0] = self._as_computed(a0_1)
            ws.a1_T_c[0] = a1[0].swapaxes(-1, -2)
        product, shared = self._product, self._shares_input(ws)
        last = len(z) - 1
        for m, (Wb, act) in enumerate(zip(self._Wb_c, self.activations, strict=True)):
            if m == 0 and shared:
                # K networks, one input: a single 2-D product over the stacked K·N^1 rows
                # of [W^1 | b^1] costs a fraction of K tiny batched ones
                np.dot(Wb.reshape(-1, Wb.shape[-1]), a1[0], out=z[0].reshape(-1, z[0].shape[-1]))
            else:
                product(Wb, a1[m], out=z[m])
            if m == last and ws.lse_c is not None:
                act(z[m], out=a[m + 1], lse=ws.lse_c)  # the softmax keeps logsumexp for cost
            else:
                act(z[m], out=a[m + 1])
        return ws.z, ws.a

    def _shares_input(self, ws: Workspace) -> bool:
        """True when K > 1 networks all read the same N^0 × n input."""
        return self.n_networks > 1 and ws.a1_c[0].ndim == 2

    def cost(
        self, z: np.ndarray, a: np.ndarray, y: np.ndarray, ws: Workspace | None = None
    ) -> np.ndarray:
        """C = (1/n) Σ_samples C(a^L, y) for each network: shape (K,).

        ``z``, ``a`` are z^L and a^L (K × N^L × n); ``y`` is N^L × n or K × N^L × n.
        """
        if ws is None:
            ws = self.workspace(y.shape[-1])
        # the softmax's logsumexp belongs to the z^L of this workspace's last forward pass
        lse = ws.lse if z is ws.z[-1] else None
        per_unit = output_cost(self.loss, self.activations[-1], z, a, y, out=ws.cost, lse=lse)
        # a dot with (1/n, …, 1/n) sums and scales in one call, cheaper than np.mean here
        return per_unit.reshape(self.n_networks, -1).dot(ws.mean)

    def backward(
        self,
        z: list[np.ndarray],
        a: list[np.ndarray],
        y: np.ndarray,
        ws: Workspace | None = None,
        grads: Parameters | None = None,
    ) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        """(delta, dC_dW, dC_db) for the mean cost C over the n columns.

        δ^L = ∂C/∂z^L (losses.output_delta, divided by n for the mean),
        δ^m = (W^{m+1 ᵀ} δ^{m+1}) ∘ ∂a^m/∂z^m, and [∂C/∂W^m | ∂C/∂b^m] =
        δ^m [a^{m−1}; 1]ᵀ, i.e. ∂C/∂W^m = δ^m a^{m−1 ᵀ} and ∂C/∂b^m = Σ_columns δ^m.
        ``ws`` must be the workspace ``forward`` used, if any; ``grads``
        (from ``new_parameters``) receives the gradient.
        """
        n_layers = len(self.Wb)
        if ws is None:
            # z and a came from ``forward`` with these weights: redo it into a workspace
            ws = self.workspace(y.shape[-1])
            self.forward_augmented(with_ones(np.asarray(a[0], dtype=float)), ws)
        if grads is None:
            grads = self.new_parameters()
        z, a, delta, product = ws.z_c, ws.a_c, ws.delta_c, self._product
        d = output_delta(self.loss, self.activations[-1], z[-1], a[-1], self._as_computed(y),
                         out=delta[-1])
        d *= 1.0 / y.shape[-1]
        for m in range(n_layers - 1, 0, -1):
            d = product(self._W_T_c[m], d, out=delta[m - 1])
            d *= self.activations[m - 1].derivative(z[m - 1], a[m], out=ws.slope_c[m - 1])
        shared = self._shares_input(ws)
        for m, (d, a1_prev_T, g) in enumerate(zip(delta, ws.a1_T_c, grads.Wb_c, strict=False)):
            if m == 0 and shared:
                # as in forward_augmented: one 2-D product for all K networks' first layer
                g[...] = np.dot(d.reshape(-1, d.shape[-1]), a1_prev_T).reshape(g.shape)
            else:
                product(d, a1_prev_T, out=g)
        return ws.delta, grads.W, grads.b

    def output(self, X_columns: np.ndarray) -> np.ndarray:
        """a^L for inputs given as columns (N^0 × n): shape K × N^L × n."""
        return self.forward(X_columns)[1][-1]

    def with_parameters(self, params: np.ndarray, dtype: type = np.float64) -> Network:
        """Networks of this architecture holding the rows of ``params`` (K × P), one each.

        The K new networks share nothing with this one; they have no data-order
        streams (they are for evaluating C, as a loss landscape does, not training).
        With ``dtype`` float32 they compute in float32 (for pictures: grids.py).
        """
        params = np.atleast_2d(np.asarray(params, dtype=float))
        if params.shape[1] != self.n_parameters:
            raise ValueError(f"need {self.n_parameters} parameters per network, "
                             f"got {params.shape[1]}")
        many = object.__new__(Network)
        many.__dict__.update(self.__dict__)
        many.n_networks = len(params)
        many.seeds, many.order_rngs = (None,) * many.n_networks, []
        many._bind(many.new_parameters(params.astype(dtype)))  # a copy
        return many

    def member(self, k: int) -> Network:
        """Network k alone (K = 1), with its own copy of the parameters and data-order stream."""
        one = object.__new__(Network)
        one.__dict__.update(self.__dict__)
        one.seeds, one.n_networks = (self.seeds[k],), 1
        one.order_rngs = [copy.deepcopy(self.order_rngs[k])]
        one._bind(one.new_parameters())
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
