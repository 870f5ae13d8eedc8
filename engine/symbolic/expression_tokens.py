"""Turn what people type into tokens: the first step of :func:`engine.symbolic.expressions.parse`.

This module knows the characters of hand-written mathematics:

- ``x²`` → ``x^(2)``; ``x^5`` and ``x**5`` → power; ``−``/``·``/``×``/``÷`` → ``-*/``;
- ``{…}`` groups like ``(…)`` (``e^{-x}``); ``|x|`` → ``abs(x)``; ``√x`` → ``sqrt x``;
- a leading ``y =``, ``z =``, ``f(x) =`` or ``f(x, y) =`` is dropped;
- names: the variables, e and π, the functions, Greek letters (``beta`` → β), and
  any other single letter as a parameter; anything else is refused at its column,
  with the spacing to use when it glues a function to a letter (``sinx``).

:mod:`engine.symbolic.expression_reading` then applies the reading rules (what a
function or an exponent takes) and inserts the products. Every name becomes a
placeholder (``_n3``) and every number ``_k4``, so the text handed to
:func:`ast.parse` holds nothing but placeholders, operators, parentheses and commas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from engine.symbolic.function_names import FUNCTION_ARITIES as FUNCTIONS

PARAMETER_DEFAULT = 1.0  # the value of a parameter (a, β, …) until one is given
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
_OPENING = {"(": ")", "{": "}"}
_CLOSING = {")": "(", "}": "{"}
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_LATIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# y =, z =, f(x) =, f(x, y) = at the very start: the name of what is being defined
_DEFINITION = re.compile(r"\s*([A-Za-z]\w*)\s*(?:\(([^()=]*)\))?\s*=")

VALUE_END = {"num", "var", "param", "const", ")"}
VALUE_START = {"num", "var", "param", "const", "func", "("}
ATOMS = {"var", "param", "const"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is num/var/param/const/func/op/(/)/, or | (an absolute-value
    bar, before bars are resolved); ``col`` is 1-based in the user's text and the
    token covers ``width`` characters there (0 for tokens the reader inserts)."""

    kind: str
    text: str
    col: int
    superscript: bool = False
    width: int = 1

    @property
    def end(self) -> int:
        """The column just past the token in the user's text."""
        return self.col + self.width


def tokenize(text: str, variables: Sequence[str]) -> list[Token]:
    """Tokens of ``text``, names classified, notation rewritten (see the module text);
    the reading rules are not applied yet."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula is too long (at most {MAX_LENGTH} characters)")
    body = _without_definition(text, tuple(variables))
    if not body.strip():
        raise ExpressionError("the formula is empty")
    tokens = _resolve_bars(_raw_tokens(body, tuple(variables)))
    _check_parentheses(tokens)
    return tokens


def _without_definition(text: str, variables: tuple[str, ...]) -> str:
    """``text`` with a leading ``f(x) =`` blanked out (columns stay where they were)."""
    match = _DEFINITION.match(text)
    if match is None:
        return text
    name, arguments = match.group(1), match.group(2)
    if arguments is not None:
        names = [a.strip() for a in arguments.split(",")]
        if any(a not in variables for a in names):
            raise ExpressionError(
                f"'{name}({arguments})' names other variables than {', '.join(variables)}",
                match.start(1) + 1)
    elif name in variables:
        other = "z" if len(variables) > 1 else "y"
        raise ExpressionError(f"'{name}' is a variable here: write the formula alone "
                              f"or start with {other} = or f({', '.join(variables)}) =",
                              match.start(1) + 1)
    elif len(name) > 1 and name not in GREEK_NAMES:
        return text  # 'sin = …' is not a definition; the '=' is refused below
    return " " * match.end() + text[match.end():]


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
            tokens.append(Token("op", "^", col, width=2))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", _OPERATORS[ch], col))
            i += 1
        elif ch in _OPENING or ch in _CLOSING:
            tokens.append(Token("(" if ch in _OPENING else ")", ch, col))
            i += 1
        elif ch in ",|":
            tokens.append(Token(ch, ch, col))
            i += 1
        elif ch in "√∛":
            tokens.append(Token("func", "sqrt" if ch == "√" else "cbrt", col))
            i += 1
        elif _LATIN_NAME.match(text, i):
            name = _LATIN_NAME.match(text, i).group()
            tokens.append(_name_token(name, col, variables, text[i + len(name) :]))
            i += len(name)
        elif _is_greek(ch):
            tokens.append(_name_token(ch, col, variables, text[i + 1 :]))
            i += 1
        elif ch == "=":
            raise ExpressionError("'=' only after a name at the start, as in f(x) = x^2", col)
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
        raise ExpressionError(f"number has too many digits (at most {MAX_NUMBER_CHARS})", col)
    digits = len(mantissa.split(".")[0].lstrip("0"))
    if exponent and int(exponent[1:]) + digits > MAX_DECIMAL_EXPONENT:
        raise ExpressionError(f"number too large (write less than 1e{MAX_DECIMAL_EXPONENT})",
                              col)
    if exponent and int(exponent[1:]) < -MAX_DECIMAL_EXPONENT:
        raise ExpressionError(f"number too small (1e-{MAX_DECIMAL_EXPONENT} at least, "
                              "or 0)", col)
    return Token("num", match.group(), col, width=len(match.group()))


def _superscript_tokens(run: str, col: int) -> list[Token]:
    plain = "".join(_SUPERSCRIPTS[c] for c in run)
    if not re.fullmatch(r"[+-]?[0-9]+", plain):
        raise ExpressionError("a superscript must be a whole number such as ² or ⁻¹", col)
    tokens = [Token("op", "^", col, True, 0), Token("(", "(", col, True, 0)]
    if plain[0] in "+-":
        tokens.append(Token("op", plain[0], col, True))
    digits = plain.lstrip("+-")
    tokens.append(Token("num", digits, col + len(run) - len(digits), True, len(digits)))
    tokens.append(Token(")", ")", col + len(run), True, 0))
    return tokens


def _name_token(name: str, col: int, variables: tuple[str, ...], rest: str) -> Token:
    width = len(name)
    if name in variables:
        return Token("var", name, col, width=width)
    if name in SIGMOID_NAMES:
        return Token("func", "sigmoid", col, width=width)
    if name in FUNCTIONS:
        return Token("func", name, col, width=width)
    if name in PI_NAMES:
        return Token("const", "pi", col, width=width)
    if name == "e":
        return Token("const", "E", col, width=width)
    symbol = GREEK_NAMES.get(name, name)
    if symbol in variables:
        return Token("var", symbol, col, width=width)
    if len(symbol) == 1 and ((symbol.isascii() and symbol.isalpha()) or _is_greek(symbol)):
        return Token("param", symbol, col, width=width)
    spaced = spaced_name(name)
    if spaced is not None:
        call = "(…)" if rest.lstrip().startswith("(") else ""
        raise ExpressionError(f"unknown name '{name}': write {spaced}{call}, with spaces", col)
    if rest.lstrip().startswith("("):
        raise ExpressionError(f"unknown function '{name}'", col)
    hint = ""
    if len(name) == 2 or all(c in variables for c in name):
        hint = f" (for a product write {' '.join(name)} or {'*'.join(name)})"
    raise ExpressionError(f"unknown name '{name}'{hint}", col)


def spaced_name(name: str) -> str | None:
    """``sinx`` → ``sin x``, ``xsin`` → ``x sin``, ``sin2x`` → ``sin 2x``: a name made of
    function names, single letters and numbers, spelled with the spaces that make it
    readable; None when it holds no function name."""
    parts: list[str] = []
    i = 0
    found = False
    while i < len(name):
        function = max((f for f in FUNCTIONS if name.startswith(f, i) and f.isascii()),
                       key=len, default=None)  # fmt: skip
        if function is not None:
            parts.append(function)
            i += len(function)
            found = True
        elif name[i].isdigit():
            digits = re.match(r"[0-9]+", name[i:]).group()
            parts.append(digits)
            i += len(digits)
        else:
            if parts and parts[-1].isdigit():
                parts[-1] += name[i]  # 2x stays glued: sin 2x
            else:
                parts.append(name[i])
            i += 1
    return " ".join(parts) if found else None


def _resolve_bars(tokens: list[Token]) -> list[Token]:
    """``|x|`` → ``abs(x)``. A bar closes the innermost open bar when it follows a
    value (``|x|``); otherwise it opens one (``ln|x|``, ``|x - |y||``)."""
    out: list[Token] = []
    opened: list[str] = []  # "|" for an open bar, "(" for an open parenthesis
    for token in tokens:
        previous_is_value = bool(out) and out[-1].kind in VALUE_END
        if token.kind == "|":
            if opened and opened[-1] == "|" and previous_is_value:
                opened.pop()
                out.append(Token(")", "|", token.col))
            else:
                opened.append("|")
                out.append(Token("func", "abs", token.col, width=0))
                out.append(Token("(", "|", token.col))
            continue
        if token.kind == "(":
            opened.append("(")
        elif token.kind == ")":
            if opened and opened[-1] == "|":
                raise ExpressionError("'|' is never closed before this", token.col)
            if opened:
                opened.pop()
        out.append(token)
    return out


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
                raise ExpressionError(f"unbalanced '{token.text}': no '(' to close", token.col)
            first = opened.pop()
            if first.text in _OPENING and token.text in _CLOSING and (
                    _OPENING[first.text] != token.text):
                raise ExpressionError(f"'{first.text}' at column {first.col} is closed by "
                                      f"'{token.text}'", token.col)
    if opened:
        first = opened[-1]
        what = "'|'" if first.text == "|" else f"'{first.text}'"
        raise ExpressionError(f"unbalanced {what}: it is never closed", first.col)


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
        elif token.kind in ATOMS | {"func"}:
            piece = f"_n{index}"
            placeholders[piece] = token
        elif token.text == "^":
            piece = "**"
        elif token.kind in "()":
            piece = token.kind
        else:
            piece = token.text
        parts.append(piece + " ")
        origin.extend([token.col] * (len(piece) + 1))
    return "".join(parts), origin, placeholders
