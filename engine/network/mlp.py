"""``MLP``: the engine's network and training loop behind scikit-learn's classifier API.

Rows are samples here, as in every scikit-learn estimator.  Two classes use
one sigmoid output unit (P(class 1) = a^L); more use a softmax layer with
categorical cross-entropy (or, with ``loss="squared_error"``, one sigmoid
unit per class).  ``weights_[m-1]`` is W^m (N^m × N^{m−1}) and
``biases_[m-1]`` is b^m (N^m × 1): views of the very arrays the model
predicts with, so editing one in place changes the predictions.

A fit that diverges (a learning rate far too large) does not raise: it warns
with a ConvergenceWarning saying so and keeps the weights from before the
epoch in which the loss or weights stopped being finite or exploded, so the
model never holds NaN.
"""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from engine.network.activations import ACTIVATIONS
from engine.network.network import INITS, Network
from engine.network.training import NetworkOptimizer, TrainingRun

LOSSES = ("cross_entropy", "squared_error")


class MLP(ClassifierMixin, BaseEstimator):
    """A multi-layer perceptron trained by backpropagation and gradient descent with momentum.

    Each update is Δw(t) = −η ∂C/∂w + μ Δw(t−1), w ← w + Δw, with C the mean
    cost over a batch (``batch_size`` None: all samples).  Training stops
    after ``max_iter`` epochs, or earlier when the epoch loss has not
    improved by ``tol`` for ``n_iter_no_change`` epochs (scikit-learn's rule).

    Parameters: ``hidden_layer_sizes`` (N^1 … N^{L−1}), ``activation`` of the
    hidden layers (see engine.network.activations), ``beta`` (sigmoid slope),
    ``loss`` ("cross_entropy" or "squared_error"), ``learning_rate`` (η),
    ``momentum`` (μ), ``l2`` (λ), ``batch_size``, ``max_iter``, ``tol``,
    ``n_iter_no_change``, ``shuffle``, ``init`` ("xavier_he" or
    "standard_normal"), ``random_state``, ``warm_start``.
    """

    def __init__(
        self,
        hidden_layer_sizes=(10,),
        activation="tanh",
        *,
        beta=1.0,
        loss="cross_entropy",
        learning_rate=0.5,
        momentum=0.9,
        l2=0.0,
        batch_size=None,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        shuffle=True,
        init="xavier_he",
        random_state=None,
        warm_start=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.beta = beta
        self.loss = loss
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.l2 = l2
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.init = init
        self.random_state = random_state
        self.warm_start = warm_start

    @property
    def weights_(self) -> list[np.ndarray]:
        """[W^1, …, W^L], each N^m × N^{m−1}: live views of the model's weights."""
        check_is_fitted(self)
        return [W[0] for W in self._network.W]

    @property
    def biases_(self) -> list[np.ndarray]:
        """[b^1, …, b^L], each N^m × 1: live views of the model's biases."""
        check_is_fitted(self)
        return [b[0] for b in self._network.b]

    def fit(self, X, y) -> MLP:
        """Train for up to ``max_iter`` epochs (from the current weights if ``warm_start``)."""
        X, y = validate_data(self, X, y, dtype=np.float64)
        _check_targets(y)
        classes = np.unique(y)
        keep = self.warm_start and hasattr(self, "_network")
        if keep and not np.array_equal(classes, self.classes_):
            raise ValueError("warm_start needs the same classes as the previous fit")
        self._start(classes, X.shape[1], fresh=not keep)
        return self._train(X, y, self.max_iter)

    def partial_fit(self, X, y, classes=None) -> MLP:
        """One epoch over (X, y); the first call must name every class in ``classes``."""
        first = not hasattr(self, "_network")
        X, y = validate_data(self, X, y, dtype=np.float64, reset=first)
        _check_targets(y)
        if first:
            if classes is None:
                raise ValueError("the first call to partial_fit needs classes=")
            self._start(np.unique(classes), X.shape[1], fresh=True)
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError("classes differ from those of the first partial_fit call")
        if not np.isin(y, self.classes_).all():
            raise ValueError("y holds a class not named in classes")
        return self._train(X, y, 1)

    def _start(self, classes: np.ndarray, n_features: int, fresh: bool) -> None:
        self._validate_settings()
        if len(classes) < 2:
            raise ValueError(f"MLP needs at least two classes; got one class ({classes[0]!r})")
        self.classes_ = classes
        if not fresh:
            return
        n_out = 1 if len(classes) == 2 else len(classes)
        hidden = [int(n) for n in np.atleast_1d(self.hidden_layer_sizes)]
        if n_out > 1 and self.loss == "cross_entropy":
            output, loss = "softmax", "categorical_cross_entropy"
        else:
            output, loss = "sigmoid", self.loss
        self._network = Network(
            [n_features, *hidden, n_out],
            [self.activation] * len(hidden) + [output],
            loss,
            beta=self.beta,
            init=self.init,
            seed=_seed(self.random_state),
        )
        self._optimizer = NetworkOptimizer(self._network, self.learning_rate)
        self.loss_curve_ = []
        self.n_iter_ = 0

    def _validate_settings(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}")
        if self.loss not in LOSSES or self.init not in INITS:
            raise ValueError(f"loss must be one of {LOSSES} and init one of {INITS}")
        sizes = np.atleast_1d(self.hidden_layer_sizes)
        if sizes.ndim != 1 or not all(isinstance(n, Integral) and n >= 1 for n in sizes.tolist()):
            raise ValueError("hidden_layer_sizes must be positive whole numbers")
        if not (self.learning_rate > 0 and 0 <= self.momentum < 1 and self.l2 >= 0):
            raise ValueError("need learning_rate > 0, 0 ≤ momentum < 1 and l2 ≥ 0")
        if not (isinstance(self.max_iter, Integral) and self.max_iter >= 1):
            raise ValueError("max_iter must be a whole number ≥ 1")

    def _train(self, X: np.ndarray, y: np.ndarray, epochs: int) -> MLP:
        opt = self._optimizer
        opt.learning_rate, opt.momentum, opt.l2 = self.learning_rate, self.momentum, self.l2
        run = TrainingRun(
            self._network,
            X,
            np.searchsorted(self.classes_, y),
            batch_size=self.batch_size,
            shuffle=self.shuffle,
            max_epochs=epochs,
            tol=self.tol if epochs > 1 else 0.0,
            n_iter_no_change=self.n_iter_no_change,
            optimizer=opt,
        )
        run.run_epochs(epochs)
        self.loss_curve_.extend(float(v) for v in run.history.array()[:, 0])
        self.n_iter_ += run.epoch
        if run.status == "diverged":
            warnings.warn(f"training diverged: {run.message}", ConvergenceWarning, stacklevel=3)
        elif run.status == "max_epochs" and epochs > 1:
            warnings.warn(
                f"reached max_iter={epochs} epochs before the loss stopped improving; "
                "consider a larger max_iter or learning rate",
                ConvergenceWarning,
                stacklevel=3,
            )
        return self

    def _output(self, X) -> tuple[np.ndarray, np.ndarray]:
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        z, a = self._network.forward(X.T)
        return z[-1][0], a[-1][0]

    def decision_function(self, X) -> np.ndarray:
        """z^L: the logit of class 1 (shape n) for two classes, else n × C."""
        z, _ = self._output(X)
        return z[0].copy() if len(z) == 1 else z.T.copy()

    def predict_proba(self, X) -> np.ndarray:
        """n × C class probabilities (columns in the order of ``classes_``)."""
        _, a = self._output(X)
        if len(a) == 1:
            return np.column_stack([1.0 - a[0], a[0]])
        # squared error trains one sigmoid per class; their outputs need not sum to 1
        return (a / a.sum(axis=0, keepdims=True)).T

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _check_targets(y: np.ndarray) -> None:
    """scikit-learn's check_classification_targets, which integer labels always pass
    (binary or multiclass, never continuous): for them it is skipped, since its
    type_of_target costs as much as a short fit's epoch (0.3 ms)."""
    if y.ndim == 1 and y.dtype.kind in "iub":
        return
    check_classification_targets(y)


def _seed(random_state) -> int | None:
    if random_state is None or isinstance(random_state, Integral):
        return random_state
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
