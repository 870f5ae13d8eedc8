"""Critical points of f(x, y) on a rectangle: solve f_x = f_y = 0, classify by rt − s².

Small polynomial systems (gradient of degree ≤ 2, e.g. the saddle and monkey
saddle) are solved exactly by SymPy. Everything else uses Newton's method on the
gradient system, ∇f(p) = 0 ⇒ p ← p − H(p)⁻¹∇f(p) (pseudo-inverse where H is
singular), from a grid of starts over the rectangle, all starts at once.

When f_x and f_y share a polynomial factor g (f = x⁴y: g = x³), ∇f vanishes on
the whole curve g = 0; the result says so (``isolated=False``, ``curve=g``) and
Newton runs on the reduced system (f_x/g, f_y/g) for the isolated points.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy

from engine.symbolic.bounded import bounded_call
from engine.symbolic.budget import Deadline, degree_bound
from engine.symbolic.degenerate_2d import decide, maths
from engine.symbolic.exact_roots import short_form
from engine.symbolic.expressions import Expression, symbol
from engine.symbolic.stationary import (
    INCONCLUSIVE,
    MAXIMUM,
    MINIMUM,
    SADDLE,
    UNCLASSIFIED,
    CriticalPoint,
    CriticalPoints,
    Extremum,
    drop_undefined,
    out_of_time,
)
from engine.symbolic.symbolic_derivative import derivative
from engine.symbolic.unbounded_2d import unbounded

Box = tuple[tuple[float, float], tuple[float, float]]

GRID_STARTS = 21
# more roots than one per DENSE_SHARE starts: some lie between starts that all
# converged elsewhere (sin 3x cos 3y on [−5, 5]²: 172 of 180 found)
DENSE_SHARE = 4
NEWTON_STEPS = 60
MAX_EXACT_DEGREE = 2  # Gröbner bases of higher degree can take minutes (Himmelblau)
SOLVE_SECONDS = 2.0  # (engine.symbolic.bounded)
GLOBAL_GRID = 101
MAX_ALGEBRA_DEGREE = 40  # gcd and Poly stay well under a second up to this degree


def critical_points_2d(
    expr: Expression, box: Box, params: Mapping[str, float] | None = None,
    deadline: Deadline | None = None,
) -> CriticalPoints:
    """Solutions of ∇f = 0 in the closed rectangle ``box``, classified by r, s, t."""
    (xlo, xhi), (ylo, yhi) = box
    if not (xlo < xhi and ylo < yhi):
        raise ValueError("the domain needs xlo < xhi and ylo < yhi")
    deadline = deadline or Deadline()
    vx, vy = expr.variables
    f = Expression(expr.text, expr.substitute(params), expr.variables)
    fx, fy = derivative(f, vx), derivative(f, vy)
    X, Y = symbol(vx), symbol(vy)
    curve = _critical_curve(fx.sympy, fy.sympy, X, Y)
    note = ""
    if curve is not None:
        note = f"∇f = 0 along the whole curve {maths(curve)} = 0: not isolated points"
    if curve is not None and (fx.sympy.is_zero or fy.sympy.is_zero):
        found: list[tuple[tuple[float, float], tuple[sympy.Expr, sympy.Expr] | None]] = []
    else:
        found = _exact_solutions(fx.sympy, fy.sympy, X, Y, box) if curve is None else None
        if found is None:
            if curve is None:
                r, s, t = _hessian_parts(f)
                system, jacobian = [fx, fy], [[r, s], [s, t]]
            else:
                system = [f.derived(g, "∇f component") for g in _reduced(fx, fy, curve)]
                jacobian = [[derivative(g, v) for v in (vx, vy)] for g in system]
            roots, ends = _newton_roots(system, box, deadline, jacobian)
            found = [(p, None) for p in roots]
            if curve is None and _is_rational_polynomial(f.sympy, X, Y):
                found = _snapped(found, ends, fx.sympy, fy.sympy, X, Y, box)
    polynomial = _is_rational_polynomial(f.sympy, X, Y)
    points = []
    for p, exact_point in found:
        if deadline.expired:  # found but not classified: still listed, and said so
            value = float(f(np.asarray(p[0]), np.asarray(p[1])))
            points.append(CriticalPoint(p, value, UNCLASSIFIED, {},
                                        "out of time before the second-derivative test",
                                        exact_point))
            continue
        points.append(_classify(f, p, exact_point, polynomial))
    if curve is None:
        # (points left unclassified at the time limit have no test: they say nothing)
        degenerate = [p for p in points if p.kind == INCONCLUSIVE and p.test]
        if len(degenerate) >= 3:
            points = [p for p in points if p.kind != INCONCLUSIVE]
            where = ", ".join(f"({p.x:.3g}, {p.y:.3g})" for p in degenerate[:3])
            note = f"∇f = 0 along a curve through {where}, …: not isolated points"
    isolated = curve is None and not note
    points, dropped = drop_undefined(points, ("r", "s", "t"))
    note = "; ".join(n for n in (note, dropped) if n)
    if deadline.expired:
        note = f"{out_of_time(len(points))}; {note}" if note else out_of_time(len(points))
    low, high = _global_extrema(f, tuple(points), box)
    dense = len(points) > GRID_STARTS**2 // DENSE_SHARE
    if dense:
        crowded = (f"{len(points)} critical points from {GRID_STARTS}×{GRID_STARTS} starts: "
                   "they are too dense for the starts to be sure of finding all of them; "
                   "zoom in on a smaller rectangle to complete the list")  # fmt: skip
        note = f"{note}; {crowded}" if note else crowded
    return CriticalPoints(tuple(points), low, high, isolated=isolated, note=note, curve=curve,
                          complete=not (deadline.expired or dense))


def _is_rational_polynomial(expr: sympy.Expr, X: sympy.Symbol, Y: sympy.Symbol) -> bool:
    # the degree is bounded on the tree first: Poly would expand (x + y)²⁰⁰ to find out
    if degree_bound(expr) > MAX_ALGEBRA_DEGREE or not expr.is_polynomial(X, Y):
        return False
    domain = sympy.Poly(expr, X, Y).domain
    return bool(domain.is_ZZ or domain.is_QQ)


def _critical_curve(
    fx: sympy.Expr, fy: sympy.Expr, X: sympy.Symbol, Y: sympy.Symbol
) -> sympy.Expr | None:
    """A non-constant expression vanishing on a curve of critical points, if any."""
    if fx.is_zero or fy.is_zero:
        return fy if fx.is_zero else fx
    if _is_rational_polynomial(fx, X, Y) and _is_rational_polynomial(fy, X, Y):
        common = sympy.gcd(fx, fy)
        if common.has(X) or common.has(Y):
            return sympy.factor(common)
    return None


def _reduced(fx: Expression, fy: Expression, curve: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    return sympy.cancel(fx.sympy / curve), sympy.cancel(fy.sympy / curve)


def _exact_solutions(
    g1: sympy.Expr, g2: sympy.Expr, X: sympy.Symbol, Y: sympy.Symbol, box: Box
) -> list[tuple[tuple[float, float], tuple[sympy.Expr, sympy.Expr]]] | None:
    """SymPy's solutions for small polynomial systems; None when not attempted."""
    if not (_is_rational_polynomial(g1, X, Y) and _is_rational_polynomial(g2, X, Y)):
        return None
    if max(sympy.Poly(g, X, Y).total_degree() for g in (g1, g2)) > MAX_EXACT_DEGREE:
        return None
    (xlo, xhi), (ylo, yhi) = box
    found = []
    solutions = bounded_call(_solve, (g1, g2, X, Y), SOLVE_SECONDS)
    if solutions is None:
        return None
    for exact in solutions:
        if any(v is None or v.free_symbols for v in exact):
            return None
        xc, yc = (complex(v.evalf(30)) for v in exact)
        if abs(xc.imag) > 1e-12 or abs(yc.imag) > 1e-12:
            continue
        if xlo <= xc.real <= xhi and ylo <= yc.real <= yhi:
            found.append(((xc.real, yc.real), exact))
    return sorted(found, key=lambda item: item[0])


def _solve(
    g1: sympy.Expr, g2: sympy.Expr, X: sympy.Symbol, Y: sympy.Symbol
) -> list[tuple[sympy.Expr | None, sympy.Expr | None]] | None:
    """All solutions of g1 = g2 = 0 (Gröbner basis: 25× faster than ``solve`` on
    x⁴ − 4x²y + 3y²'s gradient), None when they are not finitely many."""
    try:
        found = sympy.solve_poly_system([g1, g2], X, Y)
    except (NotImplementedError, sympy.PolynomialError):
        return None
    return [tuple(s) for s in found] if found is not None else None


def _hessian_parts(f: Expression) -> tuple[Expression, Expression, Expression]:
    """r = f_xx, s = f_xy, t = f_yy, each differentiated from f_x or f_y, so that Newton
    on ∇f and the classification share one compiled form of each."""
    vx, vy = f.variables
    fx, fy = derivative(f, vx), derivative(f, vy)
    return derivative(fx, vx), derivative(fx, vy), derivative(fy, vy)


def _newton_roots(
    system: list[Expression], box: Box, deadline: Deadline, jacobian: list[list[Expression]]
) -> tuple[list[tuple[float, float]], np.ndarray]:
    """Distinct roots of the system g = 0 in ``box`` reached by Newton's method,
    p ← p − J(p)⁺g(p), from a grid of starts (a start stops once its step is tiny),
    and where every start ended inside the box."""
    (xlo, xhi), (ylo, yhi) = box
    size = np.array([xhi - xlo, yhi - ylo])
    gx, gy = np.meshgrid(np.linspace(xlo, xhi, GRID_STARTS), np.linspace(ylo, yhi, GRID_STARTS))
    p = np.stack([gx.ravel(), gy.ravel()], axis=-1)

    def residual(q: np.ndarray) -> np.ndarray:
        return np.stack([g(q[:, 0], q[:, 1]) for g in system], axis=-1)

    start = residual(p)
    finite_start = np.isfinite(start).all(axis=1)
    scale = max(1.0, float(np.median(np.abs(start[finite_start])))) if finite_start.any() else 1.0
    alive = finite_start.copy()
    moving = alive.copy()
    for _ in range(NEWTON_STEPS):
        k = np.flatnonzero(moving)
        if k.size == 0 or deadline.expired:
            break
        q = p[k]
        g = residual(q)
        j = np.stack([np.stack([d(q[:, 0], q[:, 1]) for d in row], axis=-1) for row in jacobian],
                     axis=-2)  # fmt: skip
        ok = np.isfinite(g).all(axis=1) & np.isfinite(j).all(axis=(1, 2))
        step = np.zeros_like(q)
        if ok.any():
            step[ok] = np.einsum("kij,kj->ki", np.linalg.pinv(j[ok], rcond=1e-12), g[ok])
        p[k] = q - np.clip(step, -size / 4, size / 4)
        near = (np.abs(p[k] - [xlo, ylo]) <= 2 * size).all(axis=1)
        alive[k] = ok & near
        # a step below rounding of the coordinates changes nothing any more
        moving[k] = alive[k] & (np.abs(step) > 1e-15 * (size + np.abs(q))).any(axis=1)
    g = residual(p)
    lower, upper = np.array([xlo, ylo]) - 1e-9 * size, np.array([xhi, yhi]) + 1e-9 * size
    inside = (p >= lower).all(axis=1) & (p <= upper).all(axis=1)
    norm = np.linalg.norm(g, axis=1)
    good = alive & inside & (norm <= 1e-8 * scale)
    order = np.argsort(np.where(good, norm, np.inf))[: int(good.sum())]
    roots: list[np.ndarray] = []
    for k in order:
        if all(np.linalg.norm((p[k] - r) / size) > 1e-7 for r in roots):
            roots.append(np.clip(p[k], [xlo, ylo], [xhi, yhi]))
    ends = p[alive & inside]
    return sorted((float(r[0]), float(r[1])) for r in roots), ends


def _snapped(
    found: list[tuple[tuple[float, float], None]], ends: np.ndarray,
    fx: sympy.Expr, fy: sympy.Expr, X: sympy.Symbol, Y: sympy.Symbol, box: Box,
) -> list[tuple[tuple[float, float], tuple[sympy.Expr, sympy.Expr] | None]]:
    """Newton's roots with exact points put in where ∇f vanishes exactly at a short
    closed form near where starts ended. At a degenerate point Newton converges slowly
    and leaves a cloud of near-roots (x⁴ − 4x²y + 3y²: three fake saddles) or none
    that pass its tolerance; the exact point replaces every root near it."""
    size = max(box[0][1] - box[0][0], box[1][1] - box[1][0])
    exact: list[tuple[sympy.Expr, sympy.Expr]] = []
    for x, y in ends[:: max(1, len(ends) // 200)]:
        guess = (short_form(float(x), 1e-6 * size), short_form(float(y), 1e-6 * size))
        if None in guess or guess in exact or len(exact) >= 20:
            continue
        at = {X: guess[0], Y: guess[1]}
        if fx.subs(at) == 0 and fy.subs(at) == 0:
            exact.append(guess)  # type: ignore[arg-type]
    near = 1e-2 * size
    kept = [(p, e) for p, e in found
            if all(abs(p[0] - float(a)) + abs(p[1] - float(b)) > near for a, b in exact)]
    kept += [((float(a), float(b)), (a, b)) for a, b in exact]
    return sorted(kept, key=lambda item: item[0])


def _second_partials(
    f: Expression, point: tuple[float, float], exact: tuple[sympy.Expr, sympy.Expr] | None
) -> tuple[float, float, float, float, bool]:
    """r, s, t, rt − s² at the point, and whether rt − s² is zero."""
    vx, vy = f.variables
    parts = _hessian_parts(f)
    if exact is not None:
        at = {symbol(vx): exact[0], symbol(vy): exact[1]}
        r, s, t = (sympy.nsimplify(d.sympy.subs(at)) for d in parts)
        det = sympy.simplify(r * t - s**2)
        return float(r), float(s), float(t), float(det), bool(det == 0)
    r, s, t = (float(d(np.asarray(point[0]), np.asarray(point[1]))) for d in parts)
    det = r * t - s * s
    return r, s, t, det, abs(det) <= 1e-8 * max(1.0, r * r + s * s + t * t)


def _classify(
    f: Expression, point: tuple[float, float], exact: tuple[sympy.Expr, sympy.Expr] | None,
    polynomial: bool = False,
) -> CriticalPoint:
    r, s, t, det, zero = _second_partials(f, point, exact)
    value = float(f(np.asarray(point[0]), np.asarray(point[1])))
    test = {"r": r, "s": s, "t": t, "rt-s²": 0.0 if zero else det}
    if zero and exact is not None and polynomial:
        kind, reason = decide(f.sympy, *(symbol(v) for v in f.variables), exact)
        note = f"rt − s² = 0, so the second-derivative test cannot decide; {reason}"
    elif zero or not np.isfinite(det):
        kind, note = INCONCLUSIVE, ("rt − s² = 0: the second-derivative test cannot decide "
                                    "(the quadratic part of f is degenerate at this point)")
    elif det < 0:
        kind, note = SADDLE, f"rt − s² = {det:.6g} < 0: saddle point"
    else:
        kind = MINIMUM if r > 0 else MAXIMUM
        note = f"rt − s² = {det:.6g} > 0 and r = {r:.6g} {'>' if r > 0 else '<'} 0: {kind}"
    return CriticalPoint(point, value, kind, test, note, exact)


def _global_extrema(
    f: Expression, points: tuple[CriticalPoint, ...], box: Box
) -> tuple[Extremum | None, Extremum | None]:
    """Least and greatest f over the critical points and a grid on the closed rectangle."""
    (xlo, xhi), (ylo, yhi) = box
    gx, gy = np.meshgrid(np.linspace(xlo, xhi, GLOBAL_GRID), np.linspace(ylo, yhi, GLOBAL_GRID))
    values = f(gx, gy)
    on_edge = np.zeros_like(values, dtype=bool)
    on_edge[[0, -1], :] = on_edge[:, [0, -1]] = True
    labelled = [(p.coords, p.value, "critical point") for p in points]
    labelled += [((float(a), float(b)), float(v), "boundary" if e else "sample")
                 for a, b, v, e in zip(gx.ravel(), gy.ravel(), values.ravel(), on_edge.ravel(),
                                       strict=True)]  # fmt: skip
    finite = [c for c in labelled if np.isfinite(c[1])]
    if not finite:
        return None, None
    low_value = min(c[1] for c in finite)
    high_value = max(c[1] for c in finite)
    tie = 1e-12 * (1.0 + abs(low_value) + abs(high_value))
    low = next(c for c in finite if c[1] <= low_value + tie)
    high = next(c for c in finite if c[1] >= high_value - tie)
    no_low, no_high = unbounded(f, gx, gy, values)
    return (no_low or Extremum(low[0], low[1], low[2]),
            no_high or Extremum(high[0], high[1], high[2]))  # fmt: skip
