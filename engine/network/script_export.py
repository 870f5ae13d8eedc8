"""A training run written out as one standalone NumPy script in the notes' notation.

The script carries everything the run used: the data, the initial [W^m | b^m],
the activations, the cost, the descent rule with its η (α), μ, ρ, β₁, β₂, ε,
λ, the batch size and the state of the data-order generator, so its loss
history is the app's. It needs NumPy only and reads like the notes:

    z^m = W^m a^{m−1} + b^m,  a^m = σ(z^m),
    δ^L = ∂C/∂z^L,  δ^m = (W^{m+1 ᵀ} δ^{m+1}) ∘ σ′(z^m),
    ∂C/∂W^m = δ^m a^{m−1 ᵀ},  Δw = −η ∂C/∂w + μ Δw,  w ← w + Δw

(the notes' momentum; the other rules of engine.descent.optimizers are written
out the same way, per weight).

The arithmetic mirrors :mod:`engine.network.network` operation for operation
([W | b] times [a; 1], the mean through a dot with 1/n), so the two agree to
rounding; the sigmoid is NumPy's 1/(1 + e^{−βz}) where the engine calls SciPy.
"""

from __future__ import annotations

import textwrap

import numpy as np

from engine.descent.optimizers import Momentum, Nesterov, Optimizer
from engine.network.activations import Linear, ReLU, Sigmoid, Softmax, Tanh
from engine.network.losses import BinaryCrossEntropy, CategoricalCrossEntropy, SquaredError
from engine.network.network import Network
from engine.network.training_state import targets

_SIGMA = {
    Sigmoid: ("1.0 / (1.0 + np.exp(-{beta} * z))", "(1.0 - a) * a * {beta}"),
    Tanh: ("np.tanh(z)", "1.0 - a * a"),
    ReLU: ("np.maximum(z, 0.0)", "(z >= 0.0).astype(float)"),
    Linear: ("z.copy()", "np.ones_like(z)"),
}

_COST_AND_DELTA = {
    (BinaryCrossEntropy, Sigmoid): (
        "np.logaddexp(0.0, {beta} * z) - y * ({beta} * z)",
        "{beta} * (a - y)",
        "cross-entropy C = −[y log a + (1 − y) log(1 − a)], from z: log(1 + e^{βz}) − yβz",
    ),
    (CategoricalCrossEntropy, Softmax): (
        "y * (z.max(axis=0) + np.log(np.exp(z - z.max(axis=0)).sum(axis=0)) - z)",
        "a - y",
        "categorical cross-entropy C = −Σ_i y_i log a_i, from z: y_i (logsumexp(z) − z_i)",
    ),
}


def _array(values: np.ndarray) -> str:
    """``values`` as exact Python literals (repr of a float round-trips)."""
    return f"np.array({np.asarray(values, dtype=float).tolist()!r})"


def _layer_code(network: Network) -> list[str]:
    lines = []
    for m, act in enumerate(network.activations[:-1], start=1):
        value, slope = _SIGMA[type(act)]
        beta = repr(float(act.beta))
        lines += [f"def sigma_{m}(z):", f"    return {value.format(beta=beta)}", "",
                  f"def sigma_prime_{m}(z, a):", f"    return {slope.format(beta=beta)}", "", ""]
    return lines


def _output_code(network: Network) -> list[str]:
    out, loss = network.activations[-1], network.loss
    beta = repr(float(out.beta))
    L = len(network.activations)
    if isinstance(out, Softmax):
        value = "np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0)"
    else:
        value = _SIGMA[type(out)][0].format(beta=beta)
    pair = (type(loss), type(out))
    if pair in _COST_AND_DELTA:
        cost, delta, words = _COST_AND_DELTA[pair]
        cost, delta = cost.format(beta=beta), delta.format(beta=beta)
    elif isinstance(loss, SquaredError):
        slope = _SIGMA[type(out)][1].format(beta=beta)
        cost, delta = "0.5 * (y - a) ** 2", f"(a - y) * ({slope})"
        words = "squared error C = ½(y − a)ᵀ(y − a), ∂C/∂a = a − y (the notes write y − a)"
    else:
        raise ValueError(f"cannot write {loss.name} with a {out.name} output as a script")
    return [
        f"def sigma_{L}(z):", f"    return {value}", "", "",
        "def cost_per_unit(z, a, y):", f'    """{words}."""', f"    return {cost}", "", "",
        "def delta_L(z, a, y):", '    """δ^L = ∂C/∂z^L for one sample\'s C."""',
        f"    return {delta}", "", "",
    ]


# One rule's update of [W^m | b^m] from its gradient ``grad`` (per weight, as
# engine.descent.optimizers computes it on the flattened θ): its memory, then the step.
_UPDATE = {
    "gd": ["Wb[m] += grad * -eta  # Δw = −η ∂C/∂w"],
    "momentum": ["velocity[m] = mu * velocity[m] + grad * -eta  # Δw = −η ∂C/∂w + μ Δw",
                 "Wb[m] += velocity[m]"],
    "adagrad": ["G[m] += grad * grad  # G = Σ (∂C/∂w)²",
                "Wb[m] += grad * -eta / (np.sqrt(G[m]) + eps)  # Δw = −η ∂C/∂w / (√G + ε)"],
    "rmsprop": ["s[m] = rho * s[m] + (1.0 - rho) * grad * grad  # s = ρs + (1 − ρ)(∂C/∂w)²",
                "Wb[m] += grad * -eta / (np.sqrt(s[m]) + eps)  # Δw = −η ∂C/∂w / (√s + ε)"],
    "adam": ["m1[m] = beta1 * m1[m] + (1.0 - beta1) * grad  # m = β₁m + (1 − β₁)∂C/∂w",
             "m2[m] = beta2 * m2[m] + (1.0 - beta2) * grad * grad  # v = β₂v + (1 − β₂)(∂C/∂w)²",
             "m_hat = m1[m] / (1.0 - beta1**t)  # bias corrections",
             "v_hat = m2[m] / (1.0 - beta2**t)",
             "Wb[m] += m_hat * -eta / (np.sqrt(v_hat) + eps)  # Δw = −η m̂ / (√v̂ + ε)"],
}
_UPDATE["nesterov"] = _UPDATE["momentum"]
_MEMORY = {"gd": [], "momentum": ["velocity"], "nesterov": ["velocity"], "adagrad": ["G"],
           "rmsprop": ["s"], "adam": ["m1", "m2"]}
_VALUES = {"alpha": "eta", "mu": "mu", "rho": "rho", "beta1": "beta1", "beta2": "beta2",
           "eps": "eps"}


def _rule_code(rule: Optimizer, l2: float) -> list[str]:
    """The rule's values, its memory and ``update(grad, m)``, for the script."""
    names = [_VALUES[name] for name in rule.values()] + ["lam"]
    values = [repr(float(value)) for value in rule.values().values()] + [repr(float(l2))]
    doc = " ".join((rule.__doc__ or "").split())
    words = textwrap.wrap(f"The rule, {rule.name}: {doc}", 86)
    lines = [f"# {line}" for line in words] + [f"{', '.join(names)} = {', '.join(values)}"]
    lines += [f"{name} = [np.zeros_like(Wb_m) for Wb_m in Wb]" for name in _MEMORY[rule.key]]
    if rule.key == "adam":
        lines += ["t = 0  # Adam's step count"]
    lines += ["", "", "def update(grad, m):",
              '    """One step of [W^m | b^m] by the rule, from [∂C/∂W^m | ∂C/∂b^m]."""']
    lines += [f"    {line}" for line in _UPDATE[rule.key]]
    return [*lines, "", ""]


def training_script(
    network: Network,
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float | None = None,
    momentum: float = 0.0,
    rule: Optimizer | None = None,
    l2: float = 0.0,
    batch_size: int | None = None,
    shuffle: bool = True,
    epochs: int,
    header: str = "",
) -> str:
    """The source of a script that trains ``network`` (as it is now: its initial
    weights) on rows ``X`` with labels ``y`` for ``epochs`` epochs and prints the
    loss of every epoch, as :class:`engine.network.training.TrainingRun` would.

    ``rule`` is the descent rule that moves the weights (α = η); without it, the
    notes' momentum with ``learning_rate`` η and ``momentum`` μ.
    """
    if rule is None:
        if learning_rate is None:
            raise ValueError("give a rule or a learning rate")
        rule = Momentum(alpha=learning_rate, mu=momentum, offered_ranges=False)
    if network.n_networks != 1:
        raise ValueError("a script reproduces one network; pick one of the many starts")
    X = np.asarray(X, dtype=float)
    Y = targets(np.asarray(y), network.layer_sizes[-1])
    n = len(X)
    B = n if batch_size is None else max(1, min(int(batch_size), n))
    L = len(network.activations)
    order_state = network.order_rngs[0].bit_generator.state if shuffle and B < n else None
    lines = ['"""' + (header.strip() or "A network trained by backpropagation."),
             "",
             "Exported by Gradient Lab; needs only NumPy. Run it: python this_file.py",
             '"""', "", "import numpy as np", "", "",
             "# The data: one column per sample, as in the notes (a^0 is the input).",
             f"X = {_array(X.T)}", f"Y = {_array(Y)}", f"n = {n}", "",
             "# [W^m | b^m] for m = 1 … L: the weights, then the bias column.",
             "Wb = ["]
    lines += [f"    {_array(Wb[0])}," for Wb in network.Wb] + ["]", ""]
    lines += [f"batch_size, epochs = {B}, {int(epochs)}", ""]
    lines += _rule_code(rule, l2)
    lines += _layer_code(network) + _output_code(network)
    sigmas = ", ".join(f"sigma_{m}" for m in range(1, L + 1))
    slopes = ", ".join(f"sigma_prime_{m}" for m in range(1, L))
    lines += [
        "def with_ones(a):",
        '    """[a; 1]: a row of ones under the units, so z = [W | b][a; 1]."""',
        "    return np.vstack([a, np.ones((1, a.shape[1]))])", "", "",
        f"SIGMA = [{sigmas}]", f"SIGMA_PRIME = [{slopes}]", "", "",
        "def gradients(Wb, a0_1, y):",
        '    """Forward, cost and backward at [W^m | b^m] = Wb: C, the mean cost of the batch,',
        '    and [∂C/∂W^m | ∂C/∂b^m] for every layer."""',
        "    a1, z, a = [a0_1], [], [a0_1[:-1]]",
        "    for m in range(len(Wb)):  # z^m = W^m a^{m-1} + b^m, a^m = σ(z^m)",
        "        z.append(Wb[m] @ a1[m])",
        "        a.append(SIGMA[m](z[m]))",
        "        a1.append(with_ones(a[-1]))",
        "    per_unit = cost_per_unit(z[-1], a[-1], y)",
        "    C = per_unit.reshape(1, -1).dot(np.full(per_unit.size, 1.0 / y.shape[1]))[0]",
        "    delta = [None] * len(Wb)",
        "    delta[-1] = delta_L(z[-1], a[-1], y) * (1.0 / y.shape[1])",
        "    for m in range(len(Wb) - 2, -1, -1):  # δ^m = (W^{m+1 T} δ^{m+1}) ∘ σ′(z^m)",
        "        delta[m] = (Wb[m + 1][:, :-1].T @ delta[m + 1]) * SIGMA_PRIME[m](z[m], a[m + 1])",
        "    grads = []",
        "    for m in range(len(Wb)):  # [∂C/∂W^m | ∂C/∂b^m] = δ^m [a^{m-1}; 1]^T",
        "        grad = delta[m] @ a1[m].T",
        "        grad[:, :-1] += lam * Wb[m][:, :-1]  # L2 on the weights, not the biases",
        "        grads.append(grad)",
        "    return C, grads",
        "", "",
        "def train_batch(a0_1, y):",
        '    """One update of every layer; returns C, the mean cost of the batch."""',
    ]
    if rule.key == "adam":
        lines += ["    global t", "    t += 1"]
    lines += ["    C, grads = gradients(Wb, a0_1, y)"]
    if isinstance(rule, Nesterov):
        lines += ["    # Nesterov: the gradient where momentum leads, w + μΔw, on the same batch",
                  "    ahead = [Wb_m + mu * v_m for Wb_m, v_m in zip(Wb, velocity)]",
                  "    _, grads = gradients(ahead, a0_1, y)"]
    lines += [
        "    for m in range(len(Wb)):",
        "        update(grads[m], m)",
        "    return C",
        "", "",
        "X1 = with_ones(X)",
        "X1_rows = np.ascontiguousarray(X1.T)",
        "Y_rows = np.ascontiguousarray(Y.T)",
    ]
    if order_state is not None:
        lines += ["order_rng = np.random.default_rng()",
                  f"order_rng.bit_generator.state = {order_state!r}"]
    lines += ["history = []", "for epoch in range(1, epochs + 1):"]
    if B == n:
        lines += ["    loss = train_batch(X1, Y)"]
    else:
        batch = ("X1_rows[order[start:start + batch_size]].T, "
                 "Y_rows[order[start:start + batch_size]].T")
        plain = "X1[:, start:start + batch_size], Y[:, start:start + batch_size]"
        lines += ["    loss = 0.0"]
        if order_state is not None:
            lines += ["    order = order_rng.permutation(n)"]
        lines += ["    for start in range(0, n, batch_size):",
                  f"        a0_1, y = {plain if order_state is None else batch}",
                  "        loss += train_batch(a0_1, y) * (y.shape[1] / n)"]
    lines += ["    history.append(loss)",
              '    print(f"epoch {epoch}: loss {float(loss)!r}")']
    return "\n".join(lines) + "\n"
