"""Re-plot cost of the Derivatives tab when a parameter slider moves.

Measured: the time from a parameter slider's value change to the tab's f, f′ and
f″ curves holding their new 2,000 samples (evaluation of the compiled f, f′, f″,
three ``setData`` calls, the y range, tangent, secant and Δy/Δx table), median
of ``RUNS`` moves, offscreen. Baseline, in the same run: a bare pyqtgraph
``PlotWidget`` with three curves given 2,000 precomputed points each.
Target: under one 60 Hz frame, 16 ms. Run: ``python -m bench.derivatives_replot``.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 50
TARGET_MS = 16.0
FORMULAS = ("1/(1+e^(-beta x))", "tanh(theta x)", "(x^4+a)cos(b x)")


def _settle(app, until) -> None:
    deadline = time.monotonic() + 30
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


def _baseline_ms(app) -> float:
    import numpy as np
    import pyqtgraph as pg

    from gui.tabs.derivatives.model import SAMPLES

    widget = pg.PlotWidget()
    widget.resize(900, 500)
    widget.show()
    curves = [widget.plot([], []) for _ in range(3)]
    xs = np.linspace(-3, 3, SAMPLES)
    data = [[np.sin(k * xs + i) for i in range(3)] for k in range(RUNS)]
    times = []
    for ys in data:
        started = time.perf_counter()
        for curve, y in zip(curves, ys, strict=True):
            curve.setData(xs, y)
        times.append(time.perf_counter() - started)
        app.processEvents()  # paint, as between two real slider moves
    widget.close()
    return statistics.median(times) * 1e3


def _tab_ms(app, formula: str) -> float:
    from gui.tabs.derivatives import DerivativesTab

    tab = DerivativesTab()
    tab.resize(1360, 800)
    tab.show()
    tab.ui.formula.set_text(formula)
    _settle(app, tab.is_steady)
    slider = next(iter(tab.ui.parameters.sliders.values())).slider
    positions = [slider.minimum() + (k * 7) % (slider.maximum() - slider.minimum())
                 for k in range(1, RUNS + 1)]
    times = []
    for position in positions:
        started = time.perf_counter()
        slider.setValue(position)  # the tab re-plots synchronously in its slot
        times.append(time.perf_counter() - started)
        app.processEvents()
    tab.shutdown()
    tab.close()
    return statistics.median(times) * 1e3


def main() -> dict[str, float]:
    from gui.app import create_application

    app = create_application()
    figures = {"baseline_setData_3x2000_ms": _baseline_ms(app)}
    for formula in FORMULAS:
        figures[f"replot_ms[{formula}]"] = _tab_ms(app, formula)
    worst = max(v for k, v in figures.items() if k.startswith("replot"))
    figures["worst_replot_ms"] = worst
    figures["ratio_worst_to_baseline"] = worst / figures["baseline_setData_3x2000_ms"]
    figures["target_ms"] = TARGET_MS
    for name, value in figures.items():
        print(f"{name:45s} {value:8.3f}")
    print("within target" if worst <= TARGET_MS else "OVER TARGET",
          "(2 shared cores: expect noise)")
    return figures


if __name__ == "__main__":
    main()
