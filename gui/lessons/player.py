"""Plays a lesson on the main window: loads each step into its tab, locks and hides the
controls the step names (and gives them back), checks answers and runs until a count.

The window is reached only through what every window has (``tab(key)``, ``tabs``,
``pages``, ``show_status``) and each tab only through the :class:`gui.tabs.base.LabTab` protocol:
``state`` / ``set_state`` to load a step (the same checks as a session), ``play_pause``
and ``progress`` for run-until, ``open_recorder`` to record a step's run; a many-starts
run-until uses the network tab's ``train_many`` and ``many_progress``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine.lessons import (
    Lesson,
    Step,
    Verdict,
    check_answer,
    merged_state,
    run_until_state,
)
from gui.lessons.holds import Holds

POLL_MS = 50  # how often a run-until looks at the tab's count


class LessonPlayer(QObject):
    """The open lesson, its current step and what that step changed on the window."""

    step_shown = Signal(int)  # index of the step now shown
    answered = Signal(object)  # a Verdict
    run_finished = Signal(str)  # where a run-until stopped, in words
    problem = Signal(str)  # a step that could not load, in words
    elsewhere = Signal(str)  # the step's tab's title while the window shows another tab, or ""
    closed = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.lesson: Lesson | None = None
        self.name = ""
        self.index = -1
        self.verdict: Verdict | None = None
        self.run_note = ""
        self._changed: list[tuple[QWidget, str]] = []  # (control, "lock"/"hide"/"reveal")
        self._holds = Holds(self)
        self._running: tuple[object, str, int, int] | None = None  # (tab, unit, count, starts)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        window.tabs.currentChanged.connect(self._tab_shown)

    @property
    def step(self) -> Step | None:
        return None if self.lesson is None else self.lesson.steps[self.index]

    def open(self, lesson: Lesson, name: str) -> None:
        self.close(quietly=True)
        self.lesson, self.name = lesson, name
        self.go(0)

    def replace(self, lesson: Lesson, index: int) -> None:
        """The same lesson, edited (a teacher added or changed a step): show step ``index``."""
        self._leave()
        self.lesson = lesson
        self.go(index)

    def close(self, quietly: bool = False) -> None:
        """End the lesson: every control it locked or hid is given back."""
        self._leave()
        was_open = self.lesson is not None
        self.lesson, self.index = None, -1
        if was_open and not quietly:
            self.closed.emit()

    def go(self, index: int) -> bool:
        """Show step ``index``; False (with a ``problem``) if its tab refused the state."""
        if self.lesson is None or not 0 <= index < len(self.lesson.steps):
            return False
        self._leave()
        self.index = index
        self.verdict, self.run_note = None, ""
        problem = self._load(self.lesson.steps[index])
        self.step_shown.emit(index)
        if problem:  # after the step is shown, so the panel keeps the message
            self.problem.emit(problem)
        return not problem

    def next(self) -> bool:
        return self.go(self.index + 1)

    def back(self) -> bool:
        return self.go(self.index - 1)

    def answer(self, given: str | int) -> Verdict | None:
        """Check an answer; a step's run plays once its question is answered."""
        step = self.step
        if step is None or step.question is None:
            return None
        self.verdict = check_answer(step.question, given)
        self._give_back("reveal")  # answered: what would have given it away is shown
        self.answered.emit(self.verdict)
        if step.run_until is not None and self._running is None and not self.run_note:
            self._start_run(step)
        return self.verdict

    def can_record(self) -> bool:
        """Whether the shown step has a run its tab can record (one network, or descent)."""
        step = self.step
        return step is not None and step.run_until is not None and step.starts == 1

    def record_step(self) -> QWidget | None:
        """The tab's Record dialog for this step's run: from its start to the run-until."""
        if not self.can_record():
            return None
        return self.window.tab(self.step.tab).open_recorder(self.step.run_until[1])

    def away_from_step(self) -> str:
        """The title of the step's tab when the window shows another tab, else "" (a step
        without a tab is on every tab)."""
        step = self.step
        if step is None or step.tab is None:
            return ""
        index = self._tab_index(step.tab)
        if self.window.tabs.currentIndex() == index:
            return ""
        return self.window.tabs.tabText(index).replace("&", "")

    def show_step_tab(self) -> None:
        """Bring the step's tab to the front (the student wandered off to another)."""
        step = self.step
        if step is not None and step.tab is not None:
            self.window.tabs.setCurrentIndex(self._tab_index(step.tab))

    def _tab_index(self, key: str) -> int:
        return [page.spec.key for page in self.window.pages].index(key)

    def _tab_shown(self, _index: int) -> None:
        if self.lesson is not None:
            self.elsewhere.emit(self.away_from_step())

    def controls(self, kind: str) -> list[QWidget]:
        """The controls this step has locked (``"lock"``) or hidden (``"hide"``)."""
        return [widget for widget, what in self._changed if what == kind]

    # ---- a step --------------------------------------------------------------
    def _load(self, step: Step) -> str:
        """Load the step into its tab; what went wrong, in words ("" for nothing)."""
        if step.tab is None:
            return ""
        self.show_step_tab()
        tab = self.window.tab(step.tab)
        try:
            if step.state or step.run_until:
                state = merged_state(step.tab, tab.state(), step.state)
                tab.set_state(merged_state("", state, run_until_state(step)))
        except Exception as exc:  # a lesson is untrusted input: a tab's refusal is a message
            return f"This step could not load its {step.tab} state: {exc}"
        missing = self._change_controls(tab, step)
        if step.run_until is not None and step.question is None:
            self._start_run(step)
        if missing:
            return f"This step names controls the tab does not have: {', '.join(missing)}"
        return ""

    def _change_controls(self, tab: QWidget, step: Step) -> list[str]:
        missing = []
        for kind, names in (("lock", step.lock), ("hide", step.hide), ("reveal", step.reveal)):
            for name in names:
                widget = tab.findChild(QWidget, name)
                if widget is None:
                    missing.append(name)
                    continue
                self._changed.append((widget, kind))
                self._holds.hold(widget, kind)
        return missing

    def _leave(self) -> None:
        """Undo what the shown step did: stop watching its run, give controls back."""
        self._timer.stop()
        self._running = None
        self._give_back(None)

    def _give_back(self, only: str | None) -> None:
        """Undo the step's changes of kind ``only`` ("lock", "hide", "reveal"; None: all)."""
        kept = []
        for widget, kind in reversed(self._changed):
            if only is not None and kind != only:
                kept.append((widget, kind))
            else:
                self._holds.release(widget)
        self._changed = kept[::-1]

    # ---- run until -----------------------------------------------------------
    def _start_run(self, step: Step) -> None:
        unit, count = step.run_until
        tab = self.window.tab(step.tab)
        self._running = (tab, unit, count, step.starts)
        if step.starts > 1:
            tab.train_many(step.starts)
        else:
            tab.play_pause()
        self._timer.start()

    def _poll(self) -> None:
        if self._running is None:
            self._timer.stop()
            return
        tab, unit, count, starts = self._running
        progress = tab.many_progress() if starts > 1 else tab.progress()
        if progress is None or not progress[1]:
            return  # no snapshot yet, or still running
        self._timer.stop()
        self._running = None
        done = progress[0]
        word = unit[:-1]
        self.run_note = (f"Stopped at {word} {done:,}, as the step asked." if done >= count
                         else f"The run stopped by itself at {word} {done:,}, before {count:,}.")
        if starts > 1:
            self.run_note += f" {progress[2]}"
        self.run_finished.emit(self.run_note)

