"""The functions a formula may call, as SymPy objects and as NumPy code.

Two of them are not built into SymPy and are defined here so that formulas
print and differentiate the way the notes write them:

- σ(z) = 1 / (1 + e^(−z))  (the notes print e^(+z); DESIGN.md §3, erratum 1),
  with σ′(z) = σ(z)·(1 − σ(z));
- relu(z) = max(0, z), with relu′(z) = H(z), the Heaviside step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy
from mpmath.libmp import prec_to_dps


class sigmoid(sympy.Function):  # noqa: N801 - SymPy prints the class name
    """Logistic function σ(z) = 1 / (1 + e^(−z)); σ′ = σ·(1 − σ)."""

    @classmethod
    def eval(cls, z: sympy.Expr) -> sympy.Expr | None:
        if z.is_zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-z))

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.rewrite(sympy.exp).evalf(prec_to_dps(prec))

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return applied_latex(r"\sigma", printer._print(self.args[0]), exp)


class relu(sympy.Function):  # noqa: N801 - SymPy prints the class name
    """Rectified linear unit relu(z) = max(0, z); relu′(z) = H(z) (Heaviside)."""

    @classmethod
    def eval(cls, z: sympy.Expr) -> sympy.Expr | None:
        if z.is_nonnegative:
            return z
        if z.is_nonpositive:
            return sympy.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, z: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.Max(0, z)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.rewrite(sympy.Max).evalf(prec_to_dps(prec))

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        # \mathrm, not \operatorname: matplotlib's mathtext knows only the former.
        return applied_latex(r"\mathrm{relu}", printer._print(self.args[0]), exp)


def applied_latex(name: str, argument: str, exp: str | None) -> str:
    """``name(argument)``, raised to ``exp`` when SymPy prints a power of it."""
    power = f"^{{{exp}}}" if exp is not None else ""
    return rf"{name}{power}\left({argument}\right)"


@dataclass(frozen=True)
class FunctionSpec:
    """A callable name: how to build it in SymPy and how many arguments it takes."""

    build: Callable[..., sympy.Expr]
    arities: tuple[int, ...] = (1,)


def _log(z: sympy.Expr, base: sympy.Expr | None = None) -> sympy.Expr:
    """ln z, or log_b z = ln z / ln b with a second argument."""
    return sympy.log(z) if base is None else sympy.log(z) / sympy.log(base)


FUNCTIONS: dict[str, FunctionSpec] = {
    "sin": FunctionSpec(sympy.sin),
    "cos": FunctionSpec(sympy.cos),
    "tan": FunctionSpec(sympy.tan),
    "cot": FunctionSpec(sympy.cot),
    "sec": FunctionSpec(sympy.sec),
    "csc": FunctionSpec(sympy.csc),
    "asin": FunctionSpec(sympy.asin),
    "acos": FunctionSpec(sympy.acos),
    "atan": FunctionSpec(sympy.atan),
    "arcsin": FunctionSpec(sympy.asin),
    "arccos": FunctionSpec(sympy.acos),
    "arctan": FunctionSpec(sympy.atan),
    "sinh": FunctionSpec(sympy.sinh),
    "cosh": FunctionSpec(sympy.cosh),
    "tanh": FunctionSpec(sympy.tanh),
    "exp": FunctionSpec(sympy.exp),
    "ln": FunctionSpec(sympy.log),
    "log": FunctionSpec(_log, (1, 2)),
    "sqrt": FunctionSpec(sympy.sqrt),
    "abs": FunctionSpec(sympy.Abs),
    "sigmoid": FunctionSpec(sigmoid),
    "σ": FunctionSpec(sigmoid),
    "relu": FunctionSpec(relu),
}


def _np_sigmoid(z: np.ndarray) -> np.ndarray:
    # e^(−|z|) never overflows; for z < 0 use the equal form e^z / (1 + e^z)
    z = np.asarray(z, dtype=float)
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def _np_relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def _np_dirac(z: np.ndarray, order: int = 0) -> np.ndarray:
    # δ (and its derivatives) vanish away from 0 and are undefined at 0
    z = np.asarray(z, dtype=float)
    return np.where(z == 0.0, np.nan, 0.0)


NUMPY_NAMESPACE: dict[str, Callable[..., np.ndarray]] = {
    "sigmoid": _np_sigmoid,
    "relu": _np_relu,
    "DiracDelta": _np_dirac,
}
