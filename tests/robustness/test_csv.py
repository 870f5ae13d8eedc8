"""Hostile CSV files: each ends in a clear refusal or a correct load, never a hang.

Every case runs in a child process with a hard timeout and a memory cap
(tests/robustness/isolation.py), so a FIFO that blocks or a device that never
ends fails its test instead of blocking the suite.  Issue 14 items 3, 4, 8, 15,
16; issue 12 item 9.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.network.datasets import load_csv
from tests.robustness.isolation import run_isolated

XOR_ROWS = ["x1,x2,label", "0,0,0", "0,1,1", "1,0,1", "1,1,0", "0.5,0.5,0"]


def summary(path: str) -> tuple:
    """What a loaded file became: rows, features, classes and the first two feature values."""
    data = load_csv(path, 0.0, 0)
    first = sorted(map(tuple, data.X_train.tolist()))[0][:2]
    return len(data.y_train), data.n_features, data.classes, first


def _text(rows: list[str], sep: str = "\n") -> str:
    return sep.join(rows) + sep


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.csv"
    os.mkfifo(path)
    return path


def _link(tmp: Path, target: Path | str, name: str = "link.csv") -> Path:
    path = tmp / name
    path.symlink_to(target)
    return path


def _labels(values: list[str]) -> str:
    return _text([f"{i % 7},{i % 5},{v}" for i, v in enumerate(values)])


def _wide(columns: int, rows: int = 5) -> str:
    return _text([",".join(["1"] * (columns - 1) + [str(r % 2)]) for r in range(rows)])


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sheet.xml", "<x/>")
    return buffer.getvalue()


# name -> (builder, fragment the message must hold)
REFUSED: dict[str, tuple[Callable[[Path], Path | str], str]] = {
    "fifo": (_fifo, "named pipe"),
    "dev zero": (lambda t: "/dev/zero", "device"),
    "dev urandom": (lambda t: "/dev/urandom", "device"),
    "dev null": (lambda t: "/dev/null", "device"),
    "symlink to dev zero": (lambda t: _link(t, "/dev/zero"), "device"),
    "symlink to fifo": (lambda t: _link(t, _fifo(t)), "named pipe"),
    "folder": (lambda t: t, "folder"),
    "missing": (lambda t: t / "missing.csv", "does not exist|no such file"),
    "empty": (lambda t: _write(t / "e.csv", ""), "empty"),
    "gzip": (lambda t: _write(t / "g.csv", gzip.compress(_text(XOR_ROWS).encode())), "gzip"),
    "xlsx zip": (lambda t: _write(t / "z.csv", _zip_bytes()), "zip"),
    "binary": (lambda t: _write(t / "b.csv", random.Random(3).randbytes(4096)), "binary"),
    "nul in text": (lambda t: _write(t / "n.csv", "1,2,0\n" * 3 + "\x00\x01\x02" * 500),
                    "binary"),
    "latin-1": (lambda t: _write(t / "l.csv", _text(["größe,x,y", "1,2,é", "3,4,è", "5,6,é",
                                                      "7,8,è"]).encode("latin-1")), "Latin-1"),
    "utf-16 no bom": (lambda t: _write(t / "u.csv", _text(XOR_ROWS).encode("utf-16-le")),
                      "UTF-16"),
    "over 10 MB": (lambda t: _write(t / "big.csv", "1,2,0\n" * 2_000_000), "limit is 10 MB"),
    "field over 131072": (lambda t: _write(t / "f.csv", "1,2,0\n1," + "9" * 200_000 + ",1\n"),
                          "131,072"),
    "70 classes": (lambda t: _write(t / "c.csv", _labels([str(i % 70) for i in range(140)])),
                   "70 different classes.*at most 64"),
    "300 float labels": (lambda t: _write(t / "r.csv", _labels([f"{i / 7:.4f}"
                                                                  for i in range(300)])),
                         "continuous"),
    "50 float labels": (lambda t: _write(t / "r.csv", _labels([f"{i * 0.37:.2f}"
                                                                 for i in range(50)])),
                        "continuous"),
    "9999 columns": (lambda t: _write(t / "w.csv", _wide(9_999)), "9,999 columns.*limit is 65"),
    "800000 columns": (lambda t: _write(t / "w.csv", _wide(800_000, rows=6)), "800,000 columns"),
    "2.6M rows": (lambda t: _write(t / "tall.csv", "0,1\n1,0\n" * 1_300_000),
                  "more than 100,000 data rows"),
    "empty label cell": (lambda t: _write(t / "l.csv", "a,b,y\n1,2,0\n3,4,\n5,6,0\n7,8,1\n"),
                         "row 3: the label .* is empty"),
    "ragged": (lambda t: _write(t / "r.csv", "1,2,0\n3,4\n5,6,0\n7,8,1\n"),
               "row 2 has 2 cells, expected 3"),
    "overflow": (lambda t: _write(t / "o.csv", "1,2,0\n1e400,4,1\n5,6,0\n7,8,1\n"),
                 "row 2, column 1 is NaN or infinite"),
    "header only": (lambda t: _write(t / "h.csv", "a,b,y\n"), "at least 4 data rows"),
    "one column": (lambda t: _write(t / "1.csv", "1\n2\n3\n4\n"), "feature column"),
}

LOADS: dict[str, tuple[Callable[[Path], Path], tuple]] = {
    "utf-8": (lambda t: _write(t / "p.csv", _text(XOR_ROWS)), (5, 2, (0, 1), (0.0, 0.0))),
    "utf-8 bom": (lambda t: _write(t / "p.csv", codecs.BOM_UTF8 + _text(XOR_ROWS).encode()),
                  (5, 2, (0, 1), (0.0, 0.0))),
    "utf-16 le bom": (lambda t: _write(t / "p.csv", _text(XOR_ROWS).encode("utf-16")),
                      (5, 2, (0, 1), (0.0, 0.0))),
    "utf-16 be bom": (lambda t: _write(t / "p.csv", codecs.BOM_UTF16_BE
                                       + _text(XOR_ROWS).encode("utf-16-be")),
                      (5, 2, (0, 1), (0.0, 0.0))),
    "crlf": (lambda t: _write(t / "p.csv", _text(XOR_ROWS, "\r\n")), (5, 2, (0, 1), (0.0, 0.0))),
    "semicolon decimal comma": (
        lambda t: _write(t / "p.csv", _text(["x1;x2;label", "0,5;1,25;a", "1;2;b", "3,5;0;a",
                                             "4;4;b"])),
        (4, 2, ("a", "b"), (0.5, 1.25))),
    "tab": (lambda t: _write(t / "p.csv", _text([r.replace(",", "\t") for r in XOR_ROWS])),
            (5, 2, (0, 1), (0.0, 0.0))),
    "64 classes": (lambda t: _write(t / "p.csv", _labels([f"c{i % 64}" for i in range(128)])),
                   (128, 2, tuple(sorted(f"c{i}" for i in range(64))), (0.0, 0.0))),
    "whole-number float labels": (lambda t: _write(t / "p.csv", _labels(["0.0", "1.0"] * 4)),
                                  (8, 2, (0, 1), (0.0, 0.0))),
    "symlink to a good file": (lambda t: _link(t, _write(t / "p.csv", _text(XOR_ROWS)), "l.csv"),
                               (5, 2, (0, 1), (0.0, 0.0))),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_csv_is_refused_by_name(tmp_path, name):
    build, fragment = REFUSED[name]
    outcome = run_isolated(f"csv {name}", load_csv, str(build(tmp_path)))
    assert outcome.kind == "raised", outcome.describe()
    assert outcome.error == "DatasetError", outcome.describe()
    assert re.search(fragment, outcome.message), outcome.describe()


@pytest.mark.parametrize("name", list(LOADS))
def test_csv_that_a_user_would_expect_to_load_does(tmp_path, name):
    build, expected = LOADS[name]
    outcome = run_isolated(f"csv {name}", summary, str(build(tmp_path)))
    assert outcome.kind == "returned", outcome.describe()
    assert outcome.value == repr(expected)
