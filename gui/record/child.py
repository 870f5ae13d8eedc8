"""The recorder process: steps a copy of the run, draws each frame, encodes the file.

Run by :class:`gui.record.recorder.Recording` in a process of its own
(started with "spawn", at the lowest priority), so recording neither takes
the GUI thread nor the trainer's CPU: the live view keeps its frame rate and
its epochs per second.  The process draws offscreen with its own
QApplication; this module imports no Qt at its top, so the platform is chosen
before Qt loads.

Messages to the window, on ``replies``: ``("progress", done)``, ``("saving",)``
once every frame is drawn, ``("done", path)``, ``("failed", text)``.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from typing import Any

from engine.recording import snapshots

NICENESS = 19  # below the trainer (10): under load the live run wins the CPU


@dataclass(frozen=True)
class RecordPlan:
    """Everything a recorder process needs (it pickles: the job is a fresh copy)."""

    job: Any
    units: int
    frames: int
    view: Any  # a gui.record.views.ViewSpec
    look: Any  # a gui.record.look.Look
    fmt: str
    path: str
    size: tuple[int, int]
    fps: float
    nice: int = NICENESS  # the recorder process's niceness (bench/record_speed.py compares)


def record_main(plan_pickle: bytes, replies: Any, nice: int = NICENESS) -> None:
    """The whole life of a recorder process (the plan arrives pickled, read after Qt's
    platform is set: unpickling it imports the view's Qt modules; ``nice`` comes
    beside it, so the imports already run at the recorder's priority)."""
    if hasattr(os, "nice"):
        os.nice(nice)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    writer = None
    try:
        from gui.app import create_application
        from gui.record.encoders import FrameWriter
        from gui.record.look import apply_look
        from gui.record.recorder import render_frame

        create_application()
        plan: RecordPlan = pickle.loads(plan_pickle)
        apply_look(plan.look)
        view = plan.view.build()
        writer = FrameWriter(plan.fmt, plan.path, plan.size, plan.fps)
        for done, snapshot in enumerate(snapshots(plan.job, plan.units, plan.frames), 1):
            writer.add(render_frame(view, snapshot, plan.size))
            replies.put(("progress", done))
        replies.put(("saving",))
        replies.put(("done", str(writer.close())))
    except Exception as exc:  # said in the dialog, never a traceback
        if writer is not None:
            writer.abort()
        replies.put(("failed", f"{type(exc).__name__}: {exc}"))
