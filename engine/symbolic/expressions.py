"""Formulas typed by a person, read safely into SymPy and evaluated with NumPy.

``parse("(x^4+2)cos x")`` tokenizes the text (:mod:`engine.symbolic.expression_tokens`),
lets :func:`ast.parse` build a tree from placeholders and operators only, then
walks a whitelist of node types and builds the SymPy expression node by node.
Nothing the user typed is ever evaluated as code.

Symbols: the given variables; ``e`` = Euler's number, ``pi``/``π`` = π; any other
single Latin or Greek letter (or a spelled-out Greek name: ``beta`` → β) is a
*parameter* with default value 1, for the GUI to put on a slider.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from engine.symbolic.compiled import compile_numpy, real_array
from engine.symbolic.expression_functions import FUNCTIONS, applied_latex
from engine.symbolic.expression_tokens import ExpressionError, Token, to_python, tokenize

__all__ = [
    "Expression", "ExpressionError", "latex", "ordered_terms", "parse", "plain_text", "symbol",
]

MAX_DIGITS = 3000  # refuse numbers whose decimal expansion would be longer
MAX_SYMBOLIC_EXPONENT = 1000
MAX_TREE_DEPTH = 100
PARAMETER_DEFAULT = 1.0

_CONSTANTS = {"E": sympy.E, "pi": sympy.pi}


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol used for variable or parameter ``name`` (real-valued)."""
    return sympy.Symbol(name, real=True)


class _PlainPrinter(StrPrinter):
    """SymPy's str form with e and π spelled as a reader expects."""

    def _print_Exp1(self, expr: sympy.Expr) -> str:
        return "e"

    def _print_Pi(self, expr: sympy.Expr) -> str:
        return "π"

    def _print_exp(self, expr: sympy.Expr) -> str:
        return f"e^({self._print(expr.args[0])})"

    def _print_log(self, expr: sympy.Expr) -> str:
        return f"ln({self._print(expr.args[0])})"

    def _print_Abs(self, expr: sympy.Expr) -> str:
        return f"|{self._print(expr.args[0])}|"


def plain_text(expr: sympy.Expr) -> str:
    """``expr`` as readable text: ``^`` for powers, ``·`` for products, ``5x^4``."""
    text = _PlainPrinter().doprint(expr).replace("**", "^")
    # 5*x → 5x, but never glue an exponent or a divisor to what follows: x^2·y, 1/2·x
    text = re.sub(r"(?<![\w.^/])(\d+)\*(?=[^\d\W]|\()", r"\1", text)
    return text.replace("*", "·")


class _LabLatexPrinter(LatexPrinter):
    """SymPy's LaTeX, with the unit step written H(u): SymPy's θ(u) would read as
    the parameter θ, and every name must be one matplotlib's mathtext can typeset."""

    def _print_Heaviside(self, expr: sympy.Expr, exp: str | None = None) -> str:
        return applied_latex("H", self._print(expr.args[0]), exp)


def latex(expr: sympy.Expr, order: str | None = None) -> str:
    """LaTeX of ``expr`` as the app shows it (see :class:`_LabLatexPrinter`).

    ``order="none"`` keeps the terms of an unevaluated sum in the order given.
    """
    return _LabLatexPrinter({"order": order} if order else {}).doprint(expr)


def ordered_terms(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """The terms of a sum in the order the printer writes them (one term otherwise)."""
    return tuple(_LabLatexPrinter()._as_ordered_terms(expr)) if expr.is_Add else (expr,)


@dataclass(frozen=True)
class Expression:
    """A formula: its text, SymPy form, variables and parameters.

    Calling it evaluates f(variables; parameters) on NumPy arrays, e.g.
    ``f(xs, a=3.0)``; parameters left out take their default 1.
    """

    text: str
    sympy: sympy.Expr
    variables: tuple[str, ...] = ("x",)
    parameters: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict[str, float]:
        """Starting value of each parameter (1)."""
        return dict.fromkeys(self.parameters, PARAMETER_DEFAULT)

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        """SymPy symbols of the variables, in order."""
        return tuple(symbol(v) for v in self.variables)

    @property
    def latex(self) -> str:
        return latex(self.sympy)

    @property
    def plain(self) -> str:
        """Readable text: ``5x^4``, ``4x^3·cos(x) - x^4·sin(x)``."""
        return plain_text(self.sympy)

    def derived(self, expr: sympy.Expr, text: str) -> Expression:
        """A new expression over the same variables and parameters (e.g. a derivative)."""
        return Expression(text, expr, self.variables, self.parameters)

    def substitute(self, params: Mapping[str, float] | None = None) -> sympy.Expr:
        """The SymPy expression with every parameter replaced by its value, as an exact
        rational (0.1 → 1/10) so that polynomials stay exact for root finding."""
        values = self.parameter_values(params or {})
        return self.sympy.subs({symbol(p): sympy.Rational(repr(v)) for p, v in values.items()})

    @cached_property
    def _compiled(self) -> Callable[..., object]:
        return compile_numpy(self.sympy, [symbol(n) for n in (*self.variables, *self.parameters)])

    def __call__(self, *arrays: object, **params: float) -> np.ndarray:
        """f evaluated elementwise; float64 of the broadcast shape, NaN where undefined."""
        if len(arrays) != len(self.variables):
            raise TypeError(f"expected {len(self.variables)} arrays, got {len(arrays)}")
        values = self.parameter_values(params).values() if self.parameters or params else ()
        inputs = [np.asarray(a, dtype=float) for a in arrays]
        shape = inputs[0].shape if len(inputs) == 1 else np.broadcast_shapes(
            *(a.shape for a in inputs))  # fmt: skip
        # errstate is all NumPy needs to stay quiet: 1/0 and √−1 become ∞ and NaN
        with np.errstate(all="ignore"):
            raw = self._compiled(*inputs, *values)
        passed_through = any(raw is a for a in inputs)  # f = x returns its input
        return real_array(raw, shape, fresh=not passed_through)

    def parameter_values(self, params: Mapping[str, float]) -> dict[str, float]:
        """Every parameter's value, in order: ``params``' or the default 1."""
        unknown = set(params) - set(self.parameters)
        if unknown:
            raise TypeError(f"unknown parameter(s): {', '.join(sorted(unknown))}")
        return {p: float(params.get(p, PARAMETER_DEFAULT)) for p in self.parameters}


def parse(text: str, variables: Sequence[str] = ("x",)) -> Expression:
    """Read ``text`` as a formula in ``variables``; raise :class:`ExpressionError`."""
    if not isinstance(text, str):
        raise ExpressionError("the formula must be text")
    source, origin, placeholders = to_python(tokenize(text, variables))
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        offset = getattr(exc, "offset", None)
        column = origin[min(offset - 1, len(origin) - 1)] if offset else None
        raise ExpressionError("cannot read the formula here", column) from None
    builder = _Builder(source, origin, placeholders)
    expr = builder.build(tree.body, 0)
    parameters = tuple(sorted(builder.parameters))
    return Expression(text, expr, tuple(variables), parameters)


class _Builder:
    """Whitelist walk: ast node → SymPy object; anything unexpected is refused."""

    def __init__(self, source: str, origin: list[int], placeholders: dict[str, Token]) -> None:
        self.source = source
        self.origin = origin
        self.placeholders = placeholders
        self.parameters: set[str] = set()

    def column(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        return None if offset is None else self.origin[min(offset, len(self.origin) - 1)]

    def build(self, node: ast.AST, depth: int) -> sympy.Expr:
        if depth > MAX_TREE_DEPTH:
            raise ExpressionError("the formula is nested too deeply", self.column(node))
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand, depth + 1)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Name) and node.id in self.placeholders:
            return self._name(self.placeholders[node.id])
        if isinstance(node, ast.Tuple):
            raise ExpressionError("a ',' is only allowed between a function's arguments",
                                  self.column(node))
        raise ExpressionError("this is not part of a formula", self.column(node))

    def _binary(self, node: ast.BinOp, depth: int) -> sympy.Expr:
        left = self.build(node.left, depth + 1)
        right = self.build(node.right, depth + 1)
        col = self._operator_column(node)
        if isinstance(node.op, ast.Add):
            result = left + right
        elif isinstance(node.op, ast.Sub):
            result = left - right
        elif isinstance(node.op, ast.Mult):
            result = left * right
        elif isinstance(node.op, ast.Div):
            if right.is_zero:
                raise ExpressionError("division by zero", col)
            result = left / right
        elif isinstance(node.op, ast.Pow):
            result = _power(left, right, col)
        else:
            raise ExpressionError("this operator is not allowed", col)
        return _checked(result, col)

    def _operator_column(self, node: ast.BinOp) -> int | None:
        # the operator is the only one of + - * / between the two operands' text
        for k in range(node.left.end_col_offset or 0, node.right.col_offset):
            if self.source[k] in "+-*/":
                return self.origin[k]
        return self.column(node)

    def _call(self, node: ast.Call, depth: int) -> sympy.Expr:
        token = self.placeholders.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if token is None or token.kind != "func":
            raise ExpressionError("only named functions can be called", self.column(node))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError("functions take plain arguments only", token.col)
        spec = FUNCTIONS[token.text]
        if len(node.args) not in spec.arities:
            counts = " or ".join(str(a) for a in spec.arities)
            raise ExpressionError(f"'{token.text}' takes {counts} argument(s)", token.col)
        args = [self.build(a, depth + 1) for a in node.args]
        return _checked(spec.build(*args), token.col)

    def _name(self, token: Token) -> sympy.Expr:
        if token.kind == "num":
            return sympy.Rational(token.text)
        if token.kind == "const":
            return _CONSTANTS[token.text]
        if token.kind == "func":
            raise ExpressionError(f"'{token.text}' needs an argument", token.col)
        if token.kind == "param":
            self.parameters.add(token.text)
        return symbol(token.text)


def _digits(value: sympy.Expr) -> float:
    """Approximate count of decimal digits in a numeric SymPy value (num. and den.)."""
    if value.is_Rational:
        return math.log10(max(abs(value.p), value.q, 1))
    try:
        magnitude = abs(sympy.N(value, 15))
        if magnitude.is_zero or not magnitude.is_finite:
            return 0.0
        return abs(float(sympy.log(magnitude, 10).evalf(15)))
    except (OverflowError, ValueError, TypeError):
        # mpmath gives up on magnitudes like e^(e^(e^1000)): far too large anyway
        return math.inf


def _power(base: sympy.Expr, exponent: sympy.Expr, col: int | None) -> sympy.Expr:
    """baseᵉˣᵖᵒⁿᵉⁿᵗ, refusing results too big to compute before SymPy tries to."""
    if exponent.is_number and exponent.is_extended_real:
        if base.is_number:
            if base.is_zero and exponent.is_negative:
                raise ExpressionError("division by zero (0 to a negative power)", col)
            size = abs(float(exponent.evalf(15))) * max(_digits(base), 1.0)
            if size > MAX_DIGITS:
                raise ExpressionError(
                    f"number too large (more than {MAX_DIGITS} digits)", col
                )
        elif abs(float(exponent.evalf(15))) > MAX_SYMBOLIC_EXPONENT:
            raise ExpressionError(
                f"exponent too large (at most {MAX_SYMBOLIC_EXPONENT})", col
            )
    return sympy.Pow(base, exponent)


def _checked(result: sympy.Expr, col: int | None) -> sympy.Expr:
    if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError("undefined value (division by zero?)", col)
    if result.is_number and result.is_Rational and _digits(result) > MAX_DIGITS:
        raise ExpressionError(f"number too large (more than {MAX_DIGITS} digits)", col)
    return result
