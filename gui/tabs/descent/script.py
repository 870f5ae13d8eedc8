"""File → Export → the descent run as a NumPy script, written by the engine from the tab's run."""

from __future__ import annotations

from typing import Any

from gui.package_info import app_version


def descent_script_source(tab: Any) -> str:
    """A script that replays every trajectory of the tab's run (optimizer, start, its steps)
    with the optimizers' values in use now (ValueError, in words, when there is no run)."""
    model = tab.model
    snapshot = model.run_snapshot
    if model.surface is None or snapshot is None or not snapshot.trajectories:
        raise ValueError("there is no descent run to export: place a start and press Play")
    optimizers = model.optimizers()
    runs = [(optimizers[t.group], t.start, t.step) for t in snapshot.trajectories]
    header = "\n".join([
        f"{model.surface.name}: {len(runs)} trajectories, made with Gradient Lab "
        f"{app_version()}.",
        "",
        "Each starts where the app's did and takes as many steps as it had taken, with the "
        "values in use now;",
        "a value changed during the run, or a run stopped by the app (converged, diverged), "
        "differs from it there.",
        "Each run prints: step, x, y, f(x, y), |grad f| at full precision.",
    ])
    from engine.descent.script_export import descent_script  # SymPy's printers

    return descent_script(model.surface, runs, header)
