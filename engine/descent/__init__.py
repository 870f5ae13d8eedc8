"""Gradient descent on surfaces f(x, y) (the Gradient descent tab's engine).

:mod:`surfaces` (named and typed f), :mod:`optimizers` (the update rules,
vectorised over starts), :mod:`swarm` (k points stepped together), :mod:`run`
(a race as a job), :mod:`checkpoints` (rewind a race), :mod:`multistart` (the basin map).

Nothing is imported here: the network's training takes only :mod:`optimizers`, and a
trainer process should not pay for SymPy, which :mod:`surfaces` needs.
"""
