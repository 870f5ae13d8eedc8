"""From the tab's settings to engine objects: the data set, the network, the training run.

Nothing here computes mathematics; it only names engine calls and checks that
the pieces fit together (the data's inputs and classes against the layer
sizes), raising ValueError with a message the tab shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.random  # with the tab's modules, on the preload thread: 10 ms of the first build

from engine.network import datasets
from engine.network.datasets import Dataset
from engine.network.grids import GridSpec
from engine.network.network import Network
from engine.network.optimizer import NetworkOptimizer
from engine.network.training import TrainingRun, estimated_bytes
from gui.tabs.network import data_cache
from gui.tabs.network.settings import (
    CSV_NAME,
    MAX_INPUTS,
    MAX_UNITS,
    XOR_NAME,
    NetworkSettings,
)

GRID_RESOLUTION = 150
HIDDEN_GRID_RESOLUTION = 32
MEMORY_LIMIT_BYTES = 2_000_000_000
VIEW_MARGIN = 0.15  # of the data's span, beyond the engine's margin: room around the corners


def load_dataset(settings: NetworkSettings) -> Dataset:
    """The data set the settings name; raises engine.network.datasets.DatasetError."""
    if settings.dataset == XOR_NAME:
        return datasets.xor()
    if settings.dataset == CSV_NAME:
        if not settings.csv_path:
            raise datasets.DatasetError("choose a CSV file with Open CSV…")
        # The layer limits apply where the data enters, so whatever loads also saves and reopens.
        return data_cache.load(*_csv_options(settings))
    generate = datasets.GENERATORS[settings.dataset]
    return generate(n=settings.n_samples, noise=settings.noise,
                    test_fraction=settings.test_fraction, seed=settings.data_seed)


def _csv_options(settings: NetworkSettings) -> tuple:
    return (settings.csv_path, settings.test_fraction, settings.data_seed, MAX_INPUTS, MAX_UNITS)


def dataset_ready(settings: NetworkSettings) -> bool:
    """Whether ``load_dataset`` answers at once; if not, call ``preload_dataset`` in a worker."""
    return settings.dataset != CSV_NAME or not settings.csv_path \
        or data_cache.is_ready(*_csv_options(settings))


def preload_dataset(settings: NetworkSettings) -> None:
    """Read the settings' CSV file into the cache (thread-safe; a refusal is kept too)."""
    if not dataset_ready(settings):
        try:
            load_dataset(settings)
        except datasets.DatasetError:
            pass  # kept: load_dataset raises it again where the tab can show it


def output_units(dataset: Dataset) -> int:
    """N^L: one unit (a^L = P(class 1)) for two classes, one per class otherwise."""
    return 1 if len(dataset.classes) <= 2 else len(dataset.classes)


def engine_layers(settings: NetworkSettings, dataset: Dataset) -> tuple[list[str], str]:
    """Activations and loss for the engine: softmax + categorical cross-entropy for > 2 classes."""
    activations = list(settings.activations)
    if output_units(dataset) > 1 and settings.loss == "cross_entropy":
        return [*activations[:-1], "softmax"], "categorical_cross_entropy"
    return activations, settings.loss


def check_fits(settings: NetworkSettings, dataset: Dataset) -> None:
    """The first layer must match the data's inputs and the last its classes."""
    n_in, n_out = dataset.n_features, output_units(dataset)
    if settings.layers[0] != n_in:
        raise ValueError(f"the data has {n_in} inputs, so the first layer needs {n_in} units "
                         f"(it has {settings.layers[0]})")
    if settings.layers[-1] != n_out:
        raise ValueError(f"{len(dataset.classes)} classes need {n_out} output unit"
                         f"{'s' if n_out > 1 else ''} (the last layer has {settings.layers[-1]})")


def build_network(settings: NetworkSettings, dataset: Dataset, n_networks: int = 1) -> Network:
    """Fresh networks from the settings' seed (network k uses seed + k).

    Raises ValueError when they do not fit the data, or when training them would
    need more than ``MEMORY_LIMIT_BYTES`` (engine.network.training.estimated_bytes).
    """
    check_fits(settings, dataset)
    activations, loss = engine_layers(settings, dataset)
    network = Network(settings.layers, activations, loss, beta=settings.beta,
                      init=settings.init, seed=settings.seed, n_networks=n_networks)
    needed = estimated_bytes(network, len(dataset.y_train), settings.batch, len(dataset.y_test))
    if needed > MEMORY_LIMIT_BYTES:
        what = f"{n_networks} networks" if n_networks > 1 else "this network"
        raise ValueError(f"training {what} on {len(dataset.y_train)} samples would need about "
                         f"{needed / 1e9:.1f} GB of memory (the limit is "
                         f"{MEMORY_LIMIT_BYTES / 1e9:.0f} GB): use fewer networks, units or "
                         "samples, or smaller batches")
    return network


def load_parameters(network: Network, weights: Sequence, biases: Sequence) -> None:
    """Put W^m and b^m (one network's, as nested lists or arrays) into ``network``.

    Raises ValueError when a shape does not fit the network or a value is not finite.
    """
    if len(weights) != len(network.W) or len(biases) != len(network.b):
        raise ValueError(f"the network has {len(network.W)} layers of weights; "
                         f"got {len(weights)} weights and {len(biases)} biases")
    for m, (W, b, W_new, b_new) in enumerate(
        zip(network.W, network.b, weights, biases, strict=True), start=1
    ):
        W_new = np.asarray(W_new, dtype=float)
        b_new = np.asarray(b_new, dtype=float).reshape(-1, 1) if np.ndim(b_new) else None
        if W_new.shape != W.shape[1:] or b_new is None or b_new.shape != b.shape[1:]:
            raise ValueError(f"W^{m} must be {W.shape[1]} × {W.shape[2]} and b^{m} "
                             f"{b.shape[1]} values")
        if not (np.isfinite(W_new).all() and np.isfinite(b_new).all()):
            raise ValueError(f"W^{m} or b^{m} holds a value that is not finite")
        W[0], b[0] = W_new, b_new


def view_domain(dataset: Dataset) -> tuple[float, float, float, float] | None:
    """The plane the decision boundary covers: all points, the engine's margin, a little more."""
    if dataset.n_features != 2:
        return None
    points = np.vstack([dataset.X_train, dataset.X_test])
    x0, x1, y0, y1 = GridSpec.for_data(points, GRID_RESOLUTION, HIDDEN_GRID_RESOLUTION).domain
    dx, dy = VIEW_MARGIN * (x1 - x0), VIEW_MARGIN * (y1 - y0)
    return (x0 - dx, x1 + dx, y0 - dy, y1 + dy)


def build_run(
    settings: NetworkSettings, dataset: Dataset, network: Network, with_grids: bool = True
) -> TrainingRun:
    """A TrainingRun of ``network`` on the data with the settings' training options,
    moved by the settings' descent rule (``NetworkSettings.rule``)."""
    domain = view_domain(dataset) if with_grids else None
    return TrainingRun(
        network, dataset.X_train, dataset.y_train,
        X_test=dataset.X_test, y_test=dataset.y_test,
        optimizer=NetworkOptimizer(network, rules=[settings.rule()]),
        batch_size=settings.batch, shuffle=settings.shuffle, max_epochs=settings.max_epochs,
        grid_resolution=GRID_RESOLUTION if domain else None,
        hidden_grid_resolution=HIDDEN_GRID_RESOLUTION, domain=domain,
    )
