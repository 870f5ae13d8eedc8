"""Record the backprop step-through and a lesson step's run: the same recorder, frames
drawn from the steps (or the run) at the chosen size."""

import numpy as np
from PIL import Image
from PySide6.QtCore import QSettings, Qt

from engine.recording import StepThrough, snapshots
from gui.main_window import MainWindow
from gui.record.recorder import render_frame
from gui.tabs.network import NetworkTab
from tests.gui.network.test_walkthrough_dialog import open_walkthrough
from tests.gui.record.test_record import configure, frames_of, record


def test_the_step_through_records_each_step_in_turn(qtbot, tmp_path):
    tab = NetworkTab()
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    try:
        _inspector, walkthrough = open_walkthrough(qtbot, tab, sample=1)
        assert walkthrough.record_button.isVisible()
        qtbot.mouseClick(walkthrough.record_button, Qt.MouseButton.LeftButton)
        dialog = walkthrough.record_dialog
        assert dialog.isVisible()
        n = len(walkthrough.steps)
        assert dialog.units.value() == n - 1  # from the first step to the last
        assert dialog.fps.value() * dialog.seconds.value() >= 10 * n  # ≥ 1 s a step
        configure(dialog, "apng", 0, 1, n, n - 1)  # one frame per step
        path = tmp_path / "steps.png"
        record(qtbot, dialog, path)
        frames = frames_of(path)
        assert len(frames) == n and frames[0].shape == (720, 1280, 3)
        view = dialog.make_view()
        for k in (0, n // 2, n - 1):
            np.testing.assert_array_equal(frames[k], render_frame(view, k, (1280, 720)))
        assert not np.array_equal(frames[0], frames[-1])
        # step k's frame is the page at step k: the same as the dialog's own step k
        assert list(snapshots(StepThrough(n), n - 1, n)) == list(range(n))
        view.widget.go_to(n - 1)
        assert view.widget.title.text() == walkthrough.steps[-1].title
    finally:
        tab.shutdown()


def test_a_lesson_step_with_a_run_records_that_run(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    try:
        lessons = window.lessons
        assert lessons.open_shipped("lecture_demo.json")
        panel, player = lessons.panel, lessons.player
        assert not panel.record.isVisible()  # the first step has no run
        titles = [step.title for step in player.lesson.steps]
        player.go(titles.index("Gradient descent"))
        step = player.step
        assert step.run_until == ("steps", 60) and panel.record.isVisible()
        tab = window.tab("descent")
        qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
        qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
        dialog = tab.record_dialog
        assert dialog.isVisible() and dialog.units.value() == 60
        configure(dialog, "gif", 0, 2, 1, 60)
        recording = record(qtbot, dialog, tmp_path / "lesson.gif")
        assert recording.plan.units == 60
        with Image.open(tmp_path / "lesson.gif") as image:
            assert image.n_frames == 2
        player.go(titles.index("Many starts"))
        assert not panel.record.isVisible()  # many networks: recorded from their panel, not here
    finally:
        window.shutdown()
