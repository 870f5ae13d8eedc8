"""Record the backprop step-through: each step (formula, numbers, lit diagram) held for
an equal share of the video, drawn in the recorder process like any recording."""

from __future__ import annotations

import math
from typing import Any

from engine.recording import StepThrough
from gui.record.dialog import RecordDialog, open_dialog
from gui.record.recorder import RecordView
from gui.record.views import ViewSpec

SECONDS_PER_STEP = 1.5  # as long as Play shows each step
FPS = 10  # the pictures change once a step: a low rate keeps a GIF small


def walkthrough_view(steps: list, data: Any, sample: str) -> RecordView:
    """An unshown step-through page (buttons hidden); each frame shows step ``index``."""
    from gui.tabs.network.walkthrough_dialog import WalkthroughDialog

    page = WalkthroughDialog()
    page.frame_only()
    page.show_steps(steps, data, sample)
    return RecordView(page, page.go_to)


def open_walkthrough_recorder(dialog: Any) -> RecordDialog | None:
    """The Record dialog of a step-through: its steps, from the first to the last."""
    steps = list(dialog.steps)
    if len(steps) < 2 or dialog.data is None:
        return None
    spec = ViewSpec(walkthrough_view, (steps, dialog.data, dialog.sample.text()))
    seconds = math.ceil(SECONDS_PER_STEP * len(steps))
    recorder = RecordDialog("step", len(steps) - 1, lambda: StepThrough(len(steps)),
                            lambda: {"steps": ("The step-through: formula, numbers, diagram",
                                               spec)},
                            (dialog.width() // 2 * 2, dialog.height() // 2 * 2), dialog,
                            fps=FPS, seconds=seconds)
    return open_dialog(dialog, recorder)
