"""A formula read straight to NumPy: f, (f′, f″) or ∇f without SymPy.

:func:`read_numeric` reads the text exactly as :func:`engine.symbolic.expressions.parse`
does up to the ``ast`` tree (same tokenizer, reading rules, placeholders and
whitelist of node types), then builds a tree of NumPy operations on
:class:`engine.numeric.jets.Jet` values instead of SymPy objects.  Numbers keep their
exact value as a :class:`fractions.Fraction` while they are only combined with each
other, so an exponent such as 2/3 is known to be a fraction with an odd denominator
(the real root, as the SymPy route reads it).

It checks no sizes (SymPy is not asked to compute anything): a value too large for a
float is ∞, then NaN, as in the SymPy route's compiled functions.  What it gives is
a preview: the GUI replaces it with the SymPy route's results when they arrive.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from engine.numeric import jets
from engine.numeric.jets import Jet
from engine.symbolic.expression_reading import read_formula
from engine.symbolic.expression_tokens import (
    PARAMETER_DEFAULT,
    ExpressionError,
    Token,
)
from engine.symbolic.function_names import FUNCTION_ARITIES

MAX_EXACT_EXPONENT = 64  # exact powers of numbers only while they stay small
MAX_EXACT_BITS = 256
_CONSTANTS = {"E": math.e, "pi": math.pi}

Env = Mapping[str, Jet]


@dataclass(frozen=True)
class _Node:
    """One operation of the tree: ``run(env)`` gives its jet; ``exact`` its exact value
    when it is made of numbers only (+ − · / and small whole powers)."""

    run: Callable[[Env], Jet]
    exact: Fraction | None = None


def _number(value: float | Fraction) -> _Node:
    jet = jets.constant(np.float64(float(value)))
    return _Node(lambda _env: jet, value if isinstance(value, Fraction) else None)


class _Reader:
    """Whitelist walk: ast node → :class:`_Node`; anything unexpected is refused."""

    def __init__(self, placeholders: dict[str, Token]) -> None:
        self.placeholders = placeholders
        self.parameters: set[str] = set()

    def build(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return operand
            exact = -operand.exact if operand.exact is not None else None
            return _Node(lambda env: jets.neg(operand.run(env)), exact)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Name) and node.id in self.placeholders:
            return self._name(self.placeholders[node.id])
        raise ExpressionError("this is not part of a formula")

    def _binary(self, node: ast.BinOp) -> _Node:
        left, right = self.build(node.left), self.build(node.right)
        a, b = left.exact, right.exact
        if isinstance(node.op, ast.Pow):
            exact = _exact_power(a, b)
            if exact is not None:
                return _number(exact)
            return _Node(lambda env: jets.power(left.run(env), right.run(env), b))
        operations = {ast.Add: (jets.add, lambda: a + b), ast.Sub: (jets.sub, lambda: a - b),
                      ast.Mult: (jets.mul, lambda: a * b),
                      ast.Div: (jets.div, lambda: a / b if b else None)}  # fmt: skip
        if type(node.op) not in operations:
            raise ExpressionError("this operator is not allowed")
        operation, exact_value = operations[type(node.op)]
        if a is not None and b is not None and (exact := exact_value()) is not None:
            return _number(exact)
        return _Node(lambda env: operation(left.run(env), right.run(env)))

    def _call(self, node: ast.Call) -> _Node:
        token = self.placeholders.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if token is None or token.kind != "func":
            raise ExpressionError("only named functions can be called")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError("functions take plain arguments only")
        if len(node.args) not in FUNCTION_ARITIES[token.text]:
            raise ExpressionError(f"'{token.text}' takes another number of arguments")
        args = [self.build(a) for a in node.args]
        name = token.text
        return _Node(lambda env: jets.call(name, [a.run(env) for a in args]))

    def _name(self, token: Token) -> _Node:
        if token.kind == "num":
            return _number(Fraction(token.text))
        if token.kind == "const":
            return _number(_CONSTANTS[token.text])
        if token.kind == "func":
            raise ExpressionError(f"'{token.text}' needs an argument")
        if token.kind == "param":
            self.parameters.add(token.text)
        name = token.text
        return _Node(lambda env: env[name])


def _exact_power(base: Fraction | None, exponent: Fraction | None) -> Fraction | None:
    """base^exponent exactly, for a whole exponent that keeps the number small."""
    if base is None or exponent is None or exponent.denominator != 1:
        return None
    n = exponent.numerator
    bits = max(base.numerator.bit_length(), base.denominator.bit_length())
    if abs(n) > MAX_EXACT_EXPONENT or bits * abs(n) > MAX_EXACT_BITS or (base == 0 and n < 0):
        return None
    return base**n


@dataclass(frozen=True)
class NumericFormula:
    """f over ``variables`` with ``parameters`` (each 1 unless given), read from ``text``."""

    text: str
    variables: tuple[str, ...]
    parameters: tuple[str, ...]
    _root: _Node

    def parameter_values(self, params: Mapping[str, float]) -> dict[str, float]:
        unknown = set(params) - set(self.parameters)
        if unknown:
            raise TypeError(f"unknown parameter(s): {', '.join(sorted(unknown))}")
        return {p: float(params.get(p, PARAMETER_DEFAULT)) for p in self.parameters}

    def _run(self, arrays: Sequence[object], seed: int | None,
             params: Mapping[str, float]) -> tuple[Jet, tuple[int, ...]]:
        if len(arrays) != len(self.variables):
            raise TypeError(f"expected {len(self.variables)} arrays, got {len(arrays)}")
        inputs = [np.asarray(a, dtype=float) for a in arrays]
        shape = np.broadcast_shapes(*(a.shape for a in inputs))
        env = {name: jets.variable(a) if k == seed else jets.constant(a)
               for k, (name, a) in enumerate(zip(self.variables, inputs, strict=True))}
        env.update({p: jets.constant(np.float64(v))
                    for p, v in self.parameter_values(params).items()})  # fmt: skip
        with np.errstate(all="ignore"):
            return self._root.run(env), shape

    def __call__(self, *arrays: object, **params: float) -> np.ndarray:
        """f elementwise: float64 of the broadcast shape, NaN where undefined or infinite."""
        jet, shape = self._run(arrays, None, params)
        return _real(jet.v, shape)

    def jets(self, xs: object, **params: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """f, f′ and f″ at ``xs`` (a formula in one variable), NaN where undefined."""
        jet, shape = self._run([xs], 0, params)
        return _real(jet.v, shape), _real(jet.d1, shape), _real(jet.d2, shape)

    def gradient(self, *arrays: object, **params: float) -> np.ndarray:
        """∇f at the points: shape (..., number of variables), NaN where undefined."""
        parts = []
        for k in range(len(self.variables)):
            jet, shape = self._run(arrays, k, params)
            parts.append(_real(jet.d1, shape))
        return np.stack(parts, axis=-1)


def _real(raw: object, shape: tuple[int, ...]) -> np.ndarray:
    """float64 of ``shape`` (a constant is broadcast), NaN wherever not finite."""
    with np.errstate(all="ignore"):
        out = np.array(np.broadcast_to(np.asarray(raw, dtype=float), shape), dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out


def read_numeric(text: str, variables: Sequence[str] = ("x",)) -> NumericFormula:
    """Read ``text`` as :func:`engine.symbolic.expressions.parse` does, into NumPy code;
    raise :class:`ExpressionError` where it would not read (it checks no sizes)."""
    read = read_formula(text, variables)
    reader = _Reader(read.placeholders)
    root = reader.build(read.tree.body)
    return NumericFormula(text, tuple(variables), tuple(sorted(reader.parameters)), root)
