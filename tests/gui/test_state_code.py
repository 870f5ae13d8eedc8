"""Share a state: a text code round-trips a tab's state; a bad code gets a message."""

import base64
import zlib

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from gui import state_code
from gui.main_window import MainWindow, tab_keys
from gui.session_file import SessionError


def test_a_code_round_trips_every_json_value():
    tabs = {"descent": {"formula": "x^2 + 3y^2", "alpha": 0.1 + 0.2, "starts": [[1, -2.5]],
                        "name": "β → ∞", "flag": True, "none": None}}
    code = state_code.encode(tabs)
    assert code.startswith("GL1:") and code.isascii() and " " not in code
    assert state_code.decode(code) == tabs
    # line breaks from a chat window are harmless
    assert state_code.decode("\n".join(code[i:i + 40] for i in range(0, len(code), 40))) == tabs


@pytest.mark.parametrize("bad, words", [
    ("hello", "not a Gradient Lab state code"),
    ("GL1:", "cut short"),
    ("GL1:@@@@", "damaged"),
    ("GL1:" + base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(), "not a Gradient Lab"),
    ("GL1:" + base64.urlsafe_b64encode(zlib.compress(b'{"format": 1e999}')).decode(),
     "damaged or not a session"),
    ("GL1:" + base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe")).decode(), "not text"),
    ("GL1:" + base64.urlsafe_b64encode(zlib.compress(b" " * (30 << 20))).decode(),
     "more than a session may hold"),
])
def test_a_bad_code_is_refused_with_a_reason(bad, words):
    with pytest.raises(SessionError, match=words):
        state_code.decode(bad)


def test_a_truncated_code_says_so():
    code = state_code.encode({"vectors": {"a": [1, 2], "b": [3, 4]}})
    with pytest.raises(SessionError, match=r"cut short|damaged"):
        state_code.decode(code[: len(code) // 2])


def test_copy_and_paste_a_tabs_state_between_windows(qtbot, window, tmp_path):
    key = "derivatives"
    window.tabs.setCurrentIndex(tab_keys().index(key))
    tab = window.tab(key)
    state = tab.state()
    code = window.copy_state_code()
    assert QGuiApplication.clipboard().text() == code
    other = MainWindow(settings=QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    other.tabs.setCurrentIndex(0)
    other.paste_state_code()
    assert other.tabs.currentIndex() == tab_keys().index(key)
    assert other.tab(key).state() == state
    other.shutdown()


def test_pasting_a_bad_code_changes_nothing_and_says_why(window):
    before = window.tab("vectors").state()
    QGuiApplication.clipboard().setText("GL1:not-really")
    window.paste_state_code()
    assert "Could not use the state code" in window.sessions.last_message
    assert window.tab("vectors").state() == before
