"""Critical points of f(x) on [lo, hi]: solve f′(x) = 0, classify by f″ (or higher).

f′ a product of powers of small polynomials with rational coefficients
(200(x + 1)¹⁹⁹, 5x⁴): exact real roots of each factor (SymPy ``real_roots``).
Anything else: sample f′ finely, bracket sign changes and refine them with
Brent's method, and catch roots where f′ touches 0 without changing sign
(x³ at 0) by minimising |f′| around local minima of the samples.

The search stops at its :class:`~engine.symbolic.budget.Deadline` and says so in the note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import ModuleType

import numpy as np
import sympy

from engine.symbolic.budget import Deadline, TooComplexError, degree_bound
from engine.symbolic.exact_roots import recognise
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.extrema import global_extrema
from engine.symbolic.kinks import kink_arguments
from engine.symbolic.nonsmooth_1d import merge_special
from engine.symbolic.special_points import special_points
from engine.symbolic.stationary import (
    INCONCLUSIVE,
    INFLECTION,
    MAXIMUM,
    MINIMUM,
    UNCLASSIFIED,
    CriticalPoint,
    CriticalPoints,
    Extremum,
    drop_undefined,
    exact_plain,
    out_of_time,
)
from engine.symbolic.symbolic_derivative import derivative

SAMPLES = 2001
MAX_POLY_DEGREE = 20
MAX_ROOTS = 200
ZOOM = 301  # samples across two coarse steps around a sign change
MAX_ZOOMS = 60
MAX_TEST_ORDER = 8
SIGN_TEST_STEPS = ("1/1000", "1/100000")  # h, times max(1, |x₀|)
_ORDER_NAMES = {2: "f''", 3: "f'''"}
Root = tuple[float, sympy.Expr | None]


def optimize() -> ModuleType:
    """scipy.optimize, imported on first use: it costs half a second, and the GUI
    imports this module at start-up while only the critical-point job needs it."""
    import scipy.optimize

    return scipy.optimize


def critical_points_1d(
    expr: Expression,
    domain: tuple[float, float],
    params: Mapping[str, float] | None = None,
    deadline: Deadline | None = None,
) -> CriticalPoints:
    """Solutions of f′(x) = 0 in [lo, hi], classified, with the extrema of f over [lo, hi]."""
    lo, hi = domain
    if not lo < hi:
        raise ValueError("the domain needs lo < hi")
    deadline = deadline or Deadline()
    var = expr.variables[0]
    f = Expression(expr.text, expr.substitute(params), expr.variables)
    fp = derivative(f, var)
    xs = np.linspace(lo, hi, SAMPLES)
    if fp.sympy.is_zero and not kink_arguments(f.sympy, symbol(var)):  # floor′ = 0 too
        value = float(f(np.asarray(lo)))
        flat = Extremum((lo,), value, "endpoint")
        return CriticalPoints((), flat, flat, isolated=False,
                              note="f is constant: every point is critical", curve=sympy.S.Zero)
    found = _factor_roots(fp.sympy, symbol(var), lo, hi)
    notes = []
    if found is None:
        roots, complete, flats = _numeric_roots(fp, xs, deadline)
        found = [(r, None if deadline.expired else recognise(r, fp.sympy, symbol(var)))
                 for r in roots]  # fmt: skip
        if not complete:
            notes.append(f"only the first {MAX_ROOTS} critical points are listed")
        for a, b in flats:
            if _vanishes_at(fp.sympy, symbol(var), (a + b) / 2):
                notes.append(f"f′ = 0 on the whole interval [{a:.4g}, {b:.4g}]")
            else:
                notes.append(f"f′ is too small for floating point to tell from 0 on "
                             f"[{a:.4g}, {b:.4g}]: a critical point there may be missed")
    found = _with_stationary_ends(found, fp, lo, hi)
    points = []
    for x0, exact in found:
        if deadline.expired:  # found but not classified: still listed, and said so
            value = float(f(np.asarray(x0)))
            points.append(CriticalPoint((x0,), value, UNCLASSIFIED, {},
                                        "out of time before the second-derivative test",
                                        None if exact is None else (exact,)))
            continue
        points.append(_classify(f, var, x0, exact, deadline))
    specials, complete = special_points(f, lo, hi, xs, deadline)
    points = merge_special(f, points, specials, hi - lo)
    points, dropped = drop_undefined(points, ())
    if dropped:
        notes.append(dropped.replace("∇f = 0", "f′ = 0"))
    if not complete:
        notes.append("f has too many possible corners, jumps or poles here (or varies too "
                     "fast between samples) to examine them all: "
                     "critical points among them may be missing")
    if deadline.expired:
        notes.insert(0, out_of_time(len(points)))
    low, high = global_extrema(f, points, specials, xs)
    isolated = not any(n.startswith("f′ = 0") for n in notes)
    complete = complete and not deadline.expired and not any(
        n.startswith(("only the first", "f′ is too small")) for n in notes)
    return CriticalPoints(tuple(points), low, high, isolated=isolated, note="; ".join(notes),
                          complete=complete)


def _with_stationary_ends(found: list[Root], fp: Expression, lo: float, hi: float) -> list[Root]:
    """Add lo or hi when f′ vanishes there (cos πx at ±1): a root at the very end of the
    sampled range shows no sign change to bracket."""
    known = [x for x, _ in found]
    ends = []
    step = (hi - lo) / (SAMPLES - 1)
    g = fp(np.array([lo, hi, lo + step, hi - step]))
    scale = max(1.0, float(np.nanmax(np.abs(fp(np.linspace(lo, hi, 101))), initial=1.0)))
    for x, value, inner in zip((lo, hi), g[:2], g[2:], strict=True):
        # f′ = 0 at the end but not just inside (not a flat stretch such as relu's)
        if (abs(value) <= 1e-9 * scale and abs(inner) > 1e-9 * scale
                and all(abs(x - k) > 1e-9 * (hi - lo) for k in known)):
            ends.append((x, None))
    return sorted(found + ends, key=lambda r: r[0])


def _small_polynomial(u: sympy.Expr, x: sympy.Symbol) -> sympy.Poly | None:
    """``u`` as a Poly when it is one of degree ≤ MAX_POLY_DEGREE over ℚ (the degree is
    bounded on the tree first: ``Poly`` would expand (x + 1)²⁰⁰ before saying no)."""
    if degree_bound(u) > MAX_POLY_DEGREE or not u.is_polynomial(x):
        return None
    poly = sympy.Poly(u, x)
    return poly if poly.domain.is_ZZ or poly.domain.is_QQ else None


def _factor_roots(fp: sympy.Expr, x: sympy.Symbol, lo: float, hi: float) -> list[Root] | None:
    """Exact roots of f′ = c·p₁^k₁·p₂^k₂·… with small polynomials pᵢ: the real roots in
    [lo, hi] of the pᵢ with kᵢ > 0 where no pⱼ with kⱼ < 0 (a pole) vanishes; None when
    f′ is not of that form."""
    numerator, denominator = [], []
    for factor in sympy.Mul.make_args(fp):
        if not factor.has(x):
            continue
        base, exponent = factor.as_base_exp()
        poly = _small_polynomial(base, x) if exponent.is_Integer else None
        if poly is None:
            return None
        (numerator if exponent > 0 else denominator).append(poly)
    roots = {r for poly in numerator for r in poly.real_roots()}
    found = []
    for root in sorted(roots, key=lambda r: float(r.evalf(30))):
        value = float(root.evalf(30))
        if lo <= value <= hi and not any(p(root).is_zero for p in denominator):
            found.append((value, None if isinstance(root, sympy.CRootOf) else root))
    return found


def _vanishes_at(fp: sympy.Expr, x: sympy.Symbol, x0: float) -> bool:
    """Whether f′(x0) = 0 in exact arithmetic, where floating point has underflowed
    (200(x + 1)¹⁹⁹ near −1 is 0.0 in float64 but not 0)."""
    value = fp.subs(x, sympy.Rational(x0)).evalf(20)
    return value.is_zero is True  # not via float(): that underflows to 0 again


def _zero_runs(zero: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) indices of runs of at least 3 consecutive True samples."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], zero.astype(np.int8), [0]])))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)
            if b - a >= 3]  # fmt: skip


def _numeric_roots(
    fp: Expression, xs: np.ndarray, deadline: Deadline
) -> tuple[list[float], bool, list[tuple[float, float]]]:
    """Roots of f′ among the samples ``xs``; False when there were too many to list;
    intervals where f′ is identically 0 (relu left of 0)."""
    g = fp(xs)
    finite = np.isfinite(g)
    if not finite.any():
        return [], True, []
    scale = max(1.0, float(np.median(np.abs(g[finite]))))

    def fp_at(t: float) -> float:
        return float(fp(np.asarray(t)))

    zero = g == 0.0
    runs = _zero_runs(zero)
    for first, last in runs:
        zero[first : last + 1] = False
    candidates = list(xs[zero])
    sign_change = finite[:-1] & finite[1:] & (np.sign(g[:-1]) * np.sign(g[1:]) < 0)
    for i in np.flatnonzero(sign_change)[: MAX_ROOTS + 1]:
        if deadline.expired:
            break
        try:
            candidates.append(optimize().brentq(fp_at, xs[i], xs[i + 1], xtol=1e-15, maxiter=200))
        except (ValueError, RuntimeError):
            continue  # f′ undefined inside the bracket, or no convergence: not a root we trust
    candidates += _zoomed_roots(fp_at, fp, xs, np.flatnonzero(sign_change), deadline)
    a = np.where(finite, np.abs(g), np.inf)
    dips = (a[1:-1] <= a[:-2]) & (a[1:-1] <= a[2:]) & (a[1:-1] > 0)
    dips &= ~(sign_change[:-1] | sign_change[1:])
    for i in np.flatnonzero(dips)[: MAX_ROOTS + 1] + 1:
        if deadline.expired:
            break
        best = optimize().minimize_scalar(lambda t: abs(fp_at(t)), bounds=(xs[i - 1], xs[i + 1]),
                               method="bounded", options={"xatol": 1e-14})  # fmt: skip
        candidates.append(float(best.x))
    # a sign change across a pole (1/x² at 0) is not a root: f′ must really vanish
    roots = sorted(c for c in candidates if abs(fp_at(c)) <= 1e-7 * scale)
    unique: list[float] = []
    width = xs[-1] - xs[0]
    roots = [0.0 if abs(r) < 1e-12 * width else r for r in roots]  # 8e-18 is 0 for a reader
    for r in roots:
        if not unique or r - unique[-1] > 1e-7 * width:
            unique.append(float(r))
    flats = [(float(xs[a]), float(xs[b])) for a, b in runs]
    return unique[:MAX_ROOTS], len(unique) <= MAX_ROOTS, flats


def _zoomed_roots(
    fp_at: object, fp: Expression, xs: np.ndarray, near: np.ndarray, deadline: Deadline
) -> list[float]:
    """Roots closer together than the sampling step: around each sign change, f′ is
    sampled :data:`ZOOM` times finer over the two neighbouring steps, and every sign
    change there is refined (e^x(x − 1.0003)²(x − 1.0011)² has three roots within
    one step of 0.001: only one of them changes the sign between the coarse samples)."""
    found = []
    for i in near[:MAX_ZOOMS]:
        if deadline.expired:
            break
        fine = np.linspace(xs[max(i - 1, 0)], xs[min(i + 2, len(xs) - 1)], ZOOM)
        g = fp(fine)
        change = np.isfinite(g[:-1]) & np.isfinite(g[1:]) & (np.sign(g[:-1]) * np.sign(g[1:]) < 0)
        found += list(fine[g == 0])
        for k in np.flatnonzero(change):
            try:
                found.append(optimize().brentq(fp_at, fine[k], fine[k + 1], xtol=1e-15,
                                               maxiter=200))  # fmt: skip
            except (ValueError, RuntimeError):
                continue
    return found


def _derivative_at(
    f: Expression, var: str, order: int, x0: float, exact: sympy.Expr | None
) -> tuple[float, bool]:
    """(f⁽ⁿ⁾(x0), whether it is zero): exactly for exact x0, else within a tolerance."""
    d = derivative(f, var, order)
    if exact is not None:
        value = d.sympy.subs(symbol(var), exact).evalf(30)
        try:
            number = complex(value)
        except TypeError:  # δ(0), sign′ and the like: no number at a kink
            return float("nan"), False
        return (number.real if number.imag == 0 else float("nan")), abs(number) < 1e-25
    number = float(d(np.asarray(x0)))
    width = 1e-3 * max(1.0, abs(x0))
    scale = np.nanmax(np.abs(d(np.linspace(x0 - width, x0 + width, 5))), initial=1.0)
    return number, abs(number) <= 1e-6 * max(1.0, float(scale))


def _classify(
    f: Expression, var: str, x0: float, exact: sympy.Expr | None, deadline: Deadline
) -> CriticalPoint:
    """The higher-order derivative test; where it cannot decide, the sign of f′ either side."""
    point = _higher_order_test(f, var, x0, exact, deadline)
    if point.kind != INCONCLUSIVE or deadline.expired:
        return point
    kind = _first_derivative_test(f, var, x0, exact)
    if kind is None:
        return point
    change = {MINIMUM: "changes from − to +", MAXIMUM: "changes from + to −"}.get(
        kind, "keeps its sign")
    verdict = kind if kind != INFLECTION else "neither minimum nor maximum"
    note = f"{point.note}; f′ {change} across x = {_where(x0, exact)}: {verdict} " \
        "(first-derivative test)"
    return replace(point, kind=kind, note=note)


def _where(x0: float, exact: sympy.Expr | None) -> str:
    return exact_plain(exact) if exact is not None else f"{x0:.6g}"


def _first_derivative_test(f: Expression, var: str, x0: float,
                           exact: sympy.Expr | None) -> str | None:
    """The kind of x0 from the signs of f′ at x0 ∓ h, for two h that must agree; None if
    f′ vanishes there, is undefined, or the two h disagree (another root close by).

    With an exact x0 the signs are SymPy's, exact even where floats underflow
    ((x+1)²⁰⁰ at −1: f′(−1 ± 1/100) = ±200·10⁻³⁹⁸)."""
    try:
        d1 = derivative(f, var, 1)
    except TooComplexError:
        return None
    kinds = set()
    for fraction in SIGN_TEST_STEPS:
        signs = []
        for side in (-1, 1):
            if exact is not None:
                h = sympy.Rational(fraction) * max(1, abs(sympy.floor(exact)))
                # SymPy's floats keep their exponent: no underflow to 0
                value = d1.sympy.subs(symbol(var), exact + side * h).evalf(30)
                sign = 1 if value.is_positive else -1 if value.is_negative else 0
            else:
                h = float(sympy.Rational(fraction)) * max(1.0, abs(x0))
                number = float(d1(np.asarray(x0 + side * h)))
                sign = int(np.sign(number)) if np.isfinite(number) else 0
            if sign == 0:  # zero, undefined or complex: f′ gives no sign here
                return None
            signs.append(sign)
        kinds.add({(-1, 1): MINIMUM, (1, -1): MAXIMUM}.get(tuple(signs), INFLECTION))
    return kinds.pop() if len(kinds) == 1 else None


def _higher_order_test(
    f: Expression, var: str, x0: float, exact: sympy.Expr | None, deadline: Deadline
) -> CriticalPoint:
    value = float(f(np.asarray(x0)))
    test: dict[str, float] = {}
    coords = (x0,)
    exact_coords = None if exact is None else (exact,)
    for order in range(2, MAX_TEST_ORDER + 1):
        name = _ORDER_NAMES.get(order, f"f^({order})")
        if order > 2 and deadline.expired:
            return CriticalPoint(coords, value, INCONCLUSIVE, test,
                                 f"out of time before {name}: the test could not decide",
                                 exact_coords)  # fmt: skip
        try:
            number, zero = _derivative_at(f, var, order, x0, exact)
        except TooComplexError:
            return CriticalPoint(coords, value, INCONCLUSIVE, test,
                                 f"{name} is too large to work out: the test cannot decide",
                                 exact_coords)  # fmt: skip
        test[name] = 0.0 if zero else number
        if np.isnan(number):
            return CriticalPoint(coords, value, INCONCLUSIVE, test,
                                 f"{name} is undefined here: the test cannot decide",
                                 exact_coords)  # fmt: skip
        if zero:
            continue
        sign = "> 0" if number > 0 else "< 0"
        if order % 2 == 1:
            kind, verdict = INFLECTION, "odd order: neither minimum nor maximum"
        else:
            kind = MINIMUM if number > 0 else MAXIMUM
            verdict = kind
        where = _where(x0, exact)
        if order == 2:
            note = f"f''({where}) = {number:.6g} {sign}: {verdict}"
        else:
            note = (f"f''({where}) = 0; first non-zero derivative {name} = {number:.6g} {sign}, "
                    f"{verdict} (higher-order derivative test)")  # fmt: skip
        return CriticalPoint(coords, value, kind, test, note, exact_coords)
    return CriticalPoint(coords, value, INCONCLUSIVE, test,
                         f"derivatives up to order {MAX_TEST_ORDER} vanish: the test cannot decide",
                         exact_coords)  # fmt: skip
