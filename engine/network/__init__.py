"""A multi-layer perceptron in the notes' notation (the Neural network tab's engine).

:mod:`activations` and :mod:`losses` (σ, C and δ^L), :mod:`network` (forward and
backward passes, K networks at once), :mod:`training` (a run as a job),
:mod:`live_run` (the same, as the live view drives it), :mod:`inspection` and
:mod:`gradcheck` (backprop against finite differences), :mod:`datasets`,
:mod:`presets`, and :mod:`mlp` (scikit-learn's classifier API).
"""

from engine.network.network import Network
from engine.network.training import TrainingRun

__all__ = ["Network", "TrainingRun"]
