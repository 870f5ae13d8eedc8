"""The kinds of critical point, as words (no SymPy: surfaces and tables name them too)."""

MINIMUM = "minimum"
MAXIMUM = "maximum"
SADDLE = "saddle"
INFLECTION = "inflection"  # f′ = 0 but neither a minimum nor a maximum (x³ at 0)
INCONCLUSIVE = "inconclusive"  # the second-derivative test fails (rt − s² = 0, …)
UNCLASSIFIED = "not classified"  # found, but the time ran out before any test
