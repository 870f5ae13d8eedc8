"""MLP: scikit-learn's estimator checks, the notes' shapes, and agreement with sklearn."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from engine.network.datasets import gaussians, moons, xor
from engine.network.mlp import MLP
from engine.network.network import Network


@parametrize_with_checks([MLP(random_state=0)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_weights_follow_the_notes_and_are_live():
    data = xor()
    model = MLP((4,), "tanh", learning_rate=0.5, momentum=0.9, max_iter=1000, tol=0.0,
                random_state=0).fit(data.X_train, data.y_train)
    assert [W.shape for W in model.weights_] == [(4, 2), (1, 4)]
    assert [b.shape for b in model.biases_] == [(4, 1), (1, 1)]
    assert model.n_iter_ == 1000 and len(model.loss_curve_) == 1000
    np.testing.assert_array_equal(model.predict(data.X_train), data.y_train)
    # the same numbers by hand: a^2 = σ(W^2 tanh(W^1 x + b^1) + b^2)
    W1, W2 = model.weights_
    b1, b2 = model.biases_
    a2 = 1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ data.X_train.T + b1) + b2)))
    np.testing.assert_allclose(model.predict_proba(data.X_train)[:, 1], a2[0], rtol=1e-12)
    model.biases_[1][0, 0] += 100.0  # edit in place: every output saturates at class 1
    np.testing.assert_array_equal(model.predict(data.X_train), [1, 1, 1, 1])


def test_loss_curve_is_the_mean_cross_entropy_of_each_epoch():
    data = gaussians(n=60, seed=3)
    model = MLP((3,), max_iter=1, random_state=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(data.X_train, data.y_train)
    start = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1)  # what fit started from
    W1, W2, b1, b2 = start.W[0][0], start.W[1][0], start.b[0][0], start.b[1][0]
    p = 1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ data.X_train.T + b1) + b2)))[0]
    y = data.y_train
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert model.loss_curve_ == [pytest.approx(expected, rel=1e-6)]  # kept as float32


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_multiclass_uses_softmax_and_learns_blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    y = rng.integers(0, 3, 150)
    X = centres[y] + rng.normal(0, 0.5, (150, 2))
    labels = np.array(["a", "b", "c"])[y]
    model = MLP((8,), random_state=0).fit(X, labels)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert model.score(X, labels) > 0.97
    assert model.weights_[-1].shape == (3, 8)
    np.testing.assert_array_equal(model.classes_[model.decision_function(X).argmax(1)],
                                  model.predict(X))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_learns_moons_as_well_as_sklearn_with_the_same_settings():
    data = moons(n=300, noise=0.15, seed=0)
    ours, theirs = [], []
    for seed in range(3):
        model = MLP((16,), "tanh", learning_rate=0.2, momentum=0.9, batch_size=32, max_iter=60,
                    tol=0.0, random_state=seed).fit(data.X_train, data.y_train)
        reference = MLPClassifier((16,), activation="tanh", solver="sgd", learning_rate_init=0.2,
                                  momentum=0.9, nesterovs_momentum=False, batch_size=32,
                                  max_iter=60, tol=0.0, n_iter_no_change=1000, alpha=0.0,
                                  random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            reference.fit(data.X_train, data.y_train)
        ours.append(model.score(data.X_test, data.y_test))
        theirs.append(reference.score(data.X_test, data.y_test))
        assert model.loss_curve_[-1] < 0.5 * model.loss_curve_[0]
    assert np.mean(ours) >= np.mean(theirs) - 0.03


def test_huge_learning_rate_warns_and_keeps_finite_weights():
    data = xor()
    model = MLP((3,), learning_rate=1e6, max_iter=500, random_state=0)
    with pytest.warns(ConvergenceWarning, match="diverged.*smaller learning rate"):
        model.fit(data.X_train, data.y_train)
    assert all(np.isfinite(W).all() for W in model.weights_ + model.biases_)
    assert np.isfinite(model.predict_proba(data.X_train)).all()


def test_warm_start_and_partial_fit_continue_training():
    data = gaussians(n=100, seed=0)
    model = MLP((4,), max_iter=5, tol=0.0, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(data.X_train, data.y_train)
        first = model.weights_[0].copy()
        model.fit(data.X_train, data.y_train)
    assert model.n_iter_ == 10 and len(model.loss_curve_) == 10
    assert not np.array_equal(first, model.weights_[0])
    online = MLP((4,), random_state=0)
    with pytest.raises(ValueError, match="classes"):
        online.partial_fit(data.X_train, data.y_train)
    for _ in range(3):
        online.partial_fit(data.X_train, data.y_train, classes=[0, 1])
    assert online.n_iter_ == 3 and len(online.loss_curve_) == 3
    assert online.loss_curve_[-1] < online.loss_curve_[0]
