"""A user's CSV file as rows of text cells: safe reading, decoding and the delimiter.

Whatever a user points at — a spreadsheet's semicolon file, a UTF-16 export, a
gzip archive, a FIFO — ends either as rows of cells or as a ``TableError``
that names what the file is and what to do.  Nothing here reads more than the
byte limit, and parsing stops at the row limit (plus one, to say it was passed),
so a huge file costs no more than the limit.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from engine.files import FileReadError, read_regular

DELIMITERS = (";", "\t", ",")  # on a tie, the earlier wins
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SAMPLE_LINES = 50
SAMPLE_CHARS = 65_536  # the delimiter is judged on the start only: a huge file costs no more
MAX_FIELD_CHARS = 131_072  # the csv module's own default, named so the message can say it

# Leading bytes of files people mistake for CSV, and what to say about them.
MAGIC = (
    (b"\x1f\x8b", "a gzip file (compressed): unpack it first"),
    (b"PK\x03\x04", "a zip file (an Excel .xlsx workbook is one): save the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook: save the sheet as CSV"),
    (b"BZh", "a bzip2 file (compressed): unpack it first"),
    (b"\xfd7zXZ\x00", "an xz file (compressed): unpack it first"),
    (b"%PDF", "a PDF document, not a table of numbers"),
    (b"\x89PNG", "a PNG image, not a table of numbers"),
    (b"\x93NUMPY", "a NumPy .npy file, not a CSV file"),
)


class TableError(ValueError):
    """A file that cannot be read as a table; the message says what it is instead."""


@dataclass(frozen=True)
class Table:
    """Non-empty rows of cells, each with its line number in the file (from 1).

    ``truncated`` says the file goes on past the rows read.
    """

    rows: list[list[str]]
    lines: list[int]
    delimiter: str
    truncated: bool = False


def read_table(path: str | os.PathLike, max_bytes: int, max_rows: int, max_columns: int,
               columns_note: str = "") -> Table:
    """The file's first ``max_rows`` non-empty rows, each at most ``max_columns`` cells wide.

    ``columns_note`` follows the column limit in its message.  Raises TableError
    for a file that is not a regular file, is too big, is not text in UTF-8
    (with or without BOM) or UTF-16 (with BOM), has a row wider than allowed, a
    field over MAX_FIELD_CHARS characters, or no rows.
    """
    try:
        data = read_regular(path, max_bytes, "a CSV file")
    except FileReadError as exc:
        raise TableError(str(exc)) from None
    name = os.path.basename(os.fspath(path))
    text = decode(data, name)
    delimiter = detect_delimiter(text)
    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not "".join(row).strip():
                continue
            if len(row) > max_columns:
                raise TableError(f"line {reader.line_num} has {len(row):,} columns; the limit is "
                                 f"{max_columns:,}{columns_note}")
            if len(rows) == max_rows:  # there is more: stop reading here
                return Table(rows, lines, delimiter, truncated=True)
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableError(f"line {reader.line_num}: a cell is longer than "
                             f"{MAX_FIELD_CHARS:,} characters; this is not a table of "
                             "numbers") from None
        raise TableError(f"line {reader.line_num}: {exc}") from None
    if not rows:
        raise TableError(f"{name} is empty")
    return Table(rows, lines, delimiter)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is named and refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data[3:], name)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise TableError(f"{name} is UTF-32 text; save it as UTF-8 (\u201cCSV UTF-8\u201d)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError(f"{name} starts like UTF-16 text but is damaged") from None
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise TableError(f"{name}: this looks like {what}")
    head = data[:4096]
    if b"\x00" in head:
        if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4:
            raise TableError(f"{name} looks like UTF-16 text without a byte-order mark; "
                             "save it as UTF-8 (\u201cCSV UTF-8\u201d)")
        raise TableError(f"{name} is a binary file, not a CSV file")
    return _utf8(data, name)


def _utf8(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        line = data.count(b"\n", 0, exc.start) + 1
        if _mostly_text(data):
            raise TableError(
                f"{name} is not UTF-8 (byte 0x{bad:02X} on line {line}); it looks like "
                "Latin-1 / Windows-1252 text: save it as UTF-8 (\u201cCSV UTF-8\u201d in a "
                "spreadsheet) and open it again") from None
        raise TableError(f"{name} is a binary file, not a CSV file") from None
    if not _mostly_text(data):
        raise TableError(f"{name} is a binary file, not a CSV file")
    return text


def _mostly_text(data: bytes) -> bool:
    """Few control characters besides tab, newline and carriage return."""
    sample = data[:65536]
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    return controls <= len(sample) // 100


def detect_delimiter(text: str) -> str:
    """Semicolon, tab or comma: the one that splits the first lines into equal, widest rows.

    Spreadsheets in many locales write semicolons with a decimal comma
    ("1,5;2,0;a"): on a tie in width the semicolon wins over the comma.
    """
    head = text[:SAMPLE_CHARS]
    lines = head.splitlines()[:SAMPLE_LINES]
    if len(head) < len(text) and len(lines) > 1 and len(lines) < SAMPLE_LINES:
        lines.pop()  # cut off part-way: its width says nothing
    sample = [line for line in lines if line.strip()]
    best, best_score = ",", (False, 1, 0)
    for index, delimiter in enumerate(DELIMITERS):
        try:
            widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths:
            continue
        usual = max(set(widths), key=widths.count)
        score = (min(widths) == max(widths), usual, -index)
        if usual >= 2 and score > best_score:
            best, best_score = delimiter, score
    return best
