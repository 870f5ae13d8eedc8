"""File → Export → the run as a NumPy script: the tab's settings handed to the engine's writer."""

from __future__ import annotations

from engine.network.script_export import training_script
from gui.package_info import app_version
from gui.tabs.network.build import build_network
from gui.tabs.network.model import NetworkModel
from gui.tabs.network.settings import rule_text


def training_script_source(model: NetworkModel) -> str:
    """A script that trains the network of the settings in use, from its seed's start,
    for as many epochs as the run has (or its stop, before a run), as the tab does."""
    settings, dataset = model.settings, model.dataset
    epochs = model.epoch() or settings.max_epochs
    header = "\n".join([
        f"{'-'.join(map(str, settings.layers))} network on {dataset.name}, "
        f"{epochs} epochs, made with Gradient Lab {app_version()}.",
        "",
        f"Activations {', '.join(settings.activations)} (β = {settings.beta:g}); cost "
        f"{settings.loss.replace('_', ' ')}; {rule_text(settings)}; "
        f"batch {settings.batch or 'full'}"
        f"{', shuffled' if settings.shuffle else ''}; start {settings.init} from seed "
        f"{settings.seed}.",
        "It starts from the seed's initial weights with the optimizer and values in use "
        "now; a run continued from saved weights or changed live differs from it there.",
    ])
    return training_script(build_network(settings, dataset), dataset.X_train, dataset.y_train,
                           rule=settings.rule(),
                           batch_size=settings.batch, shuffle=settings.shuffle, epochs=epochs,
                           header=header)
