"""Whole sessions through the window: round trip, and broken files change nothing."""

import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui.main_window import MainWindow
from gui.session_file import load_session


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot, settings):
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    return window


def _change_every_tab(window, qtbot):
    """Move each tab away from its defaults through its own controls."""
    vectors = window.tab("vectors")
    assert vectors.set_component("b", 0, "5")
    derivatives = window.tab("derivatives")
    assert derivatives.ui.formula.set_text("a*x^3 - x")
    descent = window.tab("descent")
    qtbot.waitUntil(lambda: descent.model.run is not None, timeout=10_000)
    descent.add_start(1.5, -2.5)
    network = window.tab("network")
    qtbot.waitUntil(lambda: network.latest is not None, timeout=10_000)
    for epoch in (1, 2, 3):
        network.step()
        qtbot.waitUntil(lambda e=epoch: _epochs(network) == e, timeout=10_000)


def _epochs(network) -> int:
    epochs = network.state()["loss_history"]["epochs"]
    return epochs[-1] if epochs else 0


def test_session_round_trip_reproduces_every_tab(qtbot, settings, tmp_path):
    first = _window(qtbot, settings)
    _change_every_tab(first, qtbot)
    saved = first.sessions.collect()
    assert saved["network"]["loss_history"]["epochs"][-1] == 3
    assert saved["descent"]["starts"][-1] == [1.5, -2.5]
    path = tmp_path / "lesson.json"
    assert first.sessions.save_path(str(path))
    first.close()

    second = _window(qtbot, settings)
    assert second.sessions.collect() != saved  # a fresh window starts from the defaults
    assert second.sessions.open_path(str(path))
    assert second.sessions.collect() == saved
    network = second.tab("network")
    network.step()  # training goes on from the saved weights and epoch count
    qtbot.waitUntil(lambda: _epochs(network) == 4, timeout=10_000)
    assert network.state()["weights"] != saved["network"]["weights"]
    assert str(path.resolve()) == second.sessions.recent()[0]
    second.close()


def _broken_files(tmp_path, good):
    whole = good.read_bytes()
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff" * 1000)
    cases = {
        "empty": b"",
        "truncated": whole[: len(whole) // 2],
        "foreign": json.dumps({"hello": "world"}).encode(),
        "newer": json.dumps({"format": "gradient-lab-session", "version": 9,
                             "tabs": {}}).encode(),
        "bad tab value": json.dumps({"format": "gradient-lab-session", "version": 1,
                                     "tabs": {"derivatives": {"formula": 42}}}).encode(),
        "bad formula": json.dumps({"format": "gradient-lab-session", "version": 1,
                                   "tabs": {"vectors": load_session(good)["vectors"],
                                            "derivatives": {"formula": "foo(x"}}}).encode(),
    }
    paths = [junk, tmp_path]  # binary junk, and a folder instead of a file
    for name, data in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_broken_files_give_a_message_and_change_nothing(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    good = tmp_path / "good.json"
    window.sessions.save_path(str(good))
    _change_every_tab(window, qtbot)
    before = window.sessions.collect()
    for path in _broken_files(tmp_path, good):
        window.sessions.last_message = ""
        assert not window.sessions.open_path(str(path)), path
        assert window.sessions.last_message, path
        assert window.sessions.collect() == before, path
    for box in window.findChildren(QMessageBox):  # read: a person would close each one
        box.close()
    window.close()
