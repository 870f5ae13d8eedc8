"""CSV data sets read once — in a worker thread — and kept while the file is unchanged.

Reading and checking a 10 MB CSV file takes seconds, too long for the GUI
thread.  The tab reads it in a worker (``load`` is thread-safe and Qt-free)
and the GUI thread then finds it here.  A file is known by its path and its
``os.stat`` signature (device, inode, size, modification time), so an edited
file is read again; a refusal is kept too, so the same bad file is not parsed
twice.  A file of at most QUICK_BYTES is read where it is asked for.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from engine.network.datasets import Dataset, DatasetError, load_csv

KEPT = 2  # the file in use and the one before it (a rollback, an undo)
QUICK_BYTES = 64 * 1024  # read in a few milliseconds: no worker needed

_lock = threading.Lock()
_kept: OrderedDict[tuple, Dataset | DatasetError] = OrderedDict()


def _key(path: str, *options: object) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None  # missing or unreadable: load_csv says why
    return (os.path.realpath(path), status.st_dev, status.st_ino, status.st_size,
            status.st_mtime_ns, *options)


def is_ready(path: str, *options: object) -> bool:
    """Whether ``load(path, *options)`` answers at once: kept, small, or failing at once."""
    key = _key(path, *options)
    if key is None or key[3] <= QUICK_BYTES:
        return True
    with _lock:
        return key in _kept


def load(path: str, test_fraction: float, seed: int, max_features: int,
         max_classes: int) -> Dataset:
    """``engine.network.datasets.load_csv`` of the file, from the kept copy when unchanged."""
    key = _key(path, test_fraction, seed, max_features, max_classes)
    with _lock:
        kept = _kept.get(key) if key is not None else None
    if kept is None:
        try:
            kept = load_csv(path, test_fraction, seed, max_features=max_features,
                            max_classes=max_classes)
        except DatasetError as exc:
            kept = exc
        if key is not None:
            with _lock:
                _kept[key] = kept
                while len(_kept) > KEPT:
                    _kept.popitem(last=False)
    if isinstance(kept, DatasetError):
        raise DatasetError(str(kept))
    return kept
