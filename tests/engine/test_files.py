"""Reading only regular files, never more than the limit plus one byte."""

import os

import pytest

from engine.files import FileReadError, read_regular


def test_a_regular_file_up_to_the_limit_reads_and_one_byte_more_is_refused(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    with pytest.raises(FileReadError, match="limit is"):
        read_regular(path, 99)


@pytest.mark.parametrize(("make", "kind"), [
    (lambda t: os.mkfifo(t / "p") or t / "p", "named pipe"),
    (lambda t: "/dev/zero", "device"),
    (lambda t: t, "folder"),
    (lambda t: (t / "l").symlink_to("/dev/urandom") or t / "l", "device"),
])
def test_other_kinds_of_file_are_named_without_opening_them_for_long(tmp_path, make, kind):
    with pytest.raises(FileReadError, match=f"is a {kind}"):
        read_regular(make(tmp_path), 1000, "a table")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.bin"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def stale_size(descriptor):  # as if the file grew after fstat looked
        status = real_fstat(descriptor)
        path.write_bytes(b"x" * 5000)
        return status

    monkeypatch.setattr("engine.files.os.fstat", stale_size)
    with pytest.raises(FileReadError, match="over"):
        read_regular(path, 1000)
