"""The names a formula may call and how many arguments each takes, without SymPy.

The tokenizer (:mod:`engine.symbolic.expression_tokens`) and the NumPy route
(:mod:`engine.numeric.formula`) need only the names; what each one means is built in
:mod:`engine.symbolic.expression_functions` (SymPy) and :mod:`engine.numeric.jets`
(NumPy), which both cover exactly these names (``tests/engine/numeric``).
"""

from __future__ import annotations

ONE = (1,)

#: name → the argument counts it accepts
FUNCTION_ARITIES: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(("sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan",
                     "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "exp", "ln",
                     "log10", "log2", "sqrt", "cbrt", "abs", "sign", "sgn", "floor",
                     "ceil", "sigmoid", "σ", "relu"), ONE),
    "log": (1, 2),
    "max": (2, 3, 4),
    "min": (2, 3, 4),
}  # fmt: skip
