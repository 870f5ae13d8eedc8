"""The formulas that hung, froze or crashed the app (issue 14, items 1, 6, 7, 15, 16),
with the variables of the box they were typed into."""

from __future__ import annotations

X = ("x",)
XY = ("x", "y")

HOSTILE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("((x*1e100)^999)^999", X),
    ("((x×1e100)⁹⁹⁹)⁹⁹⁹", X),
    ("((y/1e100)^999)^100", XY),
    ("2^3000", X),
    ("x + 10^400", X),
    ("pi^1000", X),
    ("asin(1e100)", X),
    ("sin(10^300)", X),
    ("((10x)^999)^999", X),
    ("sin(" * 29 + "x" + ")" * 29, X),
    ("".join(f"(x+{k})" for k in range(1, 21)), X),
    ("x^x^x^x^x^x", X),
    ("+".join(["x"] * 150), X),
    ("+".join(["x"] * 120) + "+y", XY),
    ("x^(10^300)", X),
    ("(x+1)^999", X),
    ("e^(e^(e^x))", X),
    ("10^10^10", X),
    ("2^-3000", X),
    ("1e300*1e300 + x", X),
    ("1e-300/1e300 x", X),
    ("tan(" * 29 + "x" + ")" * 29, X),
    ("sin(x)^9999", X),
    ("x^(1/3)^999", X),
    ("e^1000 x", X),
    ("sqrt(-1) x", X),
    ("ln(0) + x", X),
    ("acos(2)", X),
    ("(x^999 + y^999)^999", XY),
    ("exp(exp(exp(exp(x))))", X),
    ("sigmoid(x)^999", X),
    # a step of a value 10⁻⁴³⁴²⁹⁴⁴⁸² from an integer beside x = 0: SymPy's ⌈u⌉ sought
    # its integer part for minutes (the heavy fuzz battery found it)
    ("ceil(sigmoid(x⁻¹))", X),
    ("floor(tanh(1/x))", X),
    ("(1+x)^(1+x)^(1+x)^(1+x)", X),
)
