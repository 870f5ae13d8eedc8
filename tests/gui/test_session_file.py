"""Session files: round trip, atomic save, and a battery of broken files."""

import json
import os
import random
import stat
from unittest import mock

import pytest

from gui.session_file import MAX_BYTES, SessionError, load_session, save_session

STATE = {
    "derivatives": {"formula": "(x^4+2)cos(x)", "x0": 1.0, "params": {}},
    "network": {"layers": "2-4-1", "W": [[[0.5, -1.25]], [[2.0]]], "loss": [0.7, 0.3]},
}


def test_round_trip(tmp_path):
    path = tmp_path / "lesson.json"
    save_session(path, STATE)
    assert load_session(path) == STATE


def test_save_is_atomic_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "lesson.json"
    save_session(path, STATE)
    before = path.read_bytes()
    with mock.patch("gui.session_file.os.replace", side_effect=OSError(28, "No space left")):
        with pytest.raises(SessionError, match="No space left"):
            save_session(path, {"vectors": {"A": [9, 9]}})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.json"]  # no temporary left


def test_unsaveable_values_are_refused_before_touching_the_file(tmp_path):
    path = tmp_path / "lesson.json"
    save_session(path, STATE)
    with pytest.raises(SessionError):
        save_session(path, {"network": {"loss": [float("nan")]}})
    assert load_session(path) == STATE


def _expect_message(path):
    with pytest.raises(SessionError) as info:
        load_session(path)
    message = str(info.value)
    assert message and "Traceback" not in message
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert "empty" in _expect_message(path)


def test_truncated_at_fifty_random_offsets(tmp_path):
    path = tmp_path / "lesson.json"
    save_session(path, STATE)
    whole = path.read_bytes()
    rng = random.Random(7)
    for offset in rng.sample(range(1, len(whole) - 1), 50):
        broken = tmp_path / "broken.json"
        broken.write_bytes(whole[:offset])
        _expect_message(broken)


@pytest.mark.parametrize(
    "document, fragment",
    [
        ([1, 2, 3], "not a Gradient Lab session"),
        ({"format": "something-else", "version": 1, "tabs": {}}, "not a Gradient Lab session"),
        ({"format": "gradient-lab-session", "version": "1", "tabs": {}}, "version"),
        ({"format": "gradient-lab-session", "version": 99, "tabs": {}}, "newer"),
        ({"format": "gradient-lab-session", "version": 0, "tabs": {}}, "unknown format"),
        ({"format": "gradient-lab-session", "version": 1, "tabs": []}, "no tabs"),
        ({"format": "gradient-lab-session", "version": 1, "tabs": {"spam": {}}}, "unknown tab"),
        ({"format": "gradient-lab-session", "version": 1, "tabs": {"network": 3}}, "network"),
    ],
)
def test_wrong_types_and_versions(tmp_path, document, fragment):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document))
    assert fragment in _expect_message(path)


def test_fifty_megabytes_of_junk(tmp_path):
    path = tmp_path / "junk.json"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)
    assert path.stat().st_size > MAX_BYTES
    assert "MB" in _expect_message(path)


def test_binary_junk_under_the_size_limit(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(4096)))
    _expect_message(path)


def test_nan_in_the_file_is_refused(tmp_path):
    path = tmp_path / "nan.json"
    path.write_text('{"format": "gradient-lab-session", "version": 1, '
                    '"tabs": {"network": {"loss": [NaN]}}}')
    assert "NaN" in _expect_message(path)


def test_a_directory_instead_of_a_file(tmp_path):
    assert "folder" in _expect_message(tmp_path)
    with pytest.raises(SessionError, match="folder"):
        save_session(tmp_path, STATE)


def test_missing_file(tmp_path):
    assert "does not exist" in _expect_message(tmp_path / "nope.json")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file regardless of mode")
def test_no_permission(tmp_path):
    path = tmp_path / "secret.json"
    save_session(path, STATE)
    path.chmod(0)
    try:
        assert "permission" in _expect_message(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_no_permission_reported_even_as_root(tmp_path):
    path = tmp_path / "secret.json"
    save_session(path, STATE)
    with mock.patch("engine.files.os.open", side_effect=PermissionError(13, "denied")):
        assert "permission" in _expect_message(path)


def test_a_session_too_big_to_reopen_is_not_saved(tmp_path, monkeypatch):
    path = tmp_path / "lesson.json"
    save_session(path, STATE)
    monkeypatch.setattr("gui.session_file.MAX_BYTES", 100)
    with pytest.raises(SessionError, match="at most"):
        save_session(path, {"network": {"W": list(range(100))}})
    monkeypatch.undo()
    assert load_session(path) == STATE
