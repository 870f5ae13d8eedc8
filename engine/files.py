"""Reading a file a user named, without ever blocking or running out of memory.

A path can name a named pipe (FIFO: ``open`` waits for a writer forever), a
device (``/dev/zero`` reports size 0 and never ends), a folder, or a symlink to
any of them.  ``read_regular`` opens only regular files: it looks at the path
with ``os.stat`` (which follows symlinks) before opening, opens with
``O_NONBLOCK`` so that even a FIFO swapped in between the two cannot block the
open, checks the opened descriptor again with ``os.fstat``, and reads at most
``limit + 1`` bytes, so a file that grows while it is read is still refused.
"""

from __future__ import annotations

import os
import stat

READ_CHUNK = 1 << 20


class FileReadError(ValueError):
    """A file that cannot be read as asked; the message names the path and the reason."""


def kind_of(mode: int) -> str | None:
    """What a non-regular ``st_mode`` is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int, noun: str = "a file") -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises FileReadError saying "<path> is a folder, not <noun>", "… is a named
    pipe (FIFO) …", "… is a device …", "does not exist", "no permission" or
    "<name> is N MB; the limit is M MB".
    """
    shown = os.fspath(path)
    try:
        _check_kind(os.stat(path).st_mode, shown, noun)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileReadError(f"{shown} does not exist") from None
    except PermissionError:
        raise FileReadError(f"no permission to read {shown}") from None
    except OSError as exc:
        raise FileReadError(f"cannot read {shown}: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        _check_kind(status.st_mode, shown, noun)  # it may have been swapped since os.stat
        if status.st_size > limit:
            _too_big(f"{status.st_size / 2**20:.1f} MB", limit, shown)
        data = _read_at_most(descriptor, limit + 1, shown)
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew after fstat, or reports a wrong size
        _too_big(f"over {limit / 2**20:.0f} MB", limit, shown)
    return data


def _check_kind(mode: int, shown: str, noun: str) -> None:
    kind = kind_of(mode)
    if kind is None:
        return
    if kind == "not a regular file":
        raise FileReadError(f"{shown} is not a regular file, so not {noun}")
    raise FileReadError(f"{shown} is {kind}, not {noun}")


def _too_big(size: str, limit: int, shown: str) -> None:
    raise FileReadError(f"{os.path.basename(shown)} is {size}; the limit is {limit / 2**20:g} MB")


def _read_at_most(descriptor: int, count: int, shown: str) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        try:
            chunk = os.read(descriptor, min(READ_CHUNK, left))
        except OSError as exc:
            raise FileReadError(f"cannot read {shown}: {exc.strerror}") from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
