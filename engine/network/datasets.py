"""Data sets for the network tab: XOR, generated 2-D problems and the user's CSV.

Rows are samples here, as in scikit-learn; the network transposes.  Labels
are class numbers 0 … C−1 and ``classes`` holds what they stand for.
Everything is generated with NumPy from a seed; nothing is downloaded.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CSV_ROWS = 100_000
MIN_CSV_ROWS = 4


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


def load_csv(path: str | os.PathLike, test_fraction: float = 0.25, seed: int | None = 0) -> Dataset:
    """The user's data: numeric feature columns, the label in the last column.

    A first row that is not numeric is taken as a header.  Labels may be
    numbers or text; they become 0 … C−1 in sorted order.  Raises
    DatasetError with the file's row and column (counted from 1) when a
    cell is not a number, and for missing or too big files, too few rows,
    NaN or infinite values, or a single class.
    """
    rows = _read_rows(path)
    header = None
    if rows and not _is_number(rows[0][0]):
        header, rows = rows[0], rows[1:]
    first_row = 2 if header is not None else 1
    if len(rows) < MIN_CSV_ROWS:
        raise DatasetError(f"{os.fspath(path)}: need at least {MIN_CSV_ROWS} data rows, "
                           f"found {len(rows)}")
    width = len(header) if header is not None else len(rows[0])
    if width < 2:
        raise DatasetError("need at least one feature column and a label column (the last)")
    X = np.empty((len(rows), width - 1))
    for r, row in enumerate(rows):
        if len(row) != width:
            raise DatasetError(f"row {r + first_row} has {len(row)} cells, expected {width}")
        for c, cell in enumerate(row[:-1]):
            X[r, c] = _number(cell, r + first_row, c + 1)
    labels = [row[-1].strip() for row in rows]
    if not np.isfinite(X).all():
        r, c = np.argwhere(~np.isfinite(X))[0]
        raise DatasetError(f"row {r + first_row}, column {c + 1} is NaN or infinite")
    classes, y = _encode(labels)
    if len(classes) < 2:
        raise DatasetError(f"the label column holds a single class ({classes[0]!r}); "
                           "need two or more")
    name = os.path.basename(os.fspath(path))
    split = _split(name, X, y, test_fraction, np.random.default_rng(seed))
    return Dataset(name, split.X_train, split.y_train, split.X_test, split.y_test, classes)


def _read_rows(path: str | os.PathLike) -> list[list[str]]:
    if not os.path.isfile(path):
        raise DatasetError(f"no such file: {os.fspath(path)}")
    size = os.path.getsize(path)
    if size > MAX_CSV_BYTES:
        raise DatasetError(f"{os.fspath(path)} is {size / 2**20:.1f} MB; the limit is "
                           f"{MAX_CSV_BYTES // 2**20} MB")
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if any(cell.strip() for cell in row)]
    if len(rows) > MAX_CSV_ROWS + 1:
        raise DatasetError(f"{len(rows)} rows; the limit is {MAX_CSV_ROWS:,}")
    if not rows:
        raise DatasetError(f"{os.fspath(path)} is empty")
    return rows


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _number(cell: str, row: int, column: int) -> float:
    try:
        value = float(cell)
    except ValueError:
        message = f"row {row}, column {column}: {cell.strip()!r} is not a number"
        raise DatasetError(message) from None
    if math.isnan(value):
        raise DatasetError(f"row {row}, column {column} is NaN")
    return value


def _encode(labels: list[str]) -> tuple[tuple, np.ndarray]:
    if all(_is_number(label) for label in labels):
        values = [float(label) for label in labels]
        if any(math.isnan(v) for v in values):
            raise DatasetError("the label column contains NaN")
        keys = [int(v) if v.is_integer() else v for v in values]
    else:
        keys = labels
    classes = tuple(sorted(set(keys), key=lambda k: (isinstance(k, str), k)))
    index = {c: i for i, c in enumerate(classes)}
    return classes, np.array([index[k] for k in keys])
