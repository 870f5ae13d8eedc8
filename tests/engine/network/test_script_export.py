"""An exported training script reproduces the app's loss history, epoch by epoch."""

import copy
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from engine.descent.optimizers import make
from engine.network.datasets import moons, xor
from engine.network.network import Network
from engine.network.optimizer import NetworkOptimizer
from engine.network.script_export import training_script
from engine.network.training import TrainingRun


def _three_blobs() -> SimpleNamespace:
    rng = np.random.default_rng(7)
    y = np.arange(90) % 3
    X = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])[y] + rng.normal(0, 0.8, (90, 2))
    return SimpleNamespace(X_train=X, y_train=y)


CASES = {
    # the notes' XOR network: 2-2-1 sigmoid, learning rate 1, full batch, N(0, 1) start
    "notes_xor": (xor(), dict(layer_sizes=[2, 2, 1], activations="sigmoid",
                              loss="cross_entropy", init="standard_normal", seed=3),
                  dict(learning_rate=1.0), 300),
    "momentum_minibatch_tanh": (moons(60), dict(layer_sizes=[2, 5, 1],
                                                activations=["tanh", "sigmoid"],
                                                loss="cross_entropy", seed=1),
                                dict(learning_rate=0.3, momentum=0.9, batch_size=8), 40),
    "online_unshuffled_squared_beta": (xor(), dict(layer_sizes=[2, 3, 1], activations="sigmoid",
                                                   loss="squared_error", beta=2.5, seed=2),
                                       dict(learning_rate=0.5, batch_size=1, shuffle=False),
                                       60),
    "softmax_relu_l2": (_three_blobs(), dict(layer_sizes=[2, 6, 3],
                                             activations=["relu", "softmax"],
                                             loss="categorical_cross_entropy", seed=4),
                        dict(learning_rate=0.2, momentum=0.5, l2=1e-3, batch_size=16), 40),
    "linear_hidden_squared": (moons(40), dict(layer_sizes=[2, 4, 1],
                                              activations=["linear", "sigmoid"],
                                              loss="squared_error", seed=5),
                              dict(learning_rate=0.1, batch_size=7), 30),
}


def _app_losses(network: Network, data, training: dict, epochs: int) -> np.ndarray:
    run = TrainingRun(network, data.X_train, data.y_train, max_epochs=epochs, **training)
    losses = []
    append = run.history.append
    run.history.append = lambda row: losses.append(float(row[0])) or append(row)
    run.run_epochs(epochs)
    assert run.status == "max_epochs", run.message
    return np.array(losses)


@pytest.mark.parametrize("case", CASES)
def test_the_exported_script_reproduces_the_loss_history(case, tmp_path):
    data, network_options, training, epochs = CASES[case]
    network = Network(**network_options)
    source = training_script(copy.deepcopy(network), data.X_train, data.y_train,
                             epochs=epochs, header=f"Gradient Lab test case {case}", **training)
    expected = _app_losses(network, data, training, epochs)
    script = tmp_path / "train.py"
    script.write_text(source, encoding="utf-8")
    # -I: isolated, so nothing but NumPy (no engine, no gui) can be imported by accident
    printed = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                             text=True, check=True, timeout=120).stdout.splitlines()
    got = np.array([float(line.rsplit(" ", 1)[1]) for line in printed])
    assert len(got) == epochs
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_the_script_reads_like_the_notes_and_uses_only_numpy():
    data = xor()
    network = Network([2, 2, 1], "sigmoid", "cross_entropy", seed=0)
    source = training_script(network, data.X_train, data.y_train, learning_rate=1.0,
                             epochs=10, header="XOR as in the notes")
    imports = [line for line in source.splitlines() if line.startswith(("import", "from"))]
    assert imports == ["import numpy as np"]
    for words in ("z^m = W^m a^{m-1} + b^m", "δ^m = (W^{m+1 T} δ^{m+1}) ∘ σ′(z^m)",
                  "Δw = −η ∂C/∂w + μ Δw", "XOR as in the notes"):
        assert words in source
    compile(source, "train.py", "exec")  # valid Python; it is run by the test above


def test_many_networks_are_refused_with_a_reason():
    data = xor()
    with pytest.raises(ValueError, match="one network"):
        training_script(Network([2, 2, 1], n_networks=3, seed=0), data.X_train, data.y_train,
                        learning_rate=1.0, epochs=1)


RULE_CASES = {  # every rule of the descent tab, away from its defaults, on mini-batches
    "gd": dict(alpha=0.4),
    "nesterov": dict(alpha=0.2, mu=0.8),
    "adagrad": dict(alpha=0.3, eps=1e-7),
    "rmsprop": dict(alpha=0.02, rho=0.8, eps=1e-7),
    "adam": dict(alpha=0.03, beta1=0.8, beta2=0.99, eps=1e-7),
}


@pytest.mark.parametrize("key", RULE_CASES)
def test_the_script_reproduces_a_run_with_each_rule(key, tmp_path):
    data = moons(40)
    network = Network([2, 4, 1], ["tanh", "sigmoid"], "cross_entropy", seed=6)
    rule = make(key, **RULE_CASES[key])
    options = dict(batch_size=8, l2=1e-3 if key == "nesterov" else 0.0)
    source = training_script(copy.deepcopy(network), data.X_train, data.y_train, rule=rule,
                             epochs=25, **options)
    run = TrainingRun(network, data.X_train, data.y_train, max_epochs=25,
                      optimizer=NetworkOptimizer(network, l2=options["l2"], rules=[rule]),
                      batch_size=8)
    losses = []
    append = run.history.append
    run.history.append = lambda row: losses.append(float(row[0])) or append(row)
    run.run_epochs(25)
    script = tmp_path / "train.py"
    script.write_text(source, encoding="utf-8")
    printed = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                             text=True, check=True, timeout=120).stdout.splitlines()
    got = np.array([float(line.rsplit(" ", 1)[1]) for line in printed])
    assert rule.name in source
    np.testing.assert_allclose(got, losses, rtol=0, atol=1e-10)
