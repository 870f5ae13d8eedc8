"""When a TrainingRun stops: a network whose loss or weights stopped being finite, or
whose loss exploded, is frozen at its last sane weights (the run stops once none is
left); the run converges by scikit-learn's rule (no improvement by ``tol`` for
``n_iter_no_change`` epochs) or once ‖∂C/∂θ‖ < ``grad_tol``; or it reaches ``max_epochs``.
"""

from __future__ import annotations

import numpy as np


class RunStops:
    """The stop rules of :class:`engine.network.training.TrainingRun`, which holds the
    state they read and change (θ, the backups, the loss limits, the counters)."""

    def _handle_divergence(self, loss: np.ndarray) -> bool:
        """Restore and stop the networks that diverged; True if none is left."""
        net, opt = self.network, self.optimizer
        finite = np.isfinite(loss) & np.isfinite(net.params).all(axis=1)
        bad = ~(finite & (loss * self._inverse_limit <= 1.0)) & ~self.diverged
        if not bad.any():
            return False
        net.params[bad] = self._previous[bad]
        opt.forget(bad)
        if not np.isfinite(loss[bad]).all():
            cause = "loss became NaN" if np.isnan(loss[bad]).any() else "loss became infinite"
        elif not finite[bad].all():
            cause = "the weights overflowed"
        else:
            cause = f"loss exploded to {loss[bad].max():.3g}"
        self.diverged |= bad
        when = f"at epoch {self.epoch + 1}"
        if self.diverged.all():
            self._stop("diverged", f"{cause} {when} — try a smaller learning rate; "
                       "the weights are the last ones with a finite, sane loss")
            return True
        opt.frozen = (~self.diverged).astype(float)[:, None]
        self.message = f"{int(self.diverged.sum())} of {net.n_networks} networks diverged"
        return False

    def _check_convergence(self, loss: np.ndarray) -> None:
        if self.tol <= 0 and self.grad_tol <= 0:
            if self.epoch >= self.max_epochs:
                self._stop("max_epochs", f"stopped after {self.max_epochs} epochs")
            return
        live = ~self.diverged
        done = np.zeros_like(live)
        if self.tol > 0:
            # sklearn's rule: no improvement by tol over n_iter_no_change epochs
            improved = loss < self._best - self.tol
            self._stale = np.where(improved, 0, self._stale + 1)
            self._best = np.fmin(self._best, loss)
            done |= self._stale >= self.n_iter_no_change
        if self.grad_tol > 0:
            g = self.optimizer.gradient
            done |= np.sqrt(np.einsum("kp,kp->k", g, g)) < self.grad_tol
        if done[live].all():
            self._stop("converged", f"converged after {self.epoch} epochs")
        elif self.epoch >= self.max_epochs:
            self._stop("max_epochs", f"stopped after {self.max_epochs} epochs")

    def _stop(self, status: str, message: str) -> None:
        self.status = status
        diverged = int(self.diverged.sum())
        if status != "diverged" and diverged:
            message += f" ({diverged} of {self.network.n_networks} networks diverged)"
        self.message = message
