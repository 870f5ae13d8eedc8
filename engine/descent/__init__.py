"""Gradient descent on surfaces f(x, y) (the Gradient descent tab's engine).

:mod:`surfaces` (named and typed f), :mod:`optimizers` (the update rules,
vectorised over starts), :mod:`swarm` (k points stepped together), :mod:`run`
(a race as a job), :mod:`checkpoints` (rewind a race), :mod:`multistart` (the basin map).
"""

from engine.descent.optimizers import OPTIMIZERS, Optimizer
from engine.descent.run import DescentRun, DescentSnapshot
from engine.descent.surfaces import Surface, surface

__all__ = ["OPTIMIZERS", "DescentRun", "DescentSnapshot", "Optimizer", "Surface", "surface"]
