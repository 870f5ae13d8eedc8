"""The shipped lessons play start to end in a real window: every step loads, every
question takes its right answer and explains a wrong one, every run-until stops where
it says, and every control a step locked or hid is given back."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from engine.lessons import Step, compute, expected_value
from engine.network.datasets import xor
from engine.network.live_run import LiveRun
from engine.network.presets import PRESETS
from gui import mathtext
from gui.lessons.controller import SHIPPED, shipped_lesson
from gui.lessons.panel import MIN_WIDTH
from gui.main_window import MainWindow
from gui.tabs.network.build import build_network, build_run


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1600, 1000)  # a common laptop screen: the dock must fit beside every tab
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def _wrong(step: Step) -> str | int:
    question = step.question
    if question.kind == "choice":
        return (question.answer + 1) % len(question.choices)
    return str(expected_value(question) + 1000)


def _right(step: Step) -> str | int:
    question = step.question
    return question.answer if question.kind == "choice" else repr(expected_value(question))


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_lesson_plays_start_to_end(qtbot, window, name):
    lessons = window.lessons
    problems: list[str] = []
    lessons.player.problem.connect(problems.append)
    assert lessons.open_shipped(name)
    panel, player = lessons.panel, lessons.player
    locked_ever = []
    for index, step in enumerate(player.lesson.steps):
        assert player.index == index
        assert not problems, f"step {index + 1} ({step.title}): {problems}"
        assert panel.isVisible() and panel.width() >= MIN_WIDTH
        assert window.rect().contains(panel.geometry())  # not pushed off the window's edge
        assert len(panel.choice_group.buttons()) == len(step.question.choices if step.question
                                                         else ())
        assert panel.step_title.text() == step.title
        assert panel.progress.value() == index + 1
        assert panel.text.toPlainText().strip() or not step.text
        if step.tab is not None:
            assert window.tabs.currentIndex() == [p.spec.key for p in window.pages].index(step.tab)
        locked = player.controls("lock")
        assert len(locked) == len(step.lock) and not any(w.isEnabled() for w in locked)
        locked_ever += locked
        if step.tab is not None:  # a tab built for this step is shown by the event loop
            qtbot.waitUntil(window.tab(step.tab).isVisible, timeout=10_000)
        revealed = player.controls("reveal")
        assert len(revealed) == len(step.reveal)
        assert not any(widget.isVisible() for widget in revealed)  # the answer is not shown
        if step.question is not None:
            wrong = player.answer(_wrong(step))
            hidden = [w.objectName() for w in revealed if not w.isVisible()]
            assert not hidden, (step.title, hidden)  # answered: shown again
            assert not wrong.correct and "Not quite" in panel.verdict.text()
            assert step.question.why[:20] in wrong.message
            assert player.answer(_right(step)).correct
        if step.run_until is not None and step.starts > 1:
            _check_many_starts(qtbot, window, player, panel, step)
        elif step.run_until is not None:
            count = step.run_until[1]
            qtbot.waitUntil(lambda: bool(player.run_note), timeout=90_000)
            done, stopped = window.tab(step.tab).progress()
            assert stopped
            if "by itself" not in player.run_note:
                assert done == count, (step.title, done, count)
            assert panel.run_note.text() == player.run_note
            if step.tab == "network":  # the questions say seed 1 solves XOR and seed 0 sticks
                solved = bool(window.tab("network").latest.training.solved[0])
                assert solved == (step.state["settings"]["seed"] == 1)
        if index + 1 < len(player.lesson.steps):
            panel.next.click()
    assert not panel.next.isEnabled()
    panel.close_button.click()
    assert not panel.isVisible()
    assert all(widget.isEnabled() for widget in locked_ever)  # every control given back


def _check_many_starts(qtbot, window, player, panel, step: Step) -> None:
    """The step trained ``step.starts`` networks itself, stopped them all at the count, and
    the number that solve XOR is the question's answer, as 20 separate runs find it."""
    count = step.run_until[1]
    qtbot.waitUntil(lambda: bool(player.run_note), timeout=90_000)
    tab = window.tab("network")
    done, stopped, summary = tab.many_progress()
    assert summary in player.run_note
    assert stopped and done == count
    many = tab.ui.many_starts
    assert many.isVisible()  # the panel the note talks about is the one shown
    t = many.latest
    solved = t.solved & ~t.diverged
    assert len(solved) == step.starts
    assert int(solved.sum()) == step.question.answer
    assert f"{int(solved.sum())} of {step.starts} networks" in player.run_note
    assert panel.run_note.text() == player.run_note
    settings = tab.model.settings
    for k in range(step.starts):  # one network at a time: the batched run is not trusted
        one = replace(settings, seed=settings.seed + k)
        run = LiveRun(build_run(one, tab.model.dataset, build_network(one, tab.model.dataset)))
        run.step(count)
        alone = run.snapshot().training
        assert alone.epoch == count
        assert bool(alone.solved[0] and not alone.diverged[0]) == bool(solved[k]), k
        np.testing.assert_allclose(alone.train_loss[0], t.train_loss[k], rtol=1e-9)


def test_the_notes_lesson_covers_every_example() -> None:
    titles = " ".join(step.title for step in shipped_lesson("notes_step_by_step.json").steps)
    for topic in ("AB = OB − OA", "Δy/Δx", "x⁵", "(x⁴ + 2) cos x", "x⁴y", "2x² + 4y",
                  "one variable", "rt − s²", "Gradient descent", "Too large an α", "Momentum",
                  "β", "tanh with θ", "XOR", "sticks", "many starts"):
        assert topic in titles
    assert titles.count("Spot the mistake") >= 7


@pytest.mark.parametrize("name", SHIPPED)
def test_every_formula_typesets(name) -> None:
    for step in shipped_lesson(name).steps:
        texts = [step.text] + ([step.question.prompt] if step.question else [])
        for latex in re.findall(r"\$([^$]+)\$", " ".join(texts)):
            assert mathtext.png_bytes(latex)  # raises ValueError if mathtext cannot


def test_computed_answers_agree_with_finite_differences() -> None:
    h = 1e-5
    for step in shipped_lesson("notes_step_by_step.json").steps:
        spec = step.question.compute if step.question and step.question.compute else None
        if spec is None or not ({"derivative", "partial"} & set(spec)):
            continue
        kind = "derivative" if "derivative" in spec else "partial"
        at = spec["at"]
        if kind == "derivative":
            point, axis = [at], 0
        else:
            point, axis = list(at), ("x", "y").index(spec["wrt"])
        extra = {"parameters": spec["parameters"]} if "parameters" in spec else {}
        values = []
        for sign in (1, -1):
            moved = list(point)
            moved[axis] += sign * h
            values.append(compute({"value": spec[kind], "at": moved if len(moved) > 1
                                   else moved[0], **extra}))
        assert compute(spec) == pytest.approx((values[0] - values[1]) / (2 * h), abs=1e-5)


def test_the_many_starts_count_is_what_single_networks_do() -> None:
    """The lesson says 10 of seeds 0–19 solve XOR in 1,000 epochs: each trained alone here
    (the panel trains them side by side in one run)."""
    data = xor()
    solved = []
    for seed in range(20):
        run = PRESETS["notes"].run(data.X_train, data.y_train, seed=seed)
        run.run_epochs(1000)
        solved.append(bool(run.snapshot().solved[0]))
    assert np.flatnonzero(solved).tolist() == [1, 6, 9, 10, 11, 13, 14, 17, 18, 19]
