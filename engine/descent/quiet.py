"""Several descent steps in a row with the status tests done once, for the whole block.

:meth:`engine.descent.swarm.Swarm.advance` decides every point's status after every
step.  When nothing is about to stop, that bookkeeping (and the Python around each
call of f and ∇f) costs more than the step itself for a few points: one Adam
descent spent four fifths of each step on it.  :func:`advance_block` runs up to
n steps of every point with the very operations ``advance`` uses (the same
optimizer calls on the same arrays, f and ∇f from the same compiled code, so
the same numbers), keeps x, f and ∇f of each step, and then applies
``Swarm._move_block``'s loose tests to the whole block at once.

- None fires (the usual step: nothing stops, everything finite): the block
  stands, the swarm is where ``n`` calls of ``advance`` would have left it.
- One fires: the swarm is put back as it was and None is returned; the caller
  steps one at a time, so each status is decided exactly where it happens.

Points that have stopped stay where they are (their optimizer's state is
gathered once per block for the running ones, where ``advance`` gathers it every
step).  No running point may reach the step limit inside a block; f and ∇f must
be real (``Surface.raw``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from engine.descent.optimizers import State
from engine.descent.swarm import RUNNING, Swarm, _Group

__all__ = ["Block", "advance_block", "block_length"]

_ROOM = 8192  # points × steps per block: a few hundred kB of buffers
_LONGEST = 64  # steps; a block that fails is thrown away, so it stays short
_MOST_POINTS = 2048  # past this many points the per-step Python is a small part


class Block(NamedTuple):
    """x (n × k × 2), f (n × k) and ∇f (n × k × 2) after each step of the block."""

    x: np.ndarray
    f: np.ndarray
    g: np.ndarray


def block_length(swarm: Swarm, wanted: int) -> int:
    """How many steps a block may take now (0 or 1: step one at a time)."""
    k = swarm.k
    if not 0 < k <= _MOST_POINTS or swarm.finished or swarm.surface.raw is None:
        return 0
    # the last step of the block must leave every point short of the step limit
    room = swarm.max_steps - 1 - int(swarm.steps[swarm.status == RUNNING].max())
    return max(0, min(wanted, _LONGEST, _ROOM // k, room))


class _Moving(NamedTuple):
    """One optimizer's running points in a block: their rows (a slice when they are the
    group's whole block), its state for them, and which of the group's rows they are."""

    rows: slice | np.ndarray
    state: State
    moving: np.ndarray | None  # None: every row of the group runs, ``state`` is its own


def _moving(swarm: Swarm) -> list[tuple[_Group, _Moving]]:
    """Each group's running rows, as ``Swarm.advance`` steps them (the state gathered
    once for the block where some rows have stopped)."""
    found = []
    for group in swarm.groups:
        if group.running == 0:
            continue
        if group.running == len(group.rows):
            rows = group.block if group.block is not None else group.rows
            found.append((group, _Moving(rows, group.state, None)))
            continue
        moving = swarm.status[group.rows] == RUNNING
        state = {key: value[moving] for key, value in group.state.items()}
        found.append((group, _Moving(group.rows[moving], state, moving)))
    return found


def advance_block(swarm: Swarm, n: int) -> Block | None:
    """``n`` steps of every running point (n from :func:`block_length`), or None and the
    swarm untouched when the block's tests say some step must be taken one at a time.

    The block's x, f and ∇f of a stopped point are not written (left undefined)."""
    raw = swarm.surface.raw
    if raw is None or n < 2:
        raise ValueError("a block is at least 2 steps on a surface with real f and ∇f")
    k = swarm.k
    X, F, G = np.empty((n, k, 2)), np.empty((n, k)), np.empty((n, k, 2))
    groups = _moving(swarm)
    saved = [{key: value.copy() for key, value in part.state.items()}
             if part.moving is None else None for _, part in groups]  # fmt: skip
    gradient = swarm.surface.gradient  # Nesterov's look-ahead gradient, as in advance
    with np.errstate(all="ignore"):
        for group, (rows, state, _) in groups:
            x, g, optimizer = swarm.x[rows], swarm.g[rows], group.optimizer
            for j in range(n):
                x = optimizer.update(x, gradient, state, g)
                X[j, rows] = x
                xs, ys = x[:, 0], x[:, 1]
                F[j, rows] = raw.f(xs, ys, *raw.f_values)
                gx, gy = raw.g(xs, ys, *raw.g_values)
                G[j, rows, 0], G[j, rows, 1] = gx, gy
                g = G[j, rows]
        running: np.ndarray | None = swarm.status == RUNNING
        if running.all():
            running = None
        stops = _stops(swarm, X, F, G, running)
    if stops:
        for (group, _), state in zip(groups, saved, strict=True):
            if state is not None:
                group.state = state
        return None
    if running is None:
        swarm.x, swarm.f, swarm.g = X[-1].copy(), F[-1].copy(), G[-1].copy()
        swarm.steps += n
    else:
        swarm.x[running], swarm.f[running], swarm.g[running] = (
            X[-1, running], F[-1, running], G[-1, running])
        swarm.steps[running] += n
    for group, part in groups:
        if part.moving is not None:
            for key, value in part.state.items():
                group.state[key][part.moving] = value
        group.top = int(swarm.steps[group.rows].max())
    return Block(X, F, G)


def _stops(swarm: Swarm, X: np.ndarray, F: np.ndarray, G: np.ndarray,
           running: np.ndarray | None) -> bool:  # fmt: skip
    """``Swarm._move_block``'s loose tests over every step of the block at once (only
    the running points' columns when some have stopped): True if any fires."""
    low, high = swarm._low, swarm._high
    if running is not None:
        X, F, G = X[:, running], F[:, running], G[:, running]
        low, high = low[running], high[running]
    total = np.add.reduce(X, axis=None) + np.add.reduce(F, axis=None)
    total += np.add.reduce(G, axis=None)
    inside = swarm._inside
    return bool(not math.isfinite(total) or swarm._may_converge(G.reshape(-1, 2))
                or np.minimum.reduce(X, axis=None) < inside[0]
                or np.maximum.reduce(X, axis=None) > inside[1]
                or (F < low).any() or (F > high).any())  # fmt: skip
