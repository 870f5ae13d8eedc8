"""The recorder process: steps a copy of the run, draws each frame, encodes the file.

Run by :class:`gui.record.recorder.Recording` in a process of its own
(started with "spawn", at the lowest priority), so recording neither takes
the GUI thread nor the trainer's CPU: the live view keeps its frame rate and
its epochs per second.  The process draws offscreen with its own
QApplication; this module imports no Qt at its top, so the platform is chosen
before Qt loads.

The process is started when the Record dialog opens (``recorder_main``) and readies
itself while the person chooses; pressing Record sends it the plan.  Messages to the
window, on ``replies``: ``("ready",)`` once started, ``("progress", done)``,
``("saving",)`` once every frame is drawn, ``("done", path)``, ``("failed", text)``.
"""

from __future__ import annotations

import importlib
import os
import pickle
import time
from dataclasses import dataclass
from typing import Any

from engine.recording import snapshots

NICENESS = 19  # below the trainer (10): under load the live run wins the CPU
#: on a machine of two cores or fewer the live run (trainer and window) needs them both, and
#: niceness alone left it 0.75x its speed while an MP4 was recorded: there the recorder
#: uses at most this share of a core, pausing after each frame (a 10 s MP4 then takes
#: about 13 s, within the 2x asked, instead of 7 s)
FEW_CORES = 2
CORE_SHARE = 0.5


def pause_after(frame_cpu_s: float, cores: int | None, share: float = CORE_SHARE) -> float:
    """Seconds to rest after a frame that took ``frame_cpu_s`` of CPU, so the recorder
    uses at most ``share`` of a core on a machine of ``FEW_CORES`` or fewer (else 0)."""
    if cores is None or cores > FEW_CORES or frame_cpu_s <= 0:
        return 0.0
    return frame_cpu_s * (1.0 / share - 1.0)


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


#: imported while the Record dialog is open: the bulk of a recorder's start (Qt, pyqtgraph,
#: and the engine, which imports SymPy and SciPy: about 1.5 s of CPU, 6–9 s at niceness 19
#: on a loaded machine) is then done before Record is pressed
WARM_MODULES = ("pyqtgraph", "engine.network.live_run", "engine.descent", "gui.record.encoders",
                "gui.record.look", "gui.record.recorder")


def recorder_main(inbox: Any, replies: Any, nice: int = NICENESS) -> None:
    """The whole life of a recorder process: it readies itself at its priority (Qt
    offscreen, the slow imports), says ``("ready",)``, then records the one plan it is
    sent (pickled; ``None``: nothing to record).  The plan is unpickled after Qt's platform
    is set: unpickling it imports the view's Qt modules."""
    if hasattr(os, "nice"):
        os.nice(nice)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from gui.app import create_application

        create_application()
        for name in WARM_MODULES:
            importlib.import_module(name)
    except Exception as exc:  # said in the dialog once a recording asks for this process
        replies.put(("failed", f"{type(exc).__name__}: {exc}"))
        return
    replies.put(("ready",))
    plan_pickle = inbox.get()
    if plan_pickle is not None:
        _record(plan_pickle, replies)


def _record(plan_pickle: bytes, replies: Any) -> None:
    writer = None
    try:
        from gui.record.encoders import FrameWriter
        from gui.record.look import apply_look
        from gui.record.recorder import render_frame

        plan: RecordPlan = pickle.loads(plan_pickle)
        apply_look(plan.look)
        view = plan.view.build()
        writer = FrameWriter(plan.fmt, plan.path, plan.size, plan.fps)
        cores = os.cpu_count()
        started = time.process_time()
        for done, snapshot in enumerate(snapshots(plan.job, plan.units, plan.frames), 1):
            writer.add(render_frame(view, snapshot, plan.size))
            replies.put(("progress", done))
            now = time.process_time()
            time.sleep(pause_after(now - started, cores))
            started = now
        replies.put(("saving",))
        replies.put(("done", str(writer.close())))
    except Exception as exc:  # said in the dialog, never a traceback
        if writer is not None:
            writer.abort()
        replies.put(("failed", f"{type(exc).__name__}: {exc}"))
