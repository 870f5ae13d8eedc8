"""Turn what people type into a token stream Python's own parser can read safely.

This is the first half of :func:`engine.symbolic.expressions.parse`. It knows the
notation of hand-written mathematics and rewrites it into plain operator
syntax:

- ``x²`` → ``x^(2)``, ``x^5`` and ``x**5`` → power, ``−``/``·``/``×``/``÷`` → ``-*/``;
- implicit multiplication: ``2x``, ``x y``, ``2(x+1)``, ``(x+1)(x-1)``, ``a(x+1)``;
- a function name followed by a simple atom takes it as its argument:
  ``cos x`` → ``cos(x)``, ``sin 2x`` → ``sin(2x)``, ``sin x²`` → ``sin(x²)``.

Every name becomes a placeholder (``_n3``) and every number ``_k4``, so the text
handed to :func:`ast.parse` contains nothing but placeholders, operators,
parentheses and commas: no user text ever reaches Python's parser verbatim.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from engine.symbolic.expression_functions import FUNCTIONS

MAX_LENGTH = 500
MAX_NESTING = 30
MAX_NUMBER_CHARS = 40
MAX_DECIMAL_EXPONENT = 300


class ExpressionError(ValueError):
    """A formula that cannot be read; ``column`` is 1-based in the user's text."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        self.reason = message
        super().__init__(message if column is None else f"{message} (column {column})")


GREEK_NAMES = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "rho": "ρ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}  # fmt: skip
SIGMOID_NAMES = {"σ", "sigma", "sigmoid"}
PI_NAMES = {"pi", "π"}

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
    "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}  # fmt: skip
_OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "·": "*", "⋅": "*", "×": "*",
              "/": "/", "÷": "/", "^": "^"}  # fmt: skip
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_LATIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_VALUE_END = {"num", "var", "param", "const", ")"}
_VALUE_START = {"num", "var", "param", "const", "func", "("}
_ATOMS = {"var", "param", "const"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is num/var/param/const/func/op/(/)/, ; ``col`` 1-based."""

    kind: str
    text: str
    col: int
    superscript: bool = False


def tokenize(text: str, variables: Sequence[str]) -> list[Token]:
    """Tokens of ``text`` with names classified and notation rewritten (see module doc)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula is too long (at most {MAX_LENGTH} characters)")
    if not text.strip():
        raise ExpressionError("the formula is empty")
    tokens = _raw_tokens(text, tuple(variables))
    _check_parentheses(tokens)
    tokens = _wrap_bare_arguments(tokens)
    return _insert_products(tokens)


def _raw_tokens(text: str, variables: tuple[str, ...]) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif _is_digit(ch) or (ch == "." and _is_digit(text[i + 1 : i + 2])):
            match = _NUMBER.match(text, i)
            assert match is not None  # a digit, or a dot then a digit, always matches
            tokens.append(_number_token(match, col))
            i = match.end()
        elif ch in _SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in _SUPERSCRIPTS:
                j += 1
            tokens.extend(_superscript_tokens(text[i:j], col))
            i = j
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", col))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", _OPERATORS[ch], col))
            i += 1
        elif ch in "(),":
            tokens.append(Token(ch, ch, col))
            i += 1
        elif _LATIN_NAME.match(text, i):
            name = _LATIN_NAME.match(text, i).group()
            tokens.append(_name_token(name, col, variables, text[i + len(name) :]))
            i += len(name)
        elif _is_greek(ch):
            tokens.append(_name_token(ch, col, variables, text[i + 1 :]))
            i += 1
        else:
            raise ExpressionError(f"unexpected character {ch!r}", col)
    return tokens


def _is_digit(ch: str) -> bool:
    return len(ch) == 1 and ch in "0123456789"


def _is_greek(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("GREEK")


def _number_token(match: re.Match[str], col: int) -> Token:
    mantissa, exponent = match.group(1), match.group(2)
    if len(match.group()) > MAX_NUMBER_CHARS:
        raise ExpressionError("number has too many digits", col)
    digits = len(mantissa.split(".")[0].lstrip("0"))
    if exponent and int(exponent[1:]) + digits > MAX_DECIMAL_EXPONENT:
        raise ExpressionError("number too large", col)
    if exponent and int(exponent[1:]) < -MAX_DECIMAL_EXPONENT:
        raise ExpressionError("number too small", col)
    return Token("num", match.group(), col)


def _superscript_tokens(run: str, col: int) -> list[Token]:
    plain = "".join(_SUPERSCRIPTS[c] for c in run)
    if not re.fullmatch(r"[+-]?[0-9]+", plain):
        raise ExpressionError("a superscript must be a whole number such as ² or ⁻¹", col)
    tokens = [Token("op", "^", col, True), Token("(", "(", col, True)]
    if plain[0] in "+-":
        tokens.append(Token("op", plain[0], col, True))
    tokens.append(Token("num", plain.lstrip("+-"), col, True))
    tokens.append(Token(")", ")", col + len(run) - 1, True))
    return tokens


def _name_token(name: str, col: int, variables: tuple[str, ...], rest: str) -> Token:
    if name in variables:
        return Token("var", name, col)
    if name in SIGMOID_NAMES:
        return Token("func", "sigmoid", col)
    if name in FUNCTIONS:
        return Token("func", name, col)
    if name in PI_NAMES:
        return Token("const", "pi", col)
    if name == "e":
        return Token("const", "E", col)
    symbol = GREEK_NAMES.get(name, name)
    if symbol in variables:
        return Token("var", symbol, col)
    if len(symbol) == 1 and ((symbol.isascii() and symbol.isalpha()) or _is_greek(symbol)):
        return Token("param", symbol, col)
    if rest.lstrip().startswith("("):
        raise ExpressionError(f"unknown function '{name}'", col)
    hint = ""
    if len(name) == 2 or all(c in variables for c in name):
        hint = f" (for a product write {' '.join(name)} or {'*'.join(name)})"
    raise ExpressionError(f"unknown name '{name}'{hint}", col)


def _check_parentheses(tokens: list[Token]) -> None:
    opened: list[Token] = []
    for token in tokens:
        if token.kind == "(":
            opened.append(token)
            if len(opened) > MAX_NESTING:
                raise ExpressionError(
                    f"parentheses nested too deeply (at most {MAX_NESTING})", token.col
                )
        elif token.kind == ")":
            if not opened:
                raise ExpressionError("unbalanced ')': no '(' to close", token.col)
            opened.pop()
    if opened:
        raise ExpressionError("unbalanced '(': it is never closed", opened[-1].col)


def _wrap_bare_arguments(tokens: list[Token]) -> list[Token]:
    """``cos x`` → ``cos(x)``: a function followed by a simple atom takes it as argument."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        i += 1
        if token.kind != "func" or (i < len(tokens) and tokens[i].kind == "("):
            continue
        end = _bare_argument_end(tokens, i)
        if end == i:
            raise ExpressionError(f"'{token.text}' needs an argument, e.g. {token.text}(x)",
                                  token.col)
        out.append(Token("(", "(", token.col))
        out.extend(_wrap_bare_arguments(tokens[i:end]))
        out.append(Token(")", ")", tokens[end - 1].col))
        i = end
    return out


def _bare_argument_end(tokens: list[Token], start: int) -> int:
    """End of the simple atom at ``start``: [number][name][^atom | superscript], or f(atom)."""
    n = len(tokens)
    if start < n and tokens[start].kind == "func":
        if start + 1 < n and tokens[start + 1].kind == "(":
            return _matching_parenthesis(tokens, start + 1) + 1
        inner = _bare_argument_end(tokens, start + 1)
        return start if inner == start + 1 else inner
    j = start
    if j < n and tokens[j].kind == "num":
        j += 1
    if j < n and tokens[j].kind in _ATOMS:
        j += 1
    if j == start or j >= n or tokens[j].text != "^":
        return j
    if tokens[j].superscript:
        return _matching_parenthesis(tokens, j + 1) + 1
    if j + 1 < n and tokens[j + 1].kind in _ATOMS | {"num"}:
        return j + 2
    return j


def _matching_parenthesis(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[k].kind, 0)
        if depth == 0:
            return k
    raise ExpressionError("unbalanced '(': it is never closed", tokens[open_index].col)


def _insert_products(tokens: list[Token]) -> list[Token]:
    """Insert the ``*`` of implicit multiplication and refuse impossible neighbours."""
    _check_edges(tokens)
    out = [tokens[0]]
    for a, b in itertools.pairwise(tokens):
        if a.kind in _VALUE_END and b.kind in _VALUE_START:
            if a.kind == "num" and b.kind == "num":
                raise ExpressionError("two numbers in a row", b.col)
            out.append(Token("op", "*", b.col))
        else:
            _check_neighbours(a, b)
        out.append(b)
    return out


def _check_edges(tokens: list[Token]) -> None:
    first, last = tokens[0], tokens[-1]
    if first.kind == "," or (first.kind == "op" and first.text in "*/^"):
        raise ExpressionError(f"the formula cannot start with '{first.text}'", first.col)
    if last.kind in {"op", ","}:
        raise ExpressionError(f"something is missing after '{last.text}'", last.col)


def _check_neighbours(a: Token, b: Token) -> None:
    if a.kind == "func" and b.kind != "(":
        raise ExpressionError(f"'{a.text}' needs an argument, e.g. {a.text}(x)", a.col)
    if a.kind == "(" and b.kind == ")":
        raise ExpressionError("empty parentheses", b.col)
    binary_next = b.kind in {")", ","} or (b.kind == "op" and b.text in "*/^")
    if a.kind in {"op", "(", ","} and binary_next:
        raise ExpressionError(f"'{b.text}' cannot follow '{a.text}'", b.col)


def to_python(tokens: list[Token]) -> tuple[str, list[int], dict[str, Token]]:
    """Source text for :func:`ast.parse`, the user column of each of its characters,
    and the token behind each placeholder name."""
    parts: list[str] = []
    origin: list[int] = []
    placeholders: dict[str, Token] = {}
    for index, token in enumerate(tokens):
        if token.kind == "num":
            piece = f"_k{index}"
            placeholders[piece] = token
        elif token.kind in _ATOMS | {"func"}:
            piece = f"_n{index}"
            placeholders[piece] = token
        elif token.text == "^":
            piece = "**"
        else:
            piece = token.text
        parts.append(piece + " ")
        origin.extend([token.col] * (len(piece) + 1))
    return "".join(parts), origin, placeholders
