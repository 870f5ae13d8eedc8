"""Session files: every tab's state as versioned JSON, saved atomically.

Qt-free on purpose, so the format can be read and tested on its own.  A file
looks like ``{"format": "gradient-lab-session", "version": 1, "tabs": {...}}``
where each tab's entry is what its ``state()`` returned.

Saving writes a temporary file beside the target and renames it over the
target (``os.replace`` is atomic on POSIX and Windows), so a crash mid-save
leaves the previous file whole; a symlink is written through.  Loading opens
only regular files and reads at most MAX_BYTES + 1 bytes
(``engine.files.read_regular``: a FIFO or a device never blocks or fills
memory), takes a UTF-8 byte-order mark, and checks everything it can before
the caller touches any tab.  Every failure is a :class:`SessionError` whose
message a person can act on.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from engine.files import FileReadError, kind_of, read_regular

FORMAT = "gradient-lab-session"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_INT_DIGITS = 400  # no value in a session comes near; Python refuses past 4,300 anyway
TAB_KEYS = ("vectors", "derivatives", "descent", "network")


class SessionError(ValueError):
    """A session that cannot be saved or opened; the message says why."""


def session_text(tabs: dict[str, dict[str, Any]], indent: int | None = None) -> str:
    """The versioned JSON document of ``tabs`` (what a file or a shared code holds)."""
    document = {"format": FORMAT, "version": VERSION, "tabs": tabs}
    try:
        return json.dumps(document, indent=indent, allow_nan=False, ensure_ascii=False,
                          separators=None if indent else (",", ":"))
    except (TypeError, ValueError) as exc:
        raise SessionError(f"this session holds something that cannot be saved: {exc}") from None


def save_session(path: str | os.PathLike[str], tabs: dict[str, dict[str, Any]]) -> None:
    """Write ``tabs`` to ``path`` atomically (temporary file, then replace).

    A symlink is written through: the file it points to is replaced and the link
    stays a link.  The temporary name is short, so any name the system allows saves.
    """
    text = session_text(tabs, indent=1)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:  # the limit opening applies: never save what cannot be reopened
        raise SessionError(f"this session would be {size / 2**20:.1f} MB; a session that "
                           f"opens again is at most {MAX_BYTES / 2**20:g} MB")
    target = Path(os.path.realpath(path))
    mode = _existing_mode(target, Path(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".gl-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SessionError(f"cannot write in {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            if hasattr(os, "fchmod"):  # mkstemp makes 0o600; keep the file's usual mode
                os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise SessionError(f"cannot save to {target}: {exc.strerror}") from None


def _existing_mode(target: Path, shown: Path) -> int:
    """The permission bits the saved file gets: the old file's, or the usual 0o666 less umask."""
    try:
        status = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as exc:
        raise SessionError(f"cannot save to {shown}: {exc.strerror}") from None
    kind = kind_of(status.st_mode)
    if kind is not None:  # never replace a folder, a device or a pipe with a file
        raise SessionError(f"{shown} is {kind}; choose a file name")
    return stat.S_IMODE(status.st_mode)


def load_session(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Read and check a session file; return its tabs' states."""
    source = Path(path)
    return parse_session(_read_text(source), source.name)


def parse_session(text: str, name: str) -> dict[str, dict[str, Any]]:
    """Check a session's JSON text (from a file or a shared code) and return its tabs' states."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite,
                              parse_int=_bounded_int)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise SessionError(f"{name} is damaged or not a session file ({reason})") from None
    return _checked(document, name)


def _read_text(source: Path) -> str:
    try:
        data = read_regular(source, MAX_BYTES, "a session file")
    except FileReadError as exc:
        raise SessionError(str(exc)) from None
    if not data.strip():
        raise SessionError(f"{source.name} is empty")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # re-saved by an editor as UTF-16
            return data.decode("utf-16")
        return data.decode("utf-8-sig")  # a byte-order mark (as some editors write) is fine
    except UnicodeDecodeError:
        raise SessionError(f"{source.name} is not UTF-8 text, so not a session") from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in a session")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise ValueError(f"the number {text[:40]} is too large for a float")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a whole number with {len(text.lstrip('-')):,} digits")
    return int(text)


def _checked(document: Any, name: str) -> dict[str, dict[str, Any]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SessionError(f"{name} is not a Gradient Lab session")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError(f"{name} has no valid format version")
    if version > VERSION:
        raise SessionError(
            f"{name} was saved by a newer Gradient Lab (format {version}); "
            f"this one reads format {VERSION} and older"
        )
    if version < 1:
        raise SessionError(f"{name} has an unknown format version {version}")
    tabs = document.get("tabs")
    if not isinstance(tabs, dict):
        raise SessionError(f"{name} holds no tabs")
    for key, state in tabs.items():
        if key not in TAB_KEYS:
            raise SessionError(f"{name} names an unknown tab {key!r}")
        if not isinstance(state, dict):
            raise SessionError(f"{name}: the {key} tab's entry is not a set of values")
    return tabs
