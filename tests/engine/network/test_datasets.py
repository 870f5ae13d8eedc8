"""Data sets: the notes' XOR table, generated problems and CSV loading."""

import numpy as np
import pytest

from engine.network import datasets
from engine.network.datasets import GENERATORS, DatasetError, load_csv, xor


def test_xor_is_the_notes_truth_table():
    data = xor()
    np.testing.assert_array_equal(data.X_train.T, [[0, 1, 0, 1], [0, 0, 1, 1]])
    np.testing.assert_array_equal(data.y_train, [0, 1, 1, 0])
    assert data.X_test.shape == (0, 2) and data.n_features == 2


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generated_sets_are_seeded_split_and_balanced(name):
    make = GENERATORS[name]
    a, b = make(n=200, seed=1), make(n=200, seed=1)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, make(n=200, seed=2).X_train)
    assert len(a.y_train) == 150 and len(a.y_test) == 50
    y = np.concatenate([a.y_train, a.y_test])
    assert set(np.unique(y)) == {0, 1} and abs(int(y.sum()) - 100) <= 20
    assert np.isfinite(a.X_train).all() and a.X_train.shape[1] == 2


def test_noiseless_shapes_have_their_geometry():
    c = datasets.circles(n=100, noise=0.0, factor=0.4, test_fraction=0.0)
    radius = np.hypot(*c.X_train.T)
    np.testing.assert_allclose(radius, np.where(c.y_train == 1, 0.4, 1.0))
    x = datasets.noisy_xor(n=100, noise=0.0, test_fraction=0.0)
    corners = x.X_train.astype(int)
    np.testing.assert_array_equal(x.y_train, corners[:, 0] ^ corners[:, 1])


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_load_csv_with_header_and_text_labels(tmp_path):
    rows = "\n".join(f"{i},{i * 0.5},{'cat' if i % 2 else 'dog'}" for i in range(8))
    data = load_csv(write(tmp_path, "x1,x2,label\n" + rows), test_fraction=0.25, seed=0)
    assert data.classes == ("cat", "dog")
    assert data.X_train.shape == (6, 2) and data.X_test.shape == (2, 2)
    X = np.vstack([data.X_train, data.X_test])
    y = np.concatenate([data.y_train, data.y_test])
    np.testing.assert_array_equal(y, np.where(X[:, 0] % 2 == 1, 0, 1))


def test_load_csv_without_header_numeric_labels(tmp_path):
    data = load_csv(write(tmp_path, "1,2,5\n3,4,7\n5,6,5\n7,8,7\n"), test_fraction=0.0)
    assert data.classes == (5, 7)
    assert sorted(data.y_train.tolist()) == [0, 0, 1, 1]


@pytest.mark.parametrize(("text", "message"), [
    ("a,b,y\n1,2,0\n3,oops,1\n5,6,0\n7,8,1\n", "row 3, column 2: 'oops' is not a number"),
    ("1,2,0\n3,nan,1\n5,6,0\n7,8,1\n", "row 2, column 2 is NaN"),
    ("1,2,0\n3,inf,1\n5,6,0\n7,8,1\n", "row 2, column 2 is NaN or infinite"),
    ("1,2,0\n3,4,0\n5,6,0\n7,8,0\n", "single class"),
    ("1,2,0\n3,4,1\n", "at least 4 data rows"),
    ("1,2,0\n3,4\n5,6,0\n7,8,1\n", "row 2 has 2 cells, expected 3"),
    ("1\n2\n3\n4\n", "feature column"),
])
def test_load_csv_explains_what_is_wrong(tmp_path, text, message):
    with pytest.raises(DatasetError, match=message):
        load_csv(write(tmp_path, text))


def test_load_csv_limits(tmp_path, monkeypatch):
    with pytest.raises(DatasetError, match="does not exist"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DatasetError, match="empty"):
        load_csv(write(tmp_path, "\n\n"))
    monkeypatch.setattr(datasets, "MAX_CSV_BYTES", 10)
    with pytest.raises(DatasetError, match="limit is"):
        load_csv(write(tmp_path, "1,2,0\n3,4,1\n5,6,0\n7,8,1\n"))
    monkeypatch.setattr(datasets, "MAX_CSV_BYTES", 10**6)
    monkeypatch.setattr(datasets, "MAX_CSV_ROWS", 5)
    with pytest.raises(DatasetError, match="the limit is 5"):
        load_csv(write(tmp_path, "1,2,0\n" * 10))
    assert issubclass(DatasetError, ValueError)


def test_reading_stops_at_the_row_limit(tmp_path, monkeypatch):
    # A cell past the limit that the csv module would refuse: it is never read.
    monkeypatch.setattr(datasets, "MAX_CSV_ROWS", 5)
    path = write(tmp_path, "1,2,0\n" * 10 + "1," + "9" * 200_000 + ",1\n")
    with pytest.raises(DatasetError, match="more than 5 data rows"):
        load_csv(path)


@pytest.mark.parametrize("text", [
    "x;y;label\n0,5;1;a\n1;2,25;b\n2;3;a\n3;4;b\n",
    "x\ty\tlabel\n0.5\t1\ta\n1\t2.25\tb\n2\t3\ta\n3\t4\tb\n",
])
def test_semicolons_with_decimal_commas_and_tabs_load(tmp_path, text):
    data = load_csv(write(tmp_path, text), test_fraction=0.0)
    X = data.X_train[np.argsort(data.X_train[:, 0])]
    np.testing.assert_array_equal(X, [[0.5, 1], [1, 2.25], [2, 3], [3, 4]])
    assert data.classes == ("a", "b")


def test_labels_that_look_continuous_are_refused_but_few_fractions_are_classes(tmp_path):
    rows = "".join(f"{i},{i % 3},{i * 0.13:.2f}\n" for i in range(40))
    with pytest.raises(DatasetError, match="continuous"):
        load_csv(write(tmp_path, rows))
    halves = load_csv(write(tmp_path, "1,2,0.5\n3,4,1.5\n5,6,0.5\n7,8,1.5\n"), test_fraction=0.0)
    assert halves.classes == (0.5, 1.5)


def test_the_callers_limits_on_features_and_classes(tmp_path):
    path = write(tmp_path, "".join(f"{i},{i},{i},{i % 4}\n" for i in range(8)))
    with pytest.raises(DatasetError, match="4 columns; the limit is 3"):
        load_csv(path, max_features=2)
    with pytest.raises(DatasetError, match=r"4 different classes.*at most 3"):
        load_csv(path, max_classes=3)
    assert load_csv(path, max_features=3, max_classes=4).n_features == 3
