"""The ``ast`` whitelist that builds a SymPy expression, with every size bounded first.

:class:`Builder` walks the tree :func:`ast.parse` made of placeholders and
operators (see :mod:`engine.symbolic.expressions`) and refuses any node type it
does not know. SymPy cannot be interrupted once a call starts, so each operation
is checked *before* SymPy carries it out:

- a power bᵉ with a numeric exponent: log₁₀|bᵉ| = e·log₁₀|b| must stay within
  ±:data:`MAX_MAGNITUDE` (a float's range, so the result can be plotted) and the
  exact digits within :data:`MAX_DIGITS`; with a symbolic base, |e| times the
  largest exponent SymPy merges it with ((x³)⁵ = x¹⁵) stays within
  :data:`MAX_SYMBOLIC_EXPONENT`, and the coefficients SymPy distributes it over
  ((10x)⁹⁹⁹ = 10⁹⁹⁹x⁹⁹⁹) within the same magnitude;
- every constant made (2³⁰⁰⁰, π¹⁰⁰⁰, asin(10¹⁰⁰), √−1) is real and within 10^±308,
  and so is the numeric factor of every product and term;
- chains of + − and of · / are built flat, so a sum of 200 terms is not "nested"
  and only real nesting counts against :data:`MAX_TREE_DEPTH`.
"""

from __future__ import annotations

import ast
import math

import sympy

from engine.symbolic.expression_functions import FUNCTIONS, real_root
from engine.symbolic.expression_tokens import ExpressionError, Token

MAX_DIGITS = 3000  # refuse exact numbers whose numerator or denominator would be longer
MAX_MAGNITUDE = 308  # |constant| ≤ 10^308 (a float's range) and ≥ 10^−308 unless 0
MAX_SYMBOLIC_EXPONENT = 1000
MAX_TREE_DEPTH = 100

_CONSTANTS = {"E": sympy.E, "pi": sympy.pi}
_ADDITIVE = (ast.Add, ast.Sub)
_MULTIPLICATIVE = (ast.Mult, ast.Div)


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol used for variable or parameter ``name`` (real-valued)."""
    return sympy.Symbol(name, real=True)


class Builder:
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
            raise ExpressionError(f"the formula is nested too deeply (more than "
                                  f"{MAX_TREE_DEPTH} levels)", self.column(node))
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, (*_ADDITIVE, *_MULTIPLICATIVE)):
                return self._chain(node, depth)
            if isinstance(node.op, ast.Pow):
                base = self.build(node.left, depth + 1)
                exponent = self.build(node.right, depth + 1)
                col = self._operator_column(node)
                return checked(power(base, exponent, col), col)
            raise ExpressionError("this operator is not allowed", self.column(node))
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

    def _chain(self, node: ast.BinOp, depth: int) -> sympy.Expr:
        """a ± b ± c … or a · b / c …, built flat: only the operands add depth."""
        family = _ADDITIVE if isinstance(node.op, _ADDITIVE) else _MULTIPLICATIVE
        links: list[ast.BinOp] = []
        head: ast.AST = node
        while isinstance(head, ast.BinOp) and isinstance(head.op, family):
            links.append(head)
            head = head.left
        result = self.build(head, depth + 1)
        for link in reversed(links):
            right = self.build(link.right, depth + 1)
            col = self._operator_column(link)
            if isinstance(link.op, ast.Add):
                result = result + right
            elif isinstance(link.op, ast.Sub):
                result = result - right
            elif isinstance(link.op, ast.Mult):
                result = result * right
            else:
                if right.is_zero:
                    raise ExpressionError("division by zero", col)
                result = result / right
            result = checked(result, col)
        return result

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
        return checked(spec.build(*args), token.col, f"{token.text}(…)")

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


def log10_magnitude(value: sympy.Expr) -> float:
    """log₁₀|value| of a numeric SymPy value (−∞ for 0, ∞ when beyond evaluation)."""
    if value.is_Rational:
        if value.p == 0:
            return -math.inf
        # exact ints of any size: log10 of the leading bits plus the bits dropped
        return _log10_int(abs(value.p)) - _log10_int(value.q)
    try:
        magnitude = abs(sympy.N(value, 15))
        if magnitude.is_zero:
            return -math.inf
        if not magnitude.is_finite:
            return math.inf
        return float(sympy.log(magnitude, 10).evalf(15))
    except (OverflowError, ValueError, TypeError):
        # mpmath gives up on magnitudes like e^(e^(e^1000)): far too large anyway
        return math.inf


def _log10_int(n: int) -> float:
    shift = max(n.bit_length() - 64, 0)
    return math.log10(n >> shift) + shift * math.log10(2)


def _digits(value: sympy.Rational) -> float:
    """Decimal digits of the larger of numerator and denominator."""
    return max(_log10_int(max(abs(value.p), 1)), _log10_int(value.q))


def _is_real(value: sympy.Expr) -> bool:
    if value.is_extended_real:
        return True
    try:
        imaginary = sympy.N(sympy.im(value), 15)
        real = sympy.N(sympy.re(value), 15)
        return bool(abs(imaginary) <= 1e-12 * max(abs(real), 1))
    except (OverflowError, ValueError, TypeError):
        return False


def _merged_exponent(base: sympy.Expr) -> float:
    """The largest exponent SymPy multiplies a numeric power of ``base`` into:
    (x³)ᵉ = x³ᵉ, (x³y²)ᵉ = x³ᵉy²ᵉ; 1 for a sum or function, which stay whole."""
    if base.is_Pow and base.exp.is_number:
        return abs(float(base.exp.evalf(15))) if base.exp.is_extended_real else 1.0
    if base.is_Mul:
        return max(_merged_exponent(a) for a in base.args)
    return 1.0


def power(base: sympy.Expr, exponent: sympy.Expr, col: int | None) -> sympy.Expr:
    """baseᵉˣᵖᵒⁿᵉⁿᵗ, refusing what is too big to compute before SymPy tries to;
    an odd root of a base that may be negative is the real root (∛−8 = −2)."""
    if not (exponent.is_number and exponent.is_extended_real):
        return sympy.Pow(base, exponent)
    e = float(exponent.evalf(15))
    if base.is_number:
        if base.is_zero and e < 0:
            raise ExpressionError("division by zero (0 to a negative power)", col)
        _check_magnitude(e * log10_magnitude(base), col, "number")
        if base.is_Rational and abs(e) * max(_digits(base), 1.0) > MAX_DIGITS:
            raise ExpressionError(f"number too large (more than {MAX_DIGITS} digits)", col)
    else:
        if abs(e) * _merged_exponent(base) > MAX_SYMBOLIC_EXPONENT:
            raise ExpressionError(f"exponent too large (at most {MAX_SYMBOLIC_EXPONENT})", col)
        if base.is_Mul and e.is_integer():
            coefficient = sympy.Mul(*(a for a in base.args if a.is_number))
            if not coefficient.is_zero:
                _check_magnitude(e * log10_magnitude(coefficient), col, "coefficient")
    if exponent.is_Rational and exponent.q % 2 == 1 and exponent.q > 1 and not (
            base.is_nonnegative):
        return real_root(base, exponent.q) ** exponent.p
    return sympy.Pow(base, exponent)


def _check_magnitude(log10: float, col: int | None, what: str) -> None:
    if log10 > MAX_MAGNITUDE:
        raise ExpressionError(f"{what} too large (beyond 10^{MAX_MAGNITUDE}, the largest "
                              "a computer's floating-point number can hold)", col)
    if log10 < -MAX_MAGNITUDE:
        raise ExpressionError(f"{what} too small (below 10^-{MAX_MAGNITUDE}, the smallest "
                              "a computer's floating-point number can hold)", col)


def _numeric_factors(result: sympy.Expr) -> list[sympy.Expr]:
    """The constants a plot of ``result`` multiplies or adds: the numeric factor of a
    product, and of each term of a sum."""
    terms = result.args if result.is_Add else (result,)
    factors = []
    for term in terms:
        if term.is_number:
            factors.append(term)
        elif term.is_Mul:
            numeric = [a for a in term.args if a.is_number]
            if numeric:
                factors.append(sympy.Mul(*numeric))
    return factors


def checked(result: sympy.Expr, col: int | None, what: str = "this") -> sympy.Expr:
    """``result`` if it can be plotted: defined, real where constant, and with every
    constant within 10^±308; else :class:`ExpressionError` at ``col`` (``what`` names
    the call that made it, for the message)."""
    if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError("undefined value (division by zero?)", col)
    for constant in _numeric_factors(result):
        if constant.is_Rational and _digits(constant) > MAX_DIGITS:
            raise ExpressionError(f"number too large (more than {MAX_DIGITS} digits)", col)
        magnitude = log10_magnitude(constant)
        if magnitude != -math.inf:
            _check_magnitude(magnitude, col, "number")
        if not _is_real(constant):
            raise ExpressionError(f"{what} is not a real number here (√ of a negative "
                                  "number? asin or acos outside −1…1?)", col)
    return result
