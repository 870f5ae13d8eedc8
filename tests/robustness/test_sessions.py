"""Hostile session files: opening never blocks or fills memory, saving never loses work.

The file-level cases run in a child process with a hard timeout and a memory
cap (tests/robustness/isolation.py).  Issue 14 items 2, 3, 5, 16.  The same
files through the window (File → Open, recent files, the command line) and the
save-and-reopen round trips are in test_session_window.py.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.session_file import load_session, save_session
from tests.robustness.isolation import run_isolated

GOOD = {"format": "gradient-lab-session", "version": 1,
        "tabs": {"derivatives": {"formula": "x^5", "x0": 1.0}}}
GOOD_TEXT = json.dumps(GOOD)


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.json"
    os.mkfifo(path)
    return path


def _link(tmp: Path, target: Path | str) -> Path:
    path = tmp / "link.json"
    path.symlink_to(target)
    return path


def _sparse(tmp: Path, size: int) -> Path:
    path = tmp / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


def _nested(depth: int) -> str:
    return '{"format": "gradient-lab-session", "version": 1, "tabs": ' + "[" * depth + "]" * depth \
        + "}"


REFUSED: dict[str, tuple[Callable[[Path], Path | str], str]] = {
    "fifo": (_fifo, "named pipe"),
    "dev zero": (lambda t: "/dev/zero", "device"),
    "dev urandom": (lambda t: "/dev/urandom", "device"),
    "symlink to dev zero": (lambda t: _link(t, "/dev/zero"), "device"),
    "symlink to dev urandom": (lambda t: _link(t, "/dev/urandom"), "device"),
    "symlink to fifo": (lambda t: _link(t, _fifo(t)), "named pipe"),
    "folder": (lambda t: t, "folder"),
    "missing": (lambda t: t / "nope.json", "does not exist"),
    "30 MB": (lambda t: _sparse(t, 30 * 2**20), r"30(\.0)? MB.*20 MB"),
    "utf-16 no bom": (lambda t: _write(t / "u.json", GOOD_TEXT.encode("utf-16-le")),
                      "not a Gradient Lab session|damaged"),
    "latin-1": (lambda t: _write(t / "l.json", GOOD_TEXT.replace("x^5", "é").encode("latin-1")),
                "not UTF-8 text|not a text file"),
    "nested 100000 deep": (lambda t: _write(t / "n.json", _nested(100_000)), "damaged"),
    "1e999": (lambda t: _write(t / "f.json", GOOD_TEXT.replace("1.0", "1e999")), "too large"),
    "5000-digit integer": (lambda t: _write(t / "i.json", GOOD_TEXT.replace("1.0", "9" * 5000)),
                           "digits"),
    "NaN": (lambda t: _write(t / "nan.json", GOOD_TEXT.replace("1.0", "NaN")), "NaN"),
    "truncated": (lambda t: _write(t / "t.json", GOOD_TEXT[:40]), "damaged"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_session_file_is_refused_by_name(tmp_path, name):
    build, fragment = REFUSED[name]
    outcome = run_isolated(f"session {name}", load_session, str(build(tmp_path)))
    assert outcome.kind == "raised", outcome.describe()
    assert outcome.error == "SessionError", outcome.describe()
    assert re.search(fragment, outcome.message), outcome.describe()


@pytest.mark.parametrize("encoded", [codecs.BOM_UTF8 + GOOD_TEXT.encode(),
                                     GOOD_TEXT.encode("utf-16")], ids=["utf-8 bom", "utf-16 bom"])
def test_a_session_with_a_byte_order_mark_opens(tmp_path, encoded):
    path = _write(tmp_path / "bom.json", encoded)
    outcome = run_isolated(f"session {encoded[:2]!r} bom", load_session, str(path))
    assert outcome.kind == "returned", outcome.describe()
    assert outcome.value == repr(GOOD["tabs"])


def test_saving_over_a_symlink_writes_through_and_keeps_the_link(tmp_path):
    target = _write(tmp_path / "real.json", GOOD_TEXT)
    link = _link(tmp_path, target)
    changed = {"derivatives": {"formula": "x^3", "x0": 2.0}}
    outcome = run_isolated("session save through symlink", save_session, str(link), changed)
    assert outcome.kind == "returned", outcome.describe()
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert load_session(target) == changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_saving_keeps_the_files_permissions(tmp_path):
    path = _write(tmp_path / "shared.json", GOOD_TEXT)
    path.chmod(0o640)
    save_session(path, {"derivatives": {"formula": "x"}})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_legal_250_character_name_saves(tmp_path):
    path = tmp_path / ("s" * 245 + ".json")
    outcome = run_isolated("session save 250-character name", save_session, str(path),
                           GOOD["tabs"])
    assert outcome.kind == "returned", outcome.describe()
    assert load_session(path) == GOOD["tabs"]


def test_saving_over_a_fifo_is_refused_and_the_fifo_stays(tmp_path):
    fifo = _fifo(tmp_path)
    outcome = run_isolated("session save over fifo", save_session, str(fifo), GOOD["tabs"])
    assert outcome.kind == "raised" and "named pipe" in outcome.message, outcome.describe()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
