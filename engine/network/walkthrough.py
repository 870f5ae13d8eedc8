"""Backprop on one sample, step by step, in the notes' order and with their formulas.

The steps are read off ONE engine computation, the backprop inspector's
:func:`engine.network.inspection.inspect_sample`; nothing here runs the
network again.  In order:

  1. the input a⁰ = x;
  2. per layer m = 1 … L, z^m = W^m a^{m−1} + b^m (link ij carries W^m_ij a^{m−1}_j),
     then a^m = σ(z^m);
  3. δ^L at the output (δ^L = a^L − y for the matched output/cost pairs);
  4. per layer m = L−1 … 1, δ^m = (W^{m+1})ᵀ δ^{m+1} ∘ σ′(z^m) (link ij carries
     W^{m+1}_ij δ^{m+1}_i back to unit j);
  5. per layer, ∂C/∂W^m = δ^m (a^{m−1})ᵀ and ∂C/∂b^m = δ^m;
  6. per layer, the update by the rule that trains the network: W^m ← W^m − η ∂C/∂W^m,
     b^m ← b^m − η ∂C/∂b^m for plain descent, the rule's own formula otherwise, with
     the numbers of its first step from rest on this one sample (a stochastic step),
     each weight before and after.

Each :class:`Step` carries what a diagram highlights (one layer of units and
at most one layer of links, with their values) and the formula, general and
with the numbers plugged in (LaTeX for mathtext: one line per unit, the
first ``MAX_LINES`` units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from engine.descent.optimizers import Optimizer
from engine.network.inspection import Inspection
from engine.network.network import Network
from engine.notation import superscript

MAX_LINES = 4  # units (or weights) written out with their numbers per step
MAX_TERMS = 3  # terms of a sum written out before "+ ⋯"


def sup(m: int) -> str:
    """m as a superscript, for the plain-text titles: 2 → ²."""
    return superscript(m)


@dataclass(frozen=True)
class Step:
    """One step: a formula, the units and links it lights up, and their values.

    ``unit_layer`` is 0 … L (0 the input); ``units`` its N values.
    ``link_layer`` m ≥ 1 means the links of W^m (``links`` is N^m × N^{m−1}).
    ``*_before`` are the values before an update (None otherwise).
    """

    phase: str  # "input", "forward", "output", "backward", "gradient", "update"
    title: str
    formula: str
    lines: tuple[str, ...]
    unit_layer: int
    unit_symbol: str
    units: np.ndarray
    link_layer: int | None = None
    link_symbol: str = ""
    links: np.ndarray | None = None
    units_before: np.ndarray | None = None
    links_before: np.ndarray | None = None


def tex_value(value: float) -> str:
    """A number in a formula: 4 significant digits."""
    return f"{value:.4g}"


def tex_number(value: float) -> str:
    """A number inside a product or difference: negatives in brackets."""
    text = tex_value(value)
    return f"({text})" if text.startswith("-") else text


def build_steps(inspection: Inspection, network: Network, rule: Optimizer, k: int = 0,
                l2: float = 0.0) -> list[Step]:
    """The walkthrough of ``inspection`` (made by ``inspect_sample(network, …, k)``).

    ``network`` supplies W^m, b^m and σ^m (the inspection holds the results, not
    the weights); ``rule`` is the descent rule that trains it (step size α = η) and
    ``l2`` its L2 penalty λ, for the update steps.
    """
    net = network.member(k) if network.n_networks > 1 else network
    W = [w[0] for w in net.W]
    b = [v[0][:, 0] for v in net.b]
    layers = inspection.layers
    a = [inspection.a0[:, 0]] + [layer.a[:, 0] for layer in layers]
    n_layers = len(layers)
    steps = [_input(a[0])]
    for m in range(1, n_layers + 1):
        steps += _forward(m, W[m - 1], b[m - 1], a[m - 1], layers[m - 1].z[:, 0], a[m],
                          _sigma(net, m))
    steps.append(_output(inspection, net))
    for m in range(n_layers - 1, 0, -1):
        slope = net.activations[m - 1].derivative(layers[m - 1].z, layers[m - 1].a)[:, 0]
        steps.append(_backward(m, W[m], layers[m].delta[:, 0], slope,
                               layers[m - 1].delta[:, 0], _sigma(net, m)))
    for m in range(n_layers, 0, -1):
        steps.append(_gradient(m, layers[m - 1].delta[:, 0], a[m - 1], layers[m - 1].dC_dW))
    for m in range(n_layers, 0, -1):
        layer = layers[m - 1]
        steps.append(_update(m, W[m - 1], b[m - 1], layer.dC_dW, layer.dC_db[:, 0], rule, l2))
    return steps


def _sigma(net: Network, m: int) -> str:
    names = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}",
             "linear": r"\mathrm{id}", "softmax": r"\mathrm{softmax}"}
    return names.get(net.activations[m - 1].name, r"\sigma")


def _more(n: int) -> tuple[str, ...]:
    return (rf"\ldots\ \mathrm{{and\ {n - MAX_LINES}\ more}}",) if n > MAX_LINES else ()


def _sum(terms: list[str]) -> str:
    shown = " + ".join(terms[:MAX_TERMS])
    return shown + (r" + \cdots" if len(terms) > MAX_TERMS else "")


def _input(a0: np.ndarray) -> Step:
    lines = tuple(rf"a^{{0}}_{{{j + 1}}} = x_{{{j + 1}}} = {tex_number(v)}"
                  for j, v in enumerate(a0[:MAX_LINES])) + _more(a0.size)
    return Step("input", "The input: a⁰ = x", r"a^{0} = x", lines, 0, "a", a0.copy())


def _forward(m: int, W: np.ndarray, b: np.ndarray, a_prev: np.ndarray, z: np.ndarray,
             a: np.ndarray, sigma: str) -> list[Step]:
    products = W * a_prev[None, :]  # link ij carries W^m_ij a^{m−1}_j
    z_lines = []
    for i in range(min(z.size, MAX_LINES)):
        terms = [f"{tex_number(W[i, j])} \\cdot {tex_number(a_prev[j])}" for j in range(W.shape[1])]
        z_lines.append(rf"z^{{{m}}}_{{{i + 1}}} = {_sum(terms)} + {tex_number(b[i])} "
                       rf"= {tex_value(z[i])}")
    a_lines = [rf"a^{{{m}}}_{{{i + 1}}} = {sigma}({tex_value(z[i])}) = {tex_value(a[i])}"
               for i in range(min(a.size, MAX_LINES))]
    return [
        Step("forward", f"Forward, layer {m}: z{sup(m)} = W{sup(m)} a{sup(m - 1)} + b{sup(m)}",
             rf"z^{{{m}}}_i = \sum_j W^{{{m}}}_{{ij}} a^{{{m - 1}}}_j + b^{{{m}}}_i",
             tuple(z_lines) + _more(z.size), m, "z", z.copy(),
             link_layer=m, link_symbol="W·a", links=products),
        Step("forward", f"Forward, layer {m}: a{sup(m)} = σ(z{sup(m)})",
             rf"a^{{{m}}} = {sigma}(z^{{{m}}})", tuple(a_lines) + _more(a.size), m, "a",
             a.copy()),
    ]


def _output(inspection: Inspection, net: Network) -> Step:
    out = inspection.layers[-1]
    L = out.m
    a, y, delta = out.a[:, 0], inspection.y[:, 0], out.delta[:, 0]
    last = net.activations[-1]
    matched = (net.loss.name, last.name) in (("cross_entropy", "sigmoid"),
                                             ("categorical_cross_entropy", "softmax"))
    if matched:
        beta = "" if last.beta == 1.0 else rf"{last.beta:g} \cdot "
        formula = rf"\delta^{{{L}}} = {beta}(a^{{{L}}} - y)"
        lines = [rf"\delta^{{{L}}}_{{{i + 1}}} = {beta}({tex_number(a[i])} - {tex_number(y[i])})"
                 rf" = {tex_value(delta[i])}" for i in range(min(a.size, MAX_LINES))]
    else:
        slope = last.derivative(out.z, out.a)[:, 0]
        formula = (rf"\delta^{{{L}}} = \frac{{\partial C}}{{\partial a^{{{L}}}}} \circ "
                   rf"{_sigma(net, L)}'(z^{{{L}}})")
        lines = [rf"\delta^{{{L}}}_{{{i + 1}}} = "
                 rf"\frac{{\partial C}}{{\partial a^{{{L}}}_{{{i + 1}}}}}"
                 rf" \cdot {tex_number(slope[i])} = {tex_value(delta[i])}"
                 for i in range(min(a.size, MAX_LINES))]
    lines.append(rf"C = {tex_number(inspection.cost)}\ \mathrm{{for\ this\ sample}}")
    return Step("output", f"The output error δ{sup(L)} (y = {', '.join(f'{v:g}' for v in y)})",
                formula, tuple(lines) + _more(a.size), L, "δ", delta.copy())


def _backward(m: int, W_next: np.ndarray, delta_next: np.ndarray, slope: np.ndarray,
              delta: np.ndarray, sigma: str) -> Step:
    carried = W_next * delta_next[:, None]  # link ij of W^{m+1} carries W^{m+1}_ij δ^{m+1}_i
    lines = []
    for j in range(min(delta.size, MAX_LINES)):
        terms = [f"{tex_number(W_next[i, j])} \\cdot {tex_number(delta_next[i])}"
                 for i in range(W_next.shape[0])]
        lines.append(rf"\delta^{{{m}}}_{{{j + 1}}} = ({_sum(terms)}) \cdot "
                     rf"{tex_number(slope[j])} = {tex_value(delta[j])}")
    return Step("backward", f"Backward: δ{sup(m)} from δ{sup(m + 1)}",
                rf"\delta^{{{m}}} = (W^{{{m + 1}}})^\top \delta^{{{m + 1}}} \circ "
                rf"{sigma}'(z^{{{m}}})", tuple(lines) + _more(delta.size), m, "δ", delta.copy(),
                link_layer=m + 1, link_symbol="W·δ", links=carried)


def _gradient(m: int, delta: np.ndarray, a_prev: np.ndarray, dC_dW: np.ndarray) -> Step:
    pairs = [(i, j) for i in range(dC_dW.shape[0]) for j in range(dC_dW.shape[1])]
    lines = tuple(
        rf"\frac{{\partial C}}{{\partial W^{{{m}}}_{{{i + 1}{j + 1}}}}} = "
        rf"{tex_number(delta[i])} \cdot {tex_number(a_prev[j])} = {tex_value(dC_dW[i, j])}"
        for i, j in pairs[:MAX_LINES]) + _more(len(pairs))
    return Step("gradient", f"Gradient of layer {m}: ∂C/∂W{sup(m)} = δ{sup(m)} (a{sup(m - 1)})ᵀ",
                rf"\frac{{\partial C}}{{\partial W^{{{m}}}}} = \delta^{{{m}}} (a^{{{m - 1}}})^\top,"
                rf"\quad \frac{{\partial C}}{{\partial b^{{{m}}}}} = \delta^{{{m}}}",
                lines, m, "∂C/∂b", delta.copy(),
                link_layer=m, link_symbol="∂C/∂W", links=dC_dW.copy())


def rule_tex(rule: Optimizer, m: int) -> str:
    """``rule``'s update (its descent-tab formula in x and ∇f) written for layer m's weights:
    x → W^m, ∇f → ∂C/∂W^m, α → η (the network's learning rate is the rule's step size)."""
    W, grad = rf"W^{{{m}}}", rf"\frac{{\partial C}}{{\partial W^{{{m}}}}}"
    tex = rule.latex.replace(r"\nabla f(x + \mu v)", rf"\left.{grad}\right|_{{{W} + \mu v}}")
    for old, new in ((r"\nabla f(x)", grad), (r"\nabla f", grad), (r"\alpha", r"\eta")):
        tex = tex.replace(old, new)
    return re.sub(r"(?<![\\a-zA-Z])x(?![a-zA-Z])", lambda _: W, tex)


def first_step(rule: Optimizer, gradient: np.ndarray) -> np.ndarray:
    """Δθ of ``rule``'s first step from rest (no velocity, moments or steps yet) with
    ∂C/∂θ = ``gradient`` (a flat array): momentum's look-ahead θ + μ·0 is θ itself."""
    state = rule.init_state(1, gradient.size)
    g = gradient.reshape(1, -1)
    return rule.step(np.zeros_like(g), lambda _: g, state, g).reshape(gradient.shape)


def _update(m: int, W: np.ndarray, b: np.ndarray, dC_dW: np.ndarray, dC_db: np.ndarray,
            rule: Optimizer, l2: float) -> Step:
    """W^m ← W^m + ΔW^m, b^m ← b^m + Δb^m with Δ the rule's first step from rest on this
    sample's gradient (+ λW^m with an L2 penalty); for plain descent Δ = −η ∂C/∂W^m."""
    gW = dC_dW + l2 * W if l2 else dC_dW
    step = first_step(rule, np.concatenate([gW.ravel(), dC_db]))
    dW, db = step[:W.size].reshape(W.shape), step[W.size:]
    W_new, b_new = W + dW, b + db
    eta = rule.values()["alpha"]
    plain = np.array_equal(dW, np.multiply(gW, -eta)) and np.array_equal(db, dC_db * -eta)
    pairs = [(i, j) for i in range(W.shape[0]) for j in range(W.shape[1])]
    lines = tuple(
        rf"W^{{{m}}}_{{{i + 1}{j + 1}}} \leftarrow {tex_number(W[i, j])} "
        + (rf"- {eta:g} \cdot {tex_number(gW[i, j])}" if plain
           else rf"+ {tex_number(dW[i, j])}")
        + rf" = {tex_value(W_new[i, j])}"
        for i, j in pairs[:MAX_LINES]) + _more(len(pairs))
    penalty = rf",\ \frac{{\partial C}}{{\partial W^{{{m}}}}} + \lambda W^{{{m}}}\ " \
        rf"\mathrm{{with}}\ \lambda = {l2:g}" if l2 else ""
    rest = ", its first step from rest on this sample" if rule.init_state(1, 1) else ""
    return Step("update", f"Update of layer {m} by {rule.name} (η = {eta:g}{rest}): "
                "each weight before → after",
                rule_tex(rule, m) + rf"\quad (b^{{{m}}}\ \mathrm{{alike}}{penalty})",
                lines, m, "b", b_new, link_layer=m, link_symbol="W", links=W_new,
                units_before=b.copy(), links_before=W.copy())
