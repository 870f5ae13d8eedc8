"""How long the GUI thread is blocked when a formula is typed into a tab.

Generated formulas (valid and broken, the same mix as the robustness test) go
into the Derivatives tab's and the Gradient descent tab's formula boxes; each
``set_text`` (parse, re-plot, start of the symbolic work) is timed on the GUI
thread, then events are processed until idle.  The baseline is a bare
``FormulaInput`` (the parse alone) on the same strings, in the same run.
Target: no single block over 100 ms.  Run: ``python -m bench.formula_box``.
"""

from __future__ import annotations

import random
import statistics
import time

SAMPLES = 200
TARGET_MS = 100.0
PIECES = ("x", "y", "a", "β", "2", "0.5", "^", "*", "/", "+", "-", "(", ")", "sin", "cos",
          "ln", "sqrt", "abs", "exp", "tanh", "sigmoid", "relu", "²", "foo", "e", "pi", "9")


def formulas(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def _block_times_ms(app, box, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        box.set_text(text)
        times.append((time.perf_counter() - started) * 1e3)
        app.processEvents()
    return times


def _summary(name: str, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    print(f"{name:32s} median {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms   "
          f"max {ordered[-1]:7.2f} ms")
    return {f"{name}_median_ms": statistics.median(times), f"{name}_p99_ms": p99,
            f"{name}_max_ms": ordered[-1]}


def main() -> dict[str, float]:
    from gui.app import create_application
    from gui.tabs.derivatives import DerivativesTab
    from gui.tabs.descent import DescentTab
    from gui.theme import configure_pyqtgraph
    from gui.widgets.formula_input import FormulaInput

    app = create_application()
    configure_pyqtgraph()
    texts = formulas(SAMPLES)
    bare = FormulaInput(("x",))
    result = _summary("bare FormulaInput (parse)", _block_times_ms(app, bare, texts))
    for name, tab in (("Derivatives tab", DerivativesTab()), ("Gradient descent tab",
                                                               DescentTab())):
        tab.resize(1360, 860)
        tab.show()
        result |= _summary(name, _block_times_ms(app, tab.ui.formula, texts))
        tab.shutdown()
        tab.close()
    worst = max(v for k, v in result.items() if k.endswith("tab_max_ms"))
    result["worst_tab_block_ms"] = worst
    print(f"worst block {worst:.1f} ms; target {TARGET_MS:.0f} ms:",
          "within target" if worst <= TARGET_MS else "OVER TARGET",
          "(2 shared cores: expect noise)")
    return result


if __name__ == "__main__":
    main()
