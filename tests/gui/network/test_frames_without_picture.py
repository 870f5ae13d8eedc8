"""While training runs the picture (boundary, diagram) is painted every other frame; the
frames between come from the trainer without the grids, and nothing is painted from
them that needs one.  A still picture is always a whole one."""

import numpy as np


def test_frames_between_pictures_come_without_grids_and_a_pause_shows_a_whole_one(qtbot, tab):
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    controls = tab.ui.controls
    controls.max_epochs.setValue(controls.max_epochs.maximum())
    grids_painted, frames = [], []
    set_grid = tab.ui.boundary.set_grid

    def painting(grid, k=0):
        grids_painted.append(grid)
        set_grid(grid, k)

    tab.ui.boundary.set_grid = painting
    # connected after the tab's own slots: the views have taken the frame
    tab.worker.snapshot.connect(lambda s: frames.append((s.picture, tab.worker.is_running)))
    tab.play()
    qtbot.waitUntil(lambda: sum(1 for picture, running in frames if running) >= 24,
                    timeout=60_000)
    tab.pause()
    qtbot.waitUntil(lambda: tab.worker.state == "paused" and tab.latest.picture,
                    timeout=10_000)
    running = [picture for picture, on in frames if on]
    # the trainer honoured the views' asking: about half the frames are without grids,
    # and two frames in a row with grids happen only for a frame sent at once (a command)
    assert 0.3 <= running.count(False) / len(running) <= 0.7
    assert all(grid is not None for grid in grids_painted)
    # the still picture is the paused epoch's: its own grid, painted
    qtbot.waitUntil(lambda: grids_painted and grids_painted[-1] is tab.latest.training.grid,
                    timeout=10_000)
    image = tab.ui.boundary.image.image
    assert image is not None and np.ptp(image) > 0
