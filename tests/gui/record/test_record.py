"""Record: the button, the dialog, files of the requested size and frame count whose first
and last frames are the snapshots' pictures, a clear word for a missing encoder, Cancel."""

import numpy as np
import pytest
from PIL import Image, ImageSequence

from engine.recording import snapshots
from gui.record import encoders, recorder
from gui.record.recorder import render_frame
from gui.tabs.descent import DescentTab
from gui.tabs.network import NetworkTab


@pytest.fixture
def descent(qtbot):
    tab = DescentTab()
    qtbot.addWidget(tab)
    tab.resize(1280, 770)
    tab.show()
    # the critical points too: a recording draws what the tab knows when it starts
    qtbot.waitUntil(lambda: tab.ready and tab.model.analysis.critical is not None, timeout=15_000)
    yield tab
    tab.shutdown()


@pytest.fixture
def network(qtbot):
    tab = NetworkTab()
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=5000)
    yield tab
    tab.shutdown()


def open_dialog(qtbot, tab):
    button = tab.ui.transport.record_button
    assert button.isVisible() and button.width() > 0
    qtbot.mouseClick(button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    dialog = tab.record_dialog
    assert dialog.isVisible()
    return dialog


def configure(dialog, fmt, size_index, fps, seconds, units):
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.size_choice.setCurrentIndex(size_index)
    dialog.fps.setValue(fps)
    dialog.seconds.setValue(seconds)
    dialog.units.setValue(units)


def record(qtbot, dialog, path, timeout=120_000):
    assert dialog.record_to(str(path))
    recording = dialog.recording
    qtbot.waitUntil(lambda: recording.finished or not recording.running, timeout=timeout)
    assert recording.finished, dialog.message.text()
    assert path.exists() and not encoders.temporary_path(path).exists()
    return dialog.recording


def frames_of(path):
    with Image.open(path) as image:
        return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(image)]


def expected_ends(make_job, make_view, units, frames, size, stable=True):
    """The first and last frames rendered straight from an independent job's snapshots
    (``stable``: a view without memory, whose frame is the same drawn again later)."""
    shots = list(snapshots(make_job(), units, frames))
    view = make_view()
    try:
        # every frame in order: a whole tab's curves grow from frame to frame
        drawn = [render_frame(view, shot, size) for shot in shots]
        first, last = drawn[0], drawn[-1]
        if stable:  # drawn again after another picture, a snapshot looks the same
            np.testing.assert_array_equal(render_frame(view, shots[0], size), first)
        return first, last
    finally:
        view.widget.deleteLater()


def test_a_100_step_descent_records_as_apng_of_the_requested_size_and_frames(
        qtbot, descent, tmp_path):
    dialog = open_dialog(qtbot, descent)
    configure(dialog, "apng", 0, 10, 2, 100)
    path = tmp_path / "descent.png"
    record(qtbot, dialog, path)
    frames = frames_of(path)
    assert len(frames) == 20
    assert all(frame.shape == (720, 1280, 3) for frame in frames)
    first, last = expected_ends(dialog.make_job, dialog.make_view, 100, 20, (1280, 720))
    np.testing.assert_array_equal(frames[0], first)
    np.testing.assert_array_equal(frames[-1], last)
    assert not np.array_equal(first, last)  # the paths moved between them
    assert "Saved" in dialog.message.text()


def test_a_200_epoch_training_records_as_gif_of_the_requested_size_and_frames(
        qtbot, network, tmp_path):
    dialog = open_dialog(qtbot, network)
    configure(dialog, "gif", 0, 5, 4, 200)
    path = tmp_path / "training.gif"
    record(qtbot, dialog, path)
    frames = frames_of(path)
    assert len(frames) == 20 and frames[0].shape == (720, 1280, 3)
    first, last = expected_ends(dialog.make_job, dialog.make_view, 200, 20, (1280, 720))
    # GIF keeps 256 colours per frame: compare with a tolerance of a few levels
    for got, want in ((frames[0], first), (frames[-1], last)):
        assert np.mean(np.abs(got.astype(int) - want.astype(int))) < 3.0
    assert np.mean(np.abs(first.astype(int) - last.astype(int))) > 3.0  # the boundary moved


def test_the_plots_own_size_is_offered_and_used(qtbot, network, tmp_path):
    dialog = open_dialog(qtbot, network)
    configure(dialog, "apng", 2, 2, 1, 5)
    width, height = dialog.size_choice.currentData()
    assert "as on screen" in dialog.size_choice.currentText()
    path = tmp_path / "small.png"
    record(qtbot, dialog, path)
    with Image.open(path) as image:
        assert image.size == (width, height) and image.n_frames == 2


def test_mp4_without_its_encoder_says_how_to_get_it_and_gif_still_works(
        qtbot, descent, tmp_path, monkeypatch):
    def missing():
        raise ImportError("No module named 'imageio_ffmpeg'")

    monkeypatch.setattr(encoders, "_ffmpeg", missing)
    dialog = open_dialog(qtbot, descent)
    assert dialog.mp4_note.isVisible() and "pip install" in dialog.mp4_note.text()
    configure(dialog, "mp4", 0, 2, 1, 10)
    assert not dialog.record_to(str(tmp_path / "run.mp4"))
    assert "imageio-ffmpeg" in dialog.message.text()
    assert not list(tmp_path.iterdir())
    configure(dialog, "gif", 0, 2, 1, 10)
    record(qtbot, dialog, tmp_path / "run.gif")


def test_mp4_records_when_the_encoder_is_installed(qtbot, descent, tmp_path):
    pytest.importorskip("imageio_ffmpeg")
    dialog = open_dialog(qtbot, descent)
    configure(dialog, "mp4", 1, 10, 1, 50)
    path = tmp_path / "run.mp4"
    record(qtbot, dialog, path)
    assert path.stat().st_size > 1000
    assert path.read_bytes()[4:8] == b"ftyp"  # an MP4 container


def test_cancel_leaves_no_file_at_all(qtbot, descent, tmp_path):
    dialog = open_dialog(qtbot, descent)
    configure(dialog, "apng", 1, 30, 60, 1000)
    path = tmp_path / "long.png"
    assert dialog.record_to(str(path))
    # the recorder process starts at the lowest priority: on a loaded machine that takes long
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=180_000)
    assert encoders.temporary_path(path).parent == tmp_path
    dialog.cancel_button.click()
    assert "Cancelled" in dialog.message.text()
    assert not list(tmp_path.iterdir())
    assert dialog.record_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_the_live_run_goes_on_while_recording(qtbot, descent, tmp_path):
    descent.play_pause()
    qtbot.waitUntil(lambda: descent.model.run_snapshot is not None
                    and descent.model.run_snapshot.step > 0, timeout=10_000)
    live = descent.model.run
    dialog = open_dialog(qtbot, descent)
    configure(dialog, "gif", 0, 5, 2, 100)
    record(qtbot, dialog, tmp_path / "run.gif")
    assert descent.model.run is live  # the recording stepped its own job, not the window's


@pytest.mark.parametrize("name", ["network", "descent"])
def test_the_whole_tab_records_all_its_plots(request, qtbot, tmp_path, name):
    tab = request.getfixturevalue(name)
    dialog = open_dialog(qtbot, tab)
    scopes = [dialog.scope.itemData(i)[0] for i in range(dialog.scope.count())]
    assert scopes == ["plot", "tab"]
    dialog.scope.setCurrentIndex(1)
    assert "whole tab" in dialog.scope.currentText()
    configure(dialog, "apng", 0, 3, 1, 30)
    path = tmp_path / "tab.png"
    record(qtbot, dialog, path)
    frames = frames_of(path)
    assert len(frames) == 3 and all(f.shape == (720, 1280, 3) for f in frames)
    # the curves keep their axes from frame to frame: drawn in the recording's order
    first, last = expected_ends(dialog.make_job, dialog.make_view, 30, 3, (1280, 720),
                                stable=False)
    np.testing.assert_array_equal(frames[0], first)
    np.testing.assert_array_equal(frames[-1], last)
    # the whole tab, not one plot: the frame differs from the single plot's frame
    dialog.scope.setCurrentIndex(0)
    plot_first, _ = expected_ends(dialog.make_job, dialog.make_view, 30, 3, (1280, 720))
    assert not np.array_equal(plot_first, first)


def test_frames_are_drawn_by_the_recorder_process_not_the_window(
        qtbot, network, tmp_path, monkeypatch):

    def not_here(*_args):
        raise AssertionError("a frame was drawn on the GUI thread")

    monkeypatch.setattr(recorder, "render_frame", not_here)
    dialog = open_dialog(qtbot, network)
    configure(dialog, "gif", 0, 2, 1, 10)
    recording = record(qtbot, dialog, tmp_path / "run.gif")
    assert recording.rendered == 2
    assert len(frames_of(tmp_path / "run.gif")) == 2


def test_record_before_the_surface_is_analysed_says_so(qtbot, tmp_path):
    tab = DescentTab()
    qtbot.addWidget(tab)
    tab.show()
    try:
        assert not tab.ready  # pressed at once: the analysis is still running
        qtbot.mouseClick(tab.ui.transport.record_button,
                         pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
        dialog = tab.record_dialog
        assert "still being analysed" in dialog.message.text()
        assert not dialog.record_button.isEnabled()
    finally:
        tab.shutdown()


def test_the_dialog_readies_a_recorder_that_the_recording_uses_and_closing_ends_it(
        qtbot, descent, tmp_path):
    dialog = open_dialog(qtbot, descent)
    spare = recorder.spare_recorder()
    assert spare is not None
    # ready before Record is pressed: the recording starts drawing at once
    qtbot.waitUntil(spare.is_ready, timeout=180_000)
    configure(dialog, "gif", 0, 5, 1, 10)
    recording = record(qtbot, dialog, tmp_path / "warm.gif")
    assert recording._process is spare and not spare.process.is_alive()
    again = recorder.spare_recorder()  # a second recording from the dialog finds one too
    assert again is not None and again is not spare and again.process.is_alive()
    dialog.close()
    assert recorder.spare_recorder() is None
    qtbot.waitUntil(lambda: not again.process.is_alive(), timeout=10_000)
