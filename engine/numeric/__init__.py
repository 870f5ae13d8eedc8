"""Formulas evaluated straight to NumPy, without SymPy: the first picture's route.

Importing SymPy and building a formula with it takes about a second of a start-up.
:func:`engine.numeric.formula.read_numeric` reads the same text through the same
tokenizer, reading rules and ``ast`` whitelist as :func:`engine.symbolic.expressions.parse`,
but builds NumPy code: f, f′ and f″ (forward-mode jets, :mod:`engine.numeric.jets`) or
∇f at once.  The GUI draws its first picture from it and replaces it with the SymPy
route's results when they arrive; ``tests/engine/numeric`` checks the two routes agree.
"""
