"""Hostile sessions through the window: File → Open, recent files, the command line,
and whatever the app lets a user build saves AND reopens.

A FIFO that blocks is released by a watchdog after a few seconds (so a hang
fails the test instead of blocking the suite); devices go through the command
line in a child process under a memory cap and a hard timeout.  Issue 14 items
2, 3, 4, 5, 12, 16.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox

from gui.main_window import MainWindow
from tests.robustness.isolation import Outcome, record

RELEASE_AFTER_S = 5.0
COMMAND_LINE_TIMEOUT_S = 240.0
CHILD_MEMORY_CAP = 6 * 2**30


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    yield window
    window.close()


@contextmanager
def released_if_blocked(fifo: Path):
    """Yield a list that gets True if anything blocked opening ``fifo``; then unblock it."""
    blocked: list[bool] = []
    done = threading.Event()

    def watch() -> None:
        if done.wait(RELEASE_AFTER_S):
            return
        while not done.is_set():  # opening for writing succeeds only while a reader waits
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                blocked.append(True)
            except OSError:
                done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield blocked
    finally:
        done.set()
        watcher.join()


def _message_box(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, "session_message") if b.isVisible()]
    return boxes[-1] if boxes else None


def _refused_visibly(window, started: float, case: str, blocked: list) -> str:
    seconds = time.perf_counter() - started
    box = _message_box(window)
    text = box.text() if box is not None else ""
    record(Outcome(case, "timeout" if blocked else "raised", message=text, seconds=seconds))
    assert not blocked, f"{case}: blocked opening a FIFO until released"
    assert box is not None, f"{case}: no message reached a dialog"
    return text


def test_file_open_of_a_fifo_says_so_without_blocking(qtbot, window, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with released_if_blocked(fifo) as blocked, mock.patch(
        "gui.sessions.QFileDialog.getOpenFileName", return_value=(str(fifo), "")
    ):
        window.sessions.open_dialog()
        qtbot.waitUntil(lambda: _message_box(window) is not None, timeout=15_000)
    assert "named pipe" in _refused_visibly(window, started, "window File → Open fifo", blocked)


def test_recent_file_that_became_a_fifo_says_so_without_blocking(qtbot, window, tmp_path):
    path = tmp_path / "lesson.json"
    assert window.sessions.save_path(str(path))
    path.unlink()
    os.mkfifo(path)
    action = window.sessions.recent_menu.actions()[0]
    started = time.perf_counter()
    with released_if_blocked(path) as blocked:
        action.trigger()
        qtbot.waitUntil(lambda: _message_box(window) is not None, timeout=15_000)
    assert "named pipe" in _refused_visibly(window, started, "window recent fifo", blocked)


COMMAND_LINE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
import gui.app as app
from PySide6.QtWidgets import QApplication

class NoLoop:  # the window opens and the session is tried; the event loop is not entered
    def __init__(self, real):
        self.real = real
    def exec(self):
        return 0

real = app.create_application
app.create_application = lambda: NoLoop(real())
for path in sys.argv[1:]:
    app.main([path])
    for widget in QApplication.topLevelWidgets():
        widget.close()
"""


def test_command_line_opens_fifo_devices_and_links_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    link = tmp_path / "random.json"
    link.symlink_to("/dev/urandom")
    paths = [str(fifo), "/dev/zero", str(link), str(tmp_path)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", COMMAND_LINE.format(cap=CHILD_MEMORY_CAP),
                               *paths], capture_output=True, text=True, env=env,
                              timeout=COMMAND_LINE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        record(Outcome("command line hostile paths", "timeout",
                       seconds=time.perf_counter() - started))
        pytest.fail("the command line blocked on a hostile session path")
    record(Outcome("command line hostile paths", "raised", message=done.stderr[-300:],
                   seconds=time.perf_counter() - started))
    assert done.returncode == 0, done.stderr[-3000:]
    refused = [line for line in done.stderr.splitlines() if "could not open" in line]
    assert len(refused) == len(paths), done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


def _csv(path: Path, classes: int, rows: int) -> Path:
    lines = [f"{(i * 7) % 11 / 10},{(i * 3) % 13 / 10},class{i % classes}" for i in range(rows)]
    path.write_text("x1,x2,label\n" + "\n".join(lines) + "\n")
    return path


def _use_csv(qtbot, tab, path: Path) -> QLabel:
    tab.ui.controls.use_csv(str(path))
    message = tab.findChild(QLabel, "data_message")
    qtbot.waitUntil(lambda: tab.settings.csv_path == str(path) or message.isVisibleTo(tab),
                    timeout=10_000)
    return message


def test_a_csv_past_the_layer_limit_is_refused_where_it_enters(qtbot, window, tmp_path):
    tab = window.tab("network")
    message = _use_csv(qtbot, tab, _csv(tmp_path / "seventy.csv", 70, 140))
    qtbot.waitUntil(lambda: message.isVisibleTo(tab), timeout=10_000)
    assert "70 different classes" in message.text() and "64" in message.text()
    path = tmp_path / "after.json"
    assert window.sessions.save_path(str(path))  # what is on screen still saves and reopens
    assert window.sessions.open_path(str(path)), window.sessions.last_message


def test_the_largest_csv_the_app_takes_saves_and_reopens(qtbot, window, tmp_path):
    tab = window.tab("network")
    csv = _csv(tmp_path / "sixty-four.csv", 64, 128)
    _use_csv(qtbot, tab, csv)
    qtbot.waitUntil(lambda: tab.settings.layers[-1] == 64 and tab.latest is not None,
                    timeout=10_000)
    tab.step()
    qtbot.waitUntil(lambda: tab.state()["loss_history"]["epochs"] == [1], timeout=10_000)
    saved = window.sessions.collect()
    path = tmp_path / "wide.json"
    assert window.sessions.save_path(str(path))
    tab.reset()
    assert window.sessions.open_path(str(path)), window.sessions.last_message
    assert window.sessions.collect()["network"] == saved["network"]


def _session_with(window, tmp_path: Path, name: str, change) -> Path:
    state = json.loads(json.dumps(window.sessions.collect()))
    change(state)
    path = tmp_path / name
    path.write_text(json.dumps({"format": "gradient-lab-session", "version": 1, "tabs": state}))
    return path


def _refused_and_unchanged(window, path: Path, fragment: str, capfd) -> None:
    before = window.sessions.collect()
    assert not window.sessions.open_path(str(path))
    box = _message_box(window)
    assert box is not None and fragment in box.text(), box and box.text()
    assert window.sessions.collect() == before
    assert "Traceback" not in capfd.readouterr().err


def test_azimuth_1e30_is_refused_with_a_message_and_no_traceback(window, tmp_path, capfd):
    def huge_angle(state):
        state["vectors"]["space"]["azimuth"] = 1e30
        state["vectors"]["plane"]["a"] = [4.0, 1.0]  # changed first, so it must roll back
    path = _session_with(window, tmp_path, "angle.json", huge_angle)
    _refused_and_unchanged(window, path, "Azimuth", capfd)


def test_ragged_weights_get_a_message_in_words(window, tmp_path, capfd):
    def ragged(state):
        state["network"]["weights"][0][1] = [0.5]
    path = _session_with(window, tmp_path, "ragged.json", ragged)
    _refused_and_unchanged(window, path, "ragged", capfd)


def test_rollback_works_when_the_current_csv_was_deleted(qtbot, window, tmp_path, capfd):
    tab = window.tab("network")
    csv = _csv(tmp_path / "gone.csv", 2, 12)
    _use_csv(qtbot, tab, csv)
    qtbot.waitUntil(lambda: tab.dataset is not None and tab.dataset.name == "gone.csv",
                    timeout=10_000)

    def bad_network(state):
        state["vectors"]["plane"]["a"] = [4.0, 1.0]
        state["network"]["settings"]["layers"] = [2, 70, 1]
    path = _session_with(window, tmp_path, "bad.json", bad_network)
    csv.unlink()
    _refused_and_unchanged(window, path, "70", capfd)


def test_a_session_whose_csv_was_deleted_says_which_file(qtbot, window, tmp_path, capfd):
    tab = window.tab("network")
    csv = _csv(tmp_path / "later-gone.csv", 2, 12)
    _use_csv(qtbot, tab, csv)
    qtbot.waitUntil(lambda: tab.dataset is not None and tab.dataset.name == "later-gone.csv",
                    timeout=10_000)
    path = tmp_path / "uses-csv.json"
    assert window.sessions.save_path(str(path))
    csv.unlink()
    _refused_and_unchanged(window, path, "later-gone.csv does not exist", capfd)


def test_file_open_reads_in_a_worker_and_then_every_tab_takes_its_part(qtbot, window, tmp_path):
    tab = window.tab("network")
    csv = _csv(tmp_path / "kept.csv", 3, 30)
    _use_csv(qtbot, tab, csv)
    qtbot.waitUntil(lambda: tab.dataset is not None and tab.dataset.name == "kept.csv",
                    timeout=10_000)
    saved = window.sessions.collect()
    path = tmp_path / "lesson.json"
    assert window.sessions.save_path(str(path))
    tab.model.apply_preset("recommended")
    window.tab("vectors").set_component("b", 0, "5")
    assert window.sessions.collect() != saved
    with mock.patch("gui.sessions.QFileDialog.getOpenFileName", return_value=(str(path), "")):
        window.sessions.open_dialog()
    qtbot.waitUntil(lambda: window.status_label.text() == "Opened lesson.json", timeout=15_000)
    assert window.sessions.collect() == saved
    assert _message_box(window) is None
