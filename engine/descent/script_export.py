"""A descent run as a standalone Python script that needs only NumPy.

The script holds f and ∇f = (∂f/∂x, ∂f/∂y) as NumPy code printed by SymPy's
``NumPyPrinter`` from the *parsed* expression (the derivative the engine uses,
parameters put in), one update function per optimizer written as in
``engine/descent/optimizers.py`` (same formulas, same order of operations), and
a loop that prints every trajectory: step, x, y, f(x, y), ‖∇f‖ at full precision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy.printing.codeprinter import PrintMethodNotImplementedError
from sympy.printing.numpy import NumPyPrinter

from engine.descent.optimizers import Optimizer
from engine.descent.surfaces import Surface
from engine.symbolic.symbolic_derivative import derivative

__all__ = ["descent_script"]

#: the update of each optimizer: x, g (∇f at x), the state dict ``s``, grad_f for Nesterov
_UPDATES = {
    "gd": ("", "    return x - alpha * grad_f(x)\n"),
    "momentum": ('s["v"] = numpy.zeros(2)',
                 '    v = mu * s["v"] - alpha * grad_f(x)\n    s["v"] = v\n    return x + v\n'),
    "nesterov": ('s["v"] = numpy.zeros(2)',
                 '    v = mu * s["v"] - alpha * grad_f(x + mu * s["v"])\n'
                 '    s["v"] = v\n    return x + v\n'),
    "adagrad": ('s["G"] = numpy.zeros(2)',
                '    g = grad_f(x)\n    G = s["G"] + g * g\n    s["G"] = G\n'
                '    return x - alpha * g / (numpy.sqrt(G) + eps)\n'),
    "rmsprop": ('s["s"] = numpy.zeros(2)',
                '    g = grad_f(x)\n    r = rho * s["s"] + (1.0 - rho) * g * g\n    s["s"] = r\n'
                '    return x - alpha * g / (numpy.sqrt(r) + eps)\n'),
    "adam": ('s["m"], s["v"], s["t"] = numpy.zeros(2), numpy.zeros(2), 0.0',
             '    g = grad_f(x)\n'
             '    m = beta1 * s["m"] + (1.0 - beta1) * g\n'
             '    v = beta2 * s["v"] + (1.0 - beta2) * g * g\n'
             '    t = s["t"] + 1.0\n'
             '    s["m"], s["v"], s["t"] = m, v, t\n'
             '    m_hat = m / (1.0 - beta1**t)\n'
             '    v_hat = v / (1.0 - beta2**t)\n'
             '    return x - alpha * m_hat / (numpy.sqrt(v_hat) + eps)\n'),
}


def _numpy_code(expr: sympy.Expr) -> str:
    """NumPy source of ``expr`` (ValueError when NumPy has no such function)."""
    try:
        return NumPyPrinter({"strict": True}).doprint(expr)
    except PrintMethodNotImplementedError as exc:
        raise ValueError("this formula uses a function plain NumPy lacks "
                         f"({exc.args[0].split(': ')[-1]}); the script cannot be written") from None


def descent_script(surface: Surface, runs: Sequence[tuple[Optimizer, tuple[float, float], int]],
                   header: str) -> str:
    """The source of a script that replays ``runs`` = (optimizer, start, steps) on ``surface``.

    x₀ = start; x_{t+1} = update(x_t) for t = 0 … steps − 1, with the optimizer's rule.
    """
    expression = surface.expression
    params = surface.params
    f_code = _numpy_code(expression.substitute(params))
    # ∂f/∂x and ∂f/∂y as the engine differentiates them (engine.symbolic)
    fx, fy = (_numpy_code(derivative(expression, v).substitute(params))
              for v in expression.variables)
    lines = [
        '"""' + header.replace('"""', "'''"),
        "",
        f"f(x, y) = {expression.plain}"
        + (f" with {', '.join(f'{k} = {v!r}' for k, v in params.items())}" if params else "")
        + '."""',
        "",
        "import numpy",
        "",
        "",
        "def f(x, y):",
        f"    return {f_code}",
        "",
        "",
        "def grad_f(p):",
        '    """∇f = (∂f/∂x, ∂f/∂y) at the point p = (x, y)."""',
        "    x, y = p",
        f"    return numpy.array([{fx}, {fy}], dtype=float)",
        "",
    ]
    for k, (optimizer, start, steps) in enumerate(runs):
        init, body = _UPDATES[optimizer.key]
        values = ", ".join(f"{name} = {value!r}" for name, value in optimizer.values().items())
        lines += [
            "",
            f"def update_{k}(x, s):",
            f'    """{optimizer.__doc__.splitlines()[0]}"""',
            *(f"    {name} = {value!r}" for name, value in optimizer.values().items()),
            body.rstrip("\n"),
            "",
            "",
            f"def run_{k}():",
            f'    """{optimizer.name} ({values}) from {start}, {steps} steps."""',
            f"    x = numpy.array([{float(start[0])!r}, {float(start[1])!r}])",
            "    s = {}",
            *([f"    {init}"] if init else []),
            f"    print('# {optimizer.name} from ({start[0]:g}, {start[1]:g})')",
            "    print('step x y f |grad f|')",
            f"    for t in range({steps + 1}):",
            "        if t > 0:",
            f"            x = update_{k}(x, s)",
            "        print(t, repr(float(x[0])), repr(float(x[1])), repr(float(f(*x))),",
            "              repr(float(numpy.hypot(*grad_f(x)))))",
            "",
        ]
    lines += ["", 'if __name__ == "__main__":',
              *(f"    run_{k}()" for k in range(len(runs))), ""]
    return "\n".join(lines)
