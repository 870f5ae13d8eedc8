"""Formulas typed by a person, read safely into SymPy and evaluated with NumPy.

``parse("(x^4+2)cos x")`` tokenizes the text (:mod:`engine.symbolic.expression_tokens`),
applies the reading rules (:mod:`engine.symbolic.expression_reading`), lets
:func:`ast.parse` build a tree from placeholders and operators only, then walks a
whitelist of node types and builds the SymPy expression node by node. Nothing the
user typed is ever evaluated as code.

Sizes are bounded *before* SymPy computes anything large, which is what makes
every parse finish quickly (SymPy cannot be interrupted): a power is refused
when its exponent times the largest exponent SymPy would merge it with passes
:data:`MAX_SYMBOLIC_EXPONENT`, or when the number it makes would pass 10^±308,
the range of the floating-point numbers that plot it (or :data:`MAX_DIGITS` exact
digits); every constant is checked to be real and within that range.

Symbols: the given variables; ``e`` = Euler's number, ``pi``/``π`` = π; any other
single Latin or Greek letter (or a spelled-out Greek name: ``beta`` → β) is a
*parameter* with default value 1, for the GUI to put on a slider.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from engine.symbolic.compiled import compile_numpy, real_array
from engine.symbolic.expression_builder import Builder, symbol
from engine.symbolic.expression_functions import applied_latex
from engine.symbolic.expression_reading import read_formula
from engine.symbolic.expression_tokens import (
    PARAMETER_DEFAULT,
    ExpressionError,
)

__all__ = [
    "Expression", "ExpressionError", "latex", "ordered_terms", "parse", "plain_text", "symbol",
]



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

    def _print_sign(self, expr: sympy.Expr) -> str:
        return f"sgn({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr: sympy.Expr) -> str:
        return f"H({self._print(expr.args[0])})"

    def _print_DiracDelta(self, expr: sympy.Expr) -> str:
        order = int(expr.args[1]) if len(expr.args) > 1 else 0
        return f"δ{'′' * order}({self._print(expr.args[0])})"

    def _print_real_root(self, expr: sympy.Expr) -> str:
        z, n = expr.args
        return f"cbrt({self._print(z)})" if n == 3 else f"root({self._print(z)}, {n})"

    def _print_ceiling(self, expr: sympy.Expr) -> str:
        return f"ceil({self._print(expr.args[0])})"

    def _print_Max(self, expr: sympy.Expr) -> str:
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr: sympy.Expr) -> str:
        return f"min({', '.join(self._print(a) for a in expr.args)})"


def plain_text(expr: sympy.Expr) -> str:
    """``expr`` as readable text: ``^`` for powers, ``·`` for products, ``5x^4``."""
    text = _PlainPrinter().doprint(expr).replace("**", "^")
    # 5*x → 5x, but never glue an exponent or a divisor to what follows: x^2·y, 1/2·x
    text = re.sub(r"(?<![\w.^/])(\d+)\*(?=[^\d\W]|\()", r"\1", text)
    return text.replace("*", "·")


class _LabLatexPrinter(LatexPrinter):
    """SymPy's LaTeX, with the unit step written H(u) (SymPy's θ(u) would read as
    the parameter θ), ln for the natural logarithm, sgn for the sign, and every
    name one that matplotlib's mathtext can typeset."""

    def _print_Heaviside(self, expr: sympy.Expr, exp: str | None = None) -> str:
        return applied_latex("H", self._print(expr.args[0]), exp)

    def _print_DiracDelta(self, expr: sympy.Expr, exp: str | None = None) -> str:
        order = int(expr.args[1]) if len(expr.args) > 1 else 0
        name = r"\delta" + ("'" * order)
        return applied_latex(name, self._print(expr.args[0]), exp)

    def _print_sign(self, expr: sympy.Expr, exp: str | None = None) -> str:
        return applied_latex(r"\mathrm{sgn}", self._print(expr.args[0]), exp)

    def _print_log(self, expr: sympy.Expr, exp: str | None = None) -> str:
        return applied_latex(r"\ln", self._print(expr.args[0]), exp)


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
    #: how an ambiguous form was read and how to type the other reading (one line each)
    hints: tuple[str, ...] = field(default=(), compare=False)

    @property
    def defaults(self) -> dict[str, float]:
        """Starting value of each parameter (1)."""
        return dict.fromkeys(self.parameters, PARAMETER_DEFAULT)

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        """SymPy symbols of the variables, in order."""
        return tuple(symbol(v) for v in self.variables)

    @cached_property
    def latex(self) -> str:
        return latex(self.sympy)

    @cached_property
    def plain(self) -> str:
        """Readable text: ``5x^4``, ``4x^3·cos(x) - x^4·sin(x)``."""
        return plain_text(self.sympy)

    def prepare(self) -> Expression:
        """Print and compile now (on a worker thread), so the GUI thread's first use is
        instant: compiling sin(sin(…)) 29 deep takes SymPy a third of a second."""
        _ = self.latex, self.plain, self._compiled
        return self

    def derived(self, expr: sympy.Expr, text: str) -> Expression:
        """A new expression over the same variables and parameters (e.g. a derivative)."""
        return Expression(text, expr, self.variables, self.parameters)

    def substitute(self, params: Mapping[str, float] | None = None) -> sympy.Expr:
        """The SymPy expression with every parameter replaced by its value, as an exact
        rational (0.1 → 1/10) so that polynomials stay exact for root finding."""
        values = self.parameter_values(params or {})
        try:
            return self.sympy.subs({symbol(p): sympy.Rational(repr(v))
                                    for p, v in values.items()})  # fmt: skip
        except (ValueError, TypeError):
            # max(x, ln x / ln a) at a = 1: SymPy cannot compare x with ∞·ln x
            return sympy.nan

    def __getstate__(self) -> dict:
        # a compiled (lambdified) function does not pickle: a copy sent to another
        # process (a recorder) compiles its own on first use
        return {k: v for k, v in self.__dict__.items() if k != "_compiled"}

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
    read = read_formula(text, variables)
    builder = Builder(read.source, read.origin, read.placeholders)
    expr = builder.build(read.tree.body, 0)
    parameters = tuple(sorted(builder.parameters))
    return Expression(text, expr, tuple(variables), parameters, read.hints)
