"""Data sets for the network tab: XOR, generated 2-D problems and the user's CSV.

Rows are samples here, as in scikit-learn; the network transposes.  Labels
are class numbers 0 … C−1 and ``classes`` holds what they stand for.
Everything is generated with NumPy from a seed; nothing is downloaded.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.network.csv_file import TableError, read_table

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CSV_ROWS = 100_000
MIN_CSV_ROWS = 4
MAX_CSV_FEATURES = 64  # the network tab's input-layer limit; it passes its own
MAX_CSV_CLASSES = 64  # one output unit per class, within the same limit
CONVERT_ROWS = 2048
MAX_FRACTIONAL_CLASSES = 10  # more distinct non-whole labels than this look continuous


class DatasetError(ValueError):
    """A data set that cannot be used, with a message a user can act on."""


@dataclass(frozen=True)
class Dataset:
    """Training and test samples (rows) with integer labels into ``classes``."""

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: tuple

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]


def xor() -> Dataset:
    """The notes' truth table: X columns [[0,1,0,1],[0,0,1,1]], y = [0,1,1,0]; no test set."""
    X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]]).T
    y = np.array([0, 1, 1, 0])
    return Dataset("XOR", X, y, np.empty((0, 2)), np.empty(0, dtype=int), (0, 1))


def _split(name: str, X: np.ndarray, y: np.ndarray, test_fraction: float,
           rng: np.random.Generator) -> Dataset:
    if not 0.0 <= test_fraction < 1.0:
        raise DatasetError("the test fraction must be in [0, 1)")
    order = rng.permutation(len(y))
    n_test = round(test_fraction * len(y))
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, X[train], y[train], X[test], y[test], (0, 1))


def noisy_xor(n: int = 200, noise: float = 0.1, test_fraction: float = 0.25,
              seed: int | None = 0) -> Dataset:
    """Points around the four XOR corners, Gaussian noise of standard deviation ``noise``."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    X = corners + rng.normal(0.0, noise, size=(n, 2))
    return _split("noisy XOR", X, corners[:, 0] ^ corners[:, 1], test_fraction, rng)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, test_fraction: float = 0.25,
            seed: int | None = 0) -> Dataset:
    """Two concentric circles of radius 1 (class 0) and ``factor`` (class 1)."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    angle = rng.uniform(0.0, 2 * np.pi, n)
    radius = np.where(y == 1, factor, 1.0)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    X += rng.normal(0.0, noise, X.shape)
    return _split("two circles", X, y, test_fraction, rng)


def moons(n: int = 200, noise: float = 0.1, test_fraction: float = 0.25,
          seed: int | None = 0) -> Dataset:
    """Two interleaving half circles."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    X += rng.normal(0.0, noise, X.shape)
    return _split("two moons", X, y, test_fraction, rng)


def spirals(n: int = 400, noise: float = 0.1, turns: float = 1.5, test_fraction: float = 0.25,
            seed: int | None = 0) -> Dataset:
    """Two interleaved spirals, r = θ / (2π·turns), the second turned by π."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    theta = np.sqrt(rng.uniform(0.0, 1.0, n)) * 2 * np.pi * turns
    r = theta / (2 * np.pi * turns)
    angle = theta + np.pi * y
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    X += rng.normal(0.0, noise * 0.5, X.shape)
    return _split("two spirals", X, y, test_fraction, rng)


def gaussians(n: int = 200, noise: float = 1.0, distance: float = 3.0,
              test_fraction: float = 0.25, seed: int | None = 0) -> Dataset:
    """Two Gaussian blobs of standard deviation ``noise``, centres ``distance`` apart."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    centres = np.array([[-distance / 2, 0.0], [distance / 2, 0.0]])
    X = centres[y] + rng.normal(0.0, noise, (n, 2))
    return _split("two Gaussians", X, y, test_fraction, rng)


GENERATORS: dict[str, Callable[..., Dataset]] = {
    "noisy XOR": noisy_xor,
    "two circles": circles,
    "two moons": moons,
    "two spirals": spirals,
    "two Gaussians": gaussians,
}
"""Generated 2-D problems by display name; each takes n, noise, test_fraction, seed."""


def load_csv(path: str | os.PathLike, test_fraction: float = 0.25, seed: int | None = 0, *,
             max_features: int = MAX_CSV_FEATURES, max_classes: int = MAX_CSV_CLASSES) -> Dataset:
    """The user's data: numeric feature columns, the label in the last column.

    Cells are separated by commas, semicolons (a decimal comma is then read as a
    point) or tabs; the file is UTF-8 (with or without BOM) or UTF-16 with a BOM.
    A first row that is not numeric is taken as a header.  Labels may be whole
    numbers or text; they become 0 … C−1 in sorted order.  Raises DatasetError
    naming the row and column (counted from 1) of a bad cell, and for files that
    are not regular files, too big, not text, with too few or too many rows,
    more than ``max_features`` feature columns or ``max_classes`` classes, an
    empty label, a label column that looks continuous, or a single class.
    """
    try:
        table = read_table(path, MAX_CSV_BYTES, MAX_CSV_ROWS + 1, max_features + 1,
                           f" ({max_features} feature columns, the network's most inputs, "
                           "and the label)")
    except TableError as exc:
        raise DatasetError(str(exc)) from None
    rows, lines = table.rows, table.lines
    decimal_comma = table.delimiter != ","
    header = None
    if not _is_number(_point(rows[0][0], decimal_comma)):
        header, rows, lines = rows[0], rows[1:], lines[1:]
    if table.truncated or len(rows) > MAX_CSV_ROWS:
        raise DatasetError(f"more than {MAX_CSV_ROWS:,} data rows; the limit is {MAX_CSV_ROWS:,}")
    if len(rows) < MIN_CSV_ROWS:
        raise DatasetError(f"{os.fspath(path)}: need at least {MIN_CSV_ROWS} data rows, "
                           f"found {len(rows)}")
    width = len(header) if header is not None else len(rows[0])
    if width < 2:
        raise DatasetError("need at least one feature column and a label column (the last), "
                           "separated by commas, semicolons or tabs")
    for row, line in zip(rows, lines, strict=True):
        if len(row) != width:
            raise DatasetError(f"row {line} has {len(row)} cells, expected {width}")
    X = _features(rows, lines, decimal_comma)
    if not np.isfinite(X).all():
        r, c = np.argwhere(~np.isfinite(X))[0]
        raise DatasetError(f"row {lines[r]}, column {c + 1} is NaN or infinite")
    labels = [row[-1].strip() for row in rows]
    for label, line in zip(labels, lines, strict=True):
        if not label:
            raise DatasetError(f"row {line}: the label (column {width}, the last) is empty")
    classes, y = _encode([_point(label, decimal_comma) for label in labels], max_classes)
    name = os.path.basename(os.fspath(path))
    split = _split(name, X, y, test_fraction, np.random.default_rng(seed))
    return Dataset(name, split.X_train, split.y_train, split.X_test, split.y_test, classes)


def _point(cell: str, decimal_comma: bool) -> str:
    """'1,5' → '1.5' in a semicolon or tab file, where a comma cannot separate cells."""
    return cell.replace(",", ".") if decimal_comma else cell


def _features(rows: list[list[str]], lines: list[int], decimal_comma: bool) -> np.ndarray:
    width = len(rows[0]) - 1
    if decimal_comma:
        cells = [[_point(cell, True) for cell in row[:-1]] for row in rows]
    else:
        cells = [row[:-1] for row in rows]
    try:
        # NumPy converts at C speed; in blocks, so a GUI thread waiting for the GIL
        # is never kept out for long while a worker reads a big file.
        X = np.concatenate([np.array(cells[i:i + CONVERT_ROWS], dtype=float).reshape(-1, width)
                            for i in range(0, len(cells), CONVERT_ROWS)])
        if not np.isnan(X).any():
            return X
    except ValueError:
        pass
    # Cell by cell, to name the first bad one (or to take what only Python reads, like 1_000).
    return np.array([[_number(cell, lines[r], c + 1) for c, cell in enumerate(row)]
                     for r, row in enumerate(cells)], dtype=float)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _number(cell: str, row: int, column: int) -> float:
    if not cell.strip():
        raise DatasetError(f"row {row}, column {column} is empty")
    try:
        value = float(cell)
    except ValueError:
        message = f"row {row}, column {column}: {cell.strip()!r} is not a number"
        raise DatasetError(message) from None
    if math.isnan(value):
        raise DatasetError(f"row {row}, column {column} is NaN")
    return value


def _encode(labels: list[str], max_classes: int) -> tuple[tuple, np.ndarray]:
    """Class numbers 0 … C−1 for the labels, sorted; refuses what is not a set of classes."""
    if all(_is_number(label) for label in labels):
        values = [float(label) for label in labels]
        if not all(math.isfinite(v) for v in values):
            raise DatasetError("the label column contains NaN or infinite values")
        _refuse_continuous(values)
        keys: list = [int(v) if v.is_integer() else v for v in values]
    else:
        keys = labels
    classes = tuple(sorted(set(keys), key=lambda k: (isinstance(k, str), k)))
    if len(classes) < 2:
        raise DatasetError(f"the label column holds a single class ({classes[0]!r}); "
                           "need two or more")
    if len(classes) > max_classes:
        raise DatasetError(f"the label column holds {len(classes):,} different classes; the "
                           f"network has one output unit per class and takes at most "
                           f"{max_classes}")
    index = {c: i for i, c in enumerate(classes)}
    return classes, np.array([index[k] for k in keys])


def _refuse_continuous(values: list[float]) -> None:
    """Many distinct labels that are not whole numbers are a quantity, not classes."""
    fractional = sorted({v for v in values if not v.is_integer()})
    if len(fractional) > MAX_FRACTIONAL_CLASSES:
        examples = ", ".join(f"{v:g}" for v in fractional[:3])
        raise DatasetError(
            f"the label column holds {len(set(values)):,} different numbers, "
            f"{len(fractional):,} of them not whole ({examples}, …): it looks like a "
            "continuous quantity, but this network sorts samples into classes. "
            "Use whole numbers or names for the classes")
