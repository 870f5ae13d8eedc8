"""The sigmoid's two routes give the same bits: scipy.special.expit, and the C library's
exp element by element (activations.libm_expit), which the window uses for its first
picture while scipy.special is not loaded yet."""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest
from scipy.special import expit as scipy_expit

from engine.descent.optimizers import make
from engine.network import activations
from engine.network.datasets import spirals, xor
from engine.network.live_run import LiveRun
from engine.network.network import Network
from engine.network.optimizer import NetworkOptimizer
from engine.network.training import TrainingRun

RANGES = [(-40, 40), (-1, 1), (-1e-6, 1e-6), (-800, 800), (-746, -700), (700, 746),
          (-1e300, 1e300)]
SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -5e-324, 1e308, -1e308,
           709.782712893384, -709.782712893384, -709.7827128933841, -745.13, -745.14]


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.all(a.view(np.int64) == b.view(np.int64)))


def test_the_c_library_route_is_scipys_expit_bit_for_bit():
    rng = np.random.default_rng(16)
    for low, high in RANGES:
        z = rng.uniform(low, high, 200_000)
        assert _same_bits(activations.libm_expit(z), scipy_expit(z)), (low, high)
    # every magnitude from 1e-320 to 1e3, both signs
    z = rng.choice([-1.0, 1.0], 200_000) * 10.0 ** rng.uniform(-320, 3, 200_000)
    assert _same_bits(activations.libm_expit(z), scipy_expit(z))
    z = np.array(SPECIAL)
    assert _same_bits(activations.libm_expit(z), scipy_expit(z))


def test_the_c_library_route_fills_out_in_place_and_keeps_the_shape():
    z = np.random.default_rng(1).normal(size=(3, 4, 5)) * 20
    expected = scipy_expit(z)
    out = z.copy()
    assert activations.libm_expit(out, out=out) is out
    assert _same_bits(out, expected)
    assert _same_bits(activations.libm_expit(z), expected)


def test_float32_is_one_over_one_plus_e_to_the_minus_z_in_float32():
    """expit_float32 (the pictures' sigmoid) against float64 σ rounded to float32: within
    4 units in the last place where that is a normal float32, and 10⁻⁷ absolute."""
    rng = np.random.default_rng(32)
    z = np.concatenate([rng.uniform(-low, low, 400_000) for low in (1, 20, 88, 200)])
    z = z.astype(np.float32)
    got = activations.expit(z)
    assert got.dtype == np.float32
    exact = scipy_expit(z.astype(np.float64))
    assert np.abs(got - exact).max() < 1e-7
    rounded = exact.astype(np.float32)
    normal = rounded >= np.finfo(np.float32).tiny
    ulps = np.abs(got[normal] - rounded[normal]) / np.spacing(rounded[normal])
    assert ulps.max() <= 4
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -90.0, 90.0], dtype=np.float32)
    out = np.empty_like(special)
    assert activations.expit(special, out=out) is out
    np.testing.assert_array_equal(out, [np.nan, 1.0, 0.0, 0.5, 0.0, 1.0])


def _sigmoid_in_a_fresh_process(code: str) -> str:
    script = ("import sys\nimport numpy as np\nfrom engine.network import activations\n"
              "sigmoid = activations.get_activation('sigmoid')\n" + code +
              "\nprint('scipy.special' in sys.modules)")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120).stdout.split()[-1]


def test_a_deferred_sigmoid_of_a_small_array_imports_no_scipy():
    assert _sigmoid_in_a_fresh_process(
        "activations.defer_scipy()\nsigmoid(np.zeros((1, 22500)))") == "False"


def test_a_float32_sigmoid_imports_no_scipy_at_any_size():
    assert _sigmoid_in_a_fresh_process(
        f"sigmoid(np.zeros({activations.LIBM_MAX_ELEMENTS + 1}, np.float32))") == "False"


def test_without_deferral_or_for_a_large_array_scipy_is_used():
    assert _sigmoid_in_a_fresh_process("sigmoid(np.zeros((1, 4)))") == "True"
    big = activations.LIBM_MAX_ELEMENTS + 1
    assert _sigmoid_in_a_fresh_process(
        f"activations.defer_scipy()\nsigmoid(np.zeros({big}))") == "True"


@pytest.fixture
def libm_route(monkeypatch):
    """Every float64 sigmoid by the C library's exp (scipy's ufunc never kept)."""
    monkeypatch.setattr(activations, "_scipy_expit", None)
    monkeypatch.setattr(activations, "_deferred", True)
    monkeypatch.setattr(activations, "LIBM_MAX_ELEMENTS", 10**9)
    monkeypatch.setattr(activations, "load_scipy", lambda: scipy_expit)


def _xor_run(beta: float) -> LiveRun:
    data = xor()
    network = Network((2, 3, 1), ("sigmoid", "sigmoid"), "cross_entropy", beta=beta, seed=4)
    run = TrainingRun(network, data.X_train, data.y_train, learning_rate=2.0, max_epochs=400,
                      grid_resolution=40, hidden_grid_resolution=16,
                      domain=(-0.5, 1.5, -0.5, 1.5))
    return LiveRun(run, data.X_train)


def _spirals_run(beta: float) -> LiveRun:
    data = spirals(n=200, seed=2)
    network = Network((2, 8, 6, 1), ("sigmoid", "sigmoid", "sigmoid"), "cross_entropy",
                      beta=beta, seed=[0, 1, 2], n_networks=3)
    run = TrainingRun(network, data.X_train, data.y_train, X_test=data.X_test,
                      y_test=data.y_test, batch_size=16, max_epochs=60,
                      optimizer=NetworkOptimizer(network, rules=[make("adam", alpha=0.05)]),
                      grid_resolution=30, hidden_grid_resolution=12,
                      domain=(-1.5, 1.5, -1.5, 1.5))
    return LiveRun(run, data.X_train)


def _arrays(value: object) -> list[np.ndarray]:
    """Every number of a snapshot, as arrays, in a fixed order."""
    if dataclasses.is_dataclass(value):
        return [a for f in dataclasses.fields(value) for a in _arrays(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [a for v in value for a in _arrays(v)]
    if isinstance(value, (np.ndarray, float, int)):
        return [np.asarray(value)]
    return []


def _trained(make_run, beta: float) -> list[list[np.ndarray]]:
    job = make_run(beta)
    snapshots = [job.snapshot()]  # the first picture: the boundary of the starting weights
    while not job.finished:
        job.advance(50)
        snapshots.append(job.snapshot())
    return [_arrays(s) for s in snapshots]


@pytest.mark.parametrize("make_run", [_xor_run, _spirals_run])
@pytest.mark.parametrize("beta", [1.0, 2.5])
def test_a_run_trains_the_same_bits_on_either_route(make_run, beta, request):
    with_scipy = _trained(make_run, beta)
    request.getfixturevalue("libm_route")
    with_libm = _trained(make_run, beta)
    assert len(with_scipy) == len(with_libm)
    for one, other in zip(with_scipy, with_libm, strict=True):
        assert len(one) == len(other)
        for a, b in zip(one, other, strict=True):
            assert a.shape == b.shape and a.tobytes() == b.tobytes()
