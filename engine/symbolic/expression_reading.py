"""The reading rules: what a function, an exponent and a divisor take, made explicit.

The second step of :func:`engine.symbolic.expressions.parse`, on the tokens of
:mod:`engine.symbolic.expression_tokens`. An *implicit product* is a run of factors
written side by side (``2πx``, ``βx``, ``x y``); a factor is a number, a name, a
group ``(…)`` or a function applied, with any powers after it. The rules:

1. A function without parentheses takes the implicit product after it, up to the
   next operator or function: ``sin 2πx`` = sin(2πx), ``sigmoid βx`` = σ(βx),
   ``sin x^2`` = ``sin x^(2)`` = sin(x²), ``sin x cos x`` = sin(x)·cos(x).
2. ``sin^2 x``, ``sin²x`` and ``sin^2(x)`` are (sin x)²; ``sin^-1 x`` is refused
   (asin or 1/sin?).
3. A signed exponent takes the implicit product after its sign: ``e^-2x`` = e^(−2x),
   ``e^-x^2`` = e^(−x²), ``1/(1+e^-βx)`` is the logistic.
4. An unsigned exponent takes one factor: ``e^2x`` = e²·x; a divisor too:
   ``1/2x`` = (1/2)·x; and a function's bare argument stops at ``/``: ``ln x/2`` = ln(x)/2.

Where the other reading is also common (``e^2x``, ``1/2x``, ``sin x y``, ``ln x/2``,
``√2x``) the reader records a one-line hint saying how it read the text and how to
type the other reading.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from engine.symbolic.expression_tokens import (
    ATOMS,
    VALUE_END,
    VALUE_START,
    ExpressionError,
    Token,
    to_python,
    tokenize,
)

_FACTOR_START = ATOMS | {"num", "("}
_TRIGONOMETRIC = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh"}
_ROOTS = {"sqrt", "cbrt"}


@dataclass(frozen=True)
class ReadFormula:
    """A formula read up to Python's syntax tree, for a builder (SymPy's or NumPy's)."""

    tree: ast.Expression
    source: str
    origin: list[int]  # the column of the typed text behind each character of source
    placeholders: dict[str, Token]
    hints: tuple[str, ...]


def read_formula(text: str, variables: Sequence[str]) -> ReadFormula:
    """Tokens, reading rules and Python's parser on ``text``; ExpressionError (with the
    column where Python stopped) where it does not read."""
    if not isinstance(text, str):
        raise ExpressionError("the formula must be text")
    tokens, hints = read(tokenize(text, variables), text)
    source, origin, placeholders = to_python(tokens)
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        offset = getattr(exc, "offset", None)
        column = origin[min(offset - 1, len(origin) - 1)] if offset else None
        raise ExpressionError("cannot read the formula here", column) from None
    return ReadFormula(tree, source, origin, placeholders, hints)


def read(tokens: list[Token], text: str) -> tuple[list[Token], tuple[str, ...]]:
    """Tokens with every function argument and exponent in explicit parentheses and
    every implicit product written as ``*``, plus the hints about ambiguous forms."""
    reader = _Reader(tokens, text)
    out = reader.sequence()
    return _insert_products(out), tuple(dict.fromkeys(reader.hints))


def _opening(col: int) -> Token:
    return Token("(", "(", col, width=0)


def _closing(col: int) -> Token:
    return Token(")", ")", col, width=0)


class _Reader:
    """Recursive reading of the token list; ``i`` is the next token to read."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.i = 0
        self.hints: list[str] = []

    def _peek(self, offset: int = 0) -> Token | None:
        k = self.i + offset
        return self.tokens[k] if k < len(self.tokens) else None

    def _span(self, start: int, end: int) -> str:
        """The user's text of tokens ``start`` … ``end − 1``."""
        first, last = self.tokens[start], self.tokens[end - 1]
        return self.text[first.col - 1 : last.end - 1].strip()

    def _factor_span(self, start: int) -> str:
        """The user's text of the factor at token ``start``, read without side effects."""
        saved, hints = self.i, list(self.hints)
        self.i = start
        self.factor()
        end, self.i, self.hints = self.i, saved, hints
        return self._span(start, end)

    def _is_op(self, token: Token | None, ops: str) -> bool:
        return token is not None and token.kind == "op" and token.text in ops

    def sequence(self) -> list[Token]:
        """Tokens up to the ``)`` closing the current group (or the end)."""
        out: list[Token] = []
        term_start = self.i
        while (token := self._peek()) is not None and token.kind != ")":
            if token.kind == "," or self._is_op(token, "+-*/"):
                self.i += 1
                out.append(token)
                if token.text == "/":
                    out += self._divisor(term_start)
                elif token.text != "*":
                    term_start = self.i
                continue
            out += self.factor()
        return out

    def factor(self) -> list[Token]:
        """A number, name, group or applied function, with the powers after it."""
        start = self.i
        token = self.tokens[self.i]
        if token.kind == "func":
            out = self.function()
        elif token.kind == "(":
            out = self.group()
        else:
            # an atom; or a stray '^' or ',' that the neighbour checks refuse at its column
            self.i += 1
            out = [token]
            if token.kind not in _FACTOR_START:
                return out
        while self._is_op(self._peek(), "^"):
            out += self.exponent(start)
        return out

    def group(self) -> list[Token]:
        opening = self.tokens[self.i]
        self.i += 1
        inner = self.sequence()
        closing = self.tokens[self.i]  # parentheses were checked to balance
        self.i += 1
        return [opening, *inner, closing]

    def run(self) -> tuple[list[Token], list[tuple[int, int]]]:
        """An implicit product and its factors' token ranges; a function ends it
        (``sin x cos x``), having taken what follows it as its own argument."""
        out: list[Token] = []
        factors: list[tuple[int, int]] = []
        while (token := self._peek()) is not None and (
                token.kind in _FACTOR_START or (token.kind == "func" and not factors)):
            start = self.i
            out += self.factor()
            factors.append((start, self.i))
            if token.kind == "func":
                break
        return out, factors

    def exponent(self, base_start: int) -> list[Token]:
        caret_index = self.i
        caret = self.tokens[self.i]
        self.i += 1
        following = self._peek()
        if caret.superscript or following is None:
            return [caret, *(self.group() if caret.superscript else [])]
        if self._is_op(following, "+-"):
            self.i += 1
            run, factors = self.run()
            self._hint_product(f"{self._span(base_start, caret_index)}^({following.text}",
                               factors, ")", spaced=True)
            return [caret, _opening(following.col), following, *run, _closing(following.col)]
        if following.kind == "(":
            return [caret, *self.group()]
        if following.kind == "func":
            return [caret, *self.function()]
        if following.kind in ATOMS | {"num"}:
            self.i += 1
            after = self._peek()
            if after is not None and after.kind in VALUE_START and after.col == following.end:
                base = self._span(base_start, caret_index)
                rest = self._factor_span(self.i)
                self.hints.append(f"read as {base}^{following.text}·{rest} — type "
                                  f"{base}^({self._span(caret_index + 1, self.i)}{rest}) "
                                  f"for the other reading")
            return [caret, following]
        return [caret]

    def _divisor(self, term_start: int) -> list[Token]:
        slash_index = self.i - 1
        start = self.i
        if self._peek() is None or self._peek().kind not in _FACTOR_START | {"func"}:
            return []
        out = self.factor()
        after = self._peek()
        if after is not None and after.kind in VALUE_START:
            top = self._span(term_start, slash_index)
            bottom = self._span(start, self.i)
            rest = self._factor_span(self.i)
            self.hints.append(f"read as ({top}/{bottom})·{rest} — type {top}/({bottom}{rest}) "
                              f"for the other reading")
        return out

    def function(self) -> list[Token]:
        func = self.tokens[self.i]
        name = self.text[func.col - 1 : func.end - 1] or func.text
        self.i += 1
        power = self._function_power(func, name)
        following = self._peek()
        if following is not None and following.kind == "(":
            call = [func, *self.group()]
        else:
            sign = [following] if self._is_op(following, "+-") else []
            self.i += len(sign)
            run, factors = self.run()
            if not run:
                raise ExpressionError(f"'{name}' needs an argument, e.g. {name}(x)", func.col)
            call = [func, _opening(func.col), *sign, *run, _closing(func.col)]
            prefix = f"{name}({sign[0].text if sign else ''}"
            self._hint_product(prefix, factors, ")", root=func.text in _ROOTS)
            if self._is_op(self._peek(), "/") and self.i + 1 < len(self.tokens):
                argument = self._span(factors[0][0], factors[-1][1])
                divisor = self._factor_span(self.i + 1)
                self.hints.append(f"read as {prefix}{argument})/{divisor} — type "
                                  f"{prefix}{argument}/{divisor}) for the other reading")
        if power:
            return [_opening(func.col), *call, _closing(func.col), *power]
        return call

    def _function_power(self, func: Token, name: str) -> list[Token]:
        """``sin^2 x``, ``sin²x``: the power written between a function and its argument."""
        caret = self._peek()
        if not self._is_op(caret, "^"):
            return []
        self.i += 1
        if caret.superscript:
            group = self.group()
            if not any(self._is_op(t, "+-") for t in group):
                return [caret, *group]
        elif (n := self._peek()) is not None and n.kind == "num" and n.text.isdigit():
            self.i += 1
            return [caret, _opening(n.col), n, _closing(n.col)]
        elif not self._is_op(self._peek(), "+-"):
            raise ExpressionError(f"write a power of {name} as {name}^2 x or ({name} x)^…",
                                  caret.col)
        inverse = f"a{func.text}(x) or " if func.text in _TRIGONOMETRIC else ""
        raise ExpressionError(f"{name}^-1 could mean the inverse function or 1/{name}: "
                              f"type {inverse}1/{name}(x)", caret.col)

    def _hint_product(self, prefix: str, factors: list[tuple[int, int]], suffix: str,
                      root: bool = False, spaced: bool = False) -> None:
        """Hint when an implicit product taken whole could end sooner: after a factor
        holding a variable (``sin x y``), anywhere under a root (``√2x``), or, in an
        exponent, at a space (``2^-1 x``)."""
        if len(factors) < 2:
            return
        split = next((k for k, (a, b) in enumerate(factors[:-1])
                      if any(t.kind == "var" for t in self.tokens[a:b])), None)  # fmt: skip
        if split is None and spaced:
            split = next((k for k, (_, b) in enumerate(factors[:-1])
                          if self.tokens[b].col > self.tokens[b - 1].end), None)  # fmt: skip
        if split is None and root:
            split = 0
        if split is None:
            return
        head = self._span(factors[0][0], factors[split][1])
        tail = self._span(factors[split + 1][0], factors[-1][1])
        self.hints.append(f"read as {prefix}{head}·{tail}{suffix} — type "
                          f"{prefix}{head}{suffix}·{tail} for the other reading")


def _insert_products(tokens: list[Token]) -> list[Token]:
    """Insert the ``*`` of implicit multiplication and refuse impossible neighbours."""
    _check_edges(tokens)
    out = [tokens[0]]
    for a, b in itertools.pairwise(tokens):
        if a.kind in VALUE_END and b.kind in VALUE_START:
            if a.kind == "num" and b.kind == "num":
                raise ExpressionError("two numbers in a row", b.col)
            out.append(Token("op", "*", b.col, width=0))
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
