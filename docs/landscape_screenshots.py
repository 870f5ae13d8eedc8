"""Screenshots of the Neural network tab's Landscape panel, taken in a real X window.

usage: DISPLAY=:N python docs/landscape_screenshots.py OUTDIR
(an X server with a window manager on :N, e.g. ``Xvfb :N -screen 0 1600x1200x24 &``
and ``DISPLAY=:N openbox &``;
needs imagemagick's ``import``).  The GUI is driven through its own controls:

1. the notes' 2-2-1 sigmoid network (preset "notes", seed 0) trained 1000 epochs on
   XOR, stuck at 50 %: the exact slice of its output weights W²₁₁, W²₁₂, the
   Hessian's extreme eigenvalues at θ and the slice's critical points;
2. the same network from another start (seed 3): Momentum and Adam racing from
   it, their paths on the plane that holds most of them, their loss curves.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.app import create_application  # noqa: E402


def wait(app, done, seconds: float = 120.0) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def shoot(app, window, path: Path) -> None:
    end = time.monotonic() + 1.5  # let the last paint reach the X server
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    subprocess.run(["import", "-window", str(int(window.winId())), str(path)], check=True)
    print(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    from gui.main_window import MainWindow

    window = MainWindow(start_tab="network")
    window.resize(1560, 1100)
    window.show()
    tab = window.tab("network")
    wait(app, lambda: tab.latest is not None)
    tab.model.apply_preset("notes")
    tab.model.edit(replace(tab.settings, seed=0, max_epochs=1000))
    wait(app, lambda: tab.latest is not None and tab.latest.training.epoch == 0)
    tab.model.play()
    wait(app, lambda: tab.latest.training.epoch >= 1000 and not tab.worker.is_running, 300)
    panel = tab.ui.landscape
    tab.ui.side_tabs.setCurrentIndex(tab.ui.side_tabs.indexOf(panel))
    panel.mode.setCurrentIndex(panel.mode.findData("parameters"))
    panel.first.setCurrentIndex(panel.first.findData("W^2_11"))
    panel.second.setCurrentIndex(panel.second.findData("W^2_12"))
    panel.half_width.setValue(8.0)
    panel.request_picture()
    wait(app, lambda: panel.model.picture is not None)
    panel.request_curvature()
    wait(app, lambda: panel.model.curvature is not None)
    panel.request_points()
    wait(app, lambda: panel.model.points is not None)
    shoot(app, window, out / "landscape_stuck.png")

    tab.model.edit(replace(tab.settings, seed=3))
    wait(app, lambda: tab.latest is not None and tab.latest.training.epoch == 0
         and panel.model.path)
    panel.mode.setCurrentIndex(panel.mode.findData("path"))
    panel.half_width.setValue(0.0)
    for key, tick in panel.race.ticks.items():
        tick.setChecked(key in ("momentum", "adam"))
    panel.race.epochs.setValue(400)
    panel.race_from_theta()
    wait(app, lambda: panel.racer.state == "finished", 300)
    wait(app, lambda: panel.model.picture is not None and panel.worker.state != "running"
         and panel.model.race is not None and panel.model.picture.holds(
             panel.model.picture.plane.project(panel.model.race.paths.reshape(
                 -1, panel.model.race.paths.shape[-1]))))
    shoot(app, window, out / "landscape_race.png")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
