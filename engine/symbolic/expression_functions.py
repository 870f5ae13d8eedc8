"""The functions a formula may call, as SymPy objects and as NumPy code.

Some are not built into SymPy, or not the way a student means them, and are
defined here so that formulas print, differentiate and evaluate as people expect:

- σ(z) = 1 / (1 + e^(−z))  (the notes print e^(+z); DESIGN.md §3, erratum 1),
  with σ′(z) = σ(z)·(1 − σ(z));
- relu(z) = max(0, z), with relu′(z) = H(z), the Heaviside step;
- ⁿ√z for odd n, real for z < 0 as graphing calculators draw it (∛−8 = −2, where
  SymPy's principal root is complex), with (ⁿ√z)′ = 1 / (n·ⁿ√z^(n−1));
- floor and ceil with derivative 0 (where it exists: away from the integers);
- |u| and sgn u of a real u: every formula here is real-valued (a complex value is
  plotted as a gap), so |u|′ = sgn(u)·u′ and sgn′(u) = 2δ(u)·u′ for any u, where
  SymPy's own answer for a u it cannot prove real (ln x, √x − 1) is written in
  re, im and atan2, or left as an unevaluated derivative that cannot be computed.
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
        # the argument first, to full precision: σ(cos 10¹⁰⁰) needs cos 10¹⁰⁰'s digits
        z = self.args[0].evalf(prec_to_dps(prec))
        return (1 / (1 + sympy.exp(-z))).evalf(prec_to_dps(prec))

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


class real_root(sympy.Function):  # noqa: N801 - SymPy prints the class name
    """The real n-th root of z for odd n: sign(z)·|z|^(1/n); (ⁿ√z)′ = 1/(n·ⁿ√z^(n−1))."""

    nargs = 2

    @classmethod
    def eval(cls, z: sympy.Expr, n: sympy.Expr) -> sympy.Expr | None:
        if not (n.is_Integer and n.is_odd and n > 1):
            raise ValueError("real_root takes an odd whole degree above 1")
        if z.is_nonnegative:
            return sympy.root(z, n)
        if z.is_negative and z.is_number:
            return -sympy.root(-z, n)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex != 1:
            raise sympy.ArgumentIndexError(self, argindex)
        z, n = self.args
        return 1 / (n * real_root(z, n) ** (n - 1))

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        z, n = self.args
        return (sympy.sign(z) * sympy.Abs(z) ** (sympy.S.One / n)).evalf(prec_to_dps(prec))

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        z, n = self.args
        body = rf"\sqrt[{n}]{{{printer._print(z)}}}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


class floor(sympy.floor):  # noqa: N801 - SymPy prints the class name
    """⌊z⌋, the greatest integer ≤ z; ⌊z⌋′ = 0 away from the integers."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.S.Zero


class ceiling(sympy.ceiling):  # noqa: N801 - SymPy prints the class name
    """⌈z⌉, the least integer ≥ z; ⌈z⌉′ = 0 away from the integers."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.S.Zero


class Abs(sympy.Abs):
    """|u| of a real u; |u|′ = sgn(u)·u′ (see the module text). SymPy's own Abs
    where it can prove u real: it differentiates that one the same way."""

    @classmethod
    def eval(cls, u: sympy.Expr) -> sympy.Expr | None:
        return sympy.Abs(u) if u.is_extended_real else sympy.Abs.eval(u)

    def _eval_derivative(self, x: sympy.Symbol) -> sympy.Expr:
        u = self.args[0]
        return sympy.diff(u, x) * sign(u)


class sign(sympy.sign):  # noqa: N801 - SymPy prints the class name
    """sgn u of a real u: −1, 0 or 1; sgn′(u) = 2δ(u)·u′ (see the module text). SymPy's
    own sign where it can prove u real: it differentiates that one the same way."""

    @classmethod
    def eval(cls, u: sympy.Expr) -> sympy.Expr | None:
        return sympy.sign(u) if u.is_extended_real else sympy.sign.eval(u)

    def _eval_derivative(self, x: sympy.Symbol) -> sympy.Expr:
        u = self.args[0]
        return 2 * sympy.diff(u, x) * sympy.DiracDelta(u)


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


def _cbrt(z: sympy.Expr) -> sympy.Expr:
    return real_root(z, 3)


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
    "log10": FunctionSpec(lambda z: sympy.log(z) / sympy.log(10)),
    "log2": FunctionSpec(lambda z: sympy.log(z) / sympy.log(2)),
    "sqrt": FunctionSpec(sympy.sqrt),
    "cbrt": FunctionSpec(_cbrt),
    "abs": FunctionSpec(Abs),
    "sign": FunctionSpec(sign),
    "sgn": FunctionSpec(sign),
    "floor": FunctionSpec(floor),
    "ceil": FunctionSpec(ceiling),
    "max": FunctionSpec(sympy.Max, (2, 3, 4)),
    "min": FunctionSpec(sympy.Min, (2, 3, 4)),
    "sigmoid": FunctionSpec(sigmoid),
    "σ": FunctionSpec(sigmoid),
    "relu": FunctionSpec(relu),
}


def _real(z: object) -> np.ndarray:
    """``z`` as floats; a complex value (acos 2 met on the way) is NaN unless its
    imaginary part is rounding noise."""
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return np.where(np.abs(z.imag) <= 1e-12 * np.abs(z.real), z.real, np.nan)
    return z.astype(float)


def _np_sigmoid(z: np.ndarray) -> np.ndarray:
    # e^(−|z|) never overflows; for z < 0 use the equal form e^z / (1 + e^z)
    z = _real(z)
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def _np_relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(_real(z), 0.0)


def _np_dirac(z: np.ndarray, order: int = 0) -> np.ndarray:
    # δ (and its derivatives) vanish away from 0 and are undefined at 0
    z = _real(z)
    return np.where(z == 0.0, np.nan, 0.0)


def _np_step(z: np.ndarray, middle: float) -> np.ndarray:
    # H(z) with H(0) = middle; a bool or int z (a comparison made constant) is a float
    return np.heaviside(_real(z), float(middle))


def _np_real_root(z: np.ndarray, n: int) -> np.ndarray:
    z = _real(z)
    return np.cbrt(z) if n == 3 else np.sign(z) * np.abs(z) ** (1.0 / n)


NUMPY_NAMESPACE: dict[str, Callable[..., np.ndarray]] = {
    "sigmoid": _np_sigmoid,
    "real_root": _np_real_root,
    "relu": _np_relu,
    "DiracDelta": _np_dirac,
    "heaviside": _np_step,
}
