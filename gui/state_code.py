"""A tab's state as a short text code to paste into another Gradient Lab (Edit menu).

The code is the session format (versioned, checked like any opened session),
compressed and written in URL-safe base64 behind a prefix: ``GL1:eNq…``.  A
code from elsewhere is untrusted: its length and its unpacked size are bounded
before anything is parsed, and every problem is a :class:`SessionError`.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

from gui.session_file import MAX_BYTES, SessionError, parse_session, session_text

PREFIX = "GL1:"
MAX_CODE_CHARS = 4 * 1024 * 1024


def encode(tabs: dict[str, dict[str, Any]]) -> str:
    """The code of ``tabs`` (tab key → state), e.g. just the current tab's."""
    packed = zlib.compress(session_text(tabs).encode("utf-8"), 9)
    return PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(code: str) -> dict[str, dict[str, Any]]:
    """The tabs' states in ``code``; raises SessionError saying what is wrong with it."""
    text = "".join(str(code).split())  # line breaks from e-mail or chat are harmless
    if not text.startswith(PREFIX):
        raise SessionError("this is not a Gradient Lab state code (it starts with "
                           f"{PREFIX!r}; copy one with Edit → Copy state code)")
    if len(text) > MAX_CODE_CHARS:
        raise SessionError(f"this code is {len(text):,} characters long; a state code is "
                           f"at most {MAX_CODE_CHARS:,}")
    body = text[len(PREFIX):]
    try:
        packed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(packed, MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise SessionError("this state code is damaged (part of it may be missing)") from None
    if len(data) > MAX_BYTES or unpacker.unconsumed_tail:
        raise SessionError("this state code unpacks to more than a session may hold")
    if not unpacker.eof:
        raise SessionError("this state code is cut short (copy all of it)")
    try:
        document = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError("this state code is damaged (not text inside)") from None
    return parse_session(document, "the state code")
