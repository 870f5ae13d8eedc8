"""The status line: epoch, loss, accuracy, epochs per second, and what holds the run back."""

from __future__ import annotations

import time

from engine.network.diagnostics import Diagnosis
from engine.network.training_state import TrainingSnapshot
from gui.tabs.network.notation import number

RATE_WINDOW_S = 0.5


class RateMeter:
    """Epochs per second over the last ``RATE_WINDOW_S`` of running (0 while paused)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.value = 0.0
        self._start: tuple[float, float] | None = None

    @property
    def counting(self) -> bool:
        """True once a running frame came since the last still one."""
        return self._start is not None

    def add(self, epoch: float, running: bool) -> None:
        """``epoch`` counts the share of the epoch in progress too (a run shown part-way
        through its epochs would read 0 or 2 epochs/s at ~2)."""
        now = time.perf_counter()
        if not running:
            self.reset()
            return
        if self._start is None:
            self._start = (now, epoch)
            return
        started, first = self._start
        if now - started >= RATE_WINDOW_S:
            self.value = (epoch - first) / (now - started)
            self._start = (now, epoch)


def _rate(rate: float) -> str:
    """Epochs per second: whole above 10 (31,000), two significant digits below (2.3, 0.41)."""
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.2g}"


def _where(t: TrainingSnapshot, epoch: int) -> str:
    """'Epoch 12', or part-way through the next one 'Epoch 12 · 40% into epoch 13' (the
    share of its updates done, rounded down: never 100% before it ends)."""
    if not t.batch:
        return f"Epoch {epoch:,}"
    return f"Epoch {epoch:,} · {100 * t.batch // t.batches_per_epoch}% into epoch {epoch + 1:,}"


def _measured(t: TrainingSnapshot, epoch: int) -> str:
    """What loss and accuracy measure when it is not the weights shown on all the data
    (engine.network.training_state.TrainingSnapshot.train_metrics); '' when it is.

    Short, as the status bar is: "figures from epoch 5" are the running means over
    epoch 5's updates and the test set at its end."""
    if t.train_metrics == "epoch":
        return f"figures from epoch {epoch:,}"
    if t.train_metrics == "partial":
        return f"figures so far in epoch {epoch + 1:,}"
    return f"test from epoch {epoch:,}" if t.test_metrics == "epoch" else ""


def describe(t: TrainingSnapshot, epoch: int, rate: float,
             diagnosis: Diagnosis | None = None) -> str:
    """'Epoch 1,234 · loss 0.0123 (test 0.02) · accuracy 100% · 31,000 epochs/s', then the
    diagnosis's first finding and remedy when there is one (engine.network.diagnostics).
    Part-way through an epoch it says how far, and what the figures measure when they
    are not the weights shown on all the data."""
    loss = f"loss {number(float(t.train_loss[0]))}"
    if t.test_loss is not None:
        loss += f" (test {number(float(t.test_loss[0]))})"
    accuracy = f"accuracy {float(t.train_accuracy[0]):.0%}"
    if t.test_accuracy is not None:
        accuracy += f" (test {float(t.test_accuracy[0]):.0%})"
    parts = [_where(t, epoch), loss, accuracy]
    if rate > 0:
        parts.append(f"{_rate(rate)} epoch{'' if _rate(rate) == '1' else 's'}/s")
    measured = _measured(t, epoch)
    if measured:
        parts.append(measured)
    if t.status == "max_epochs":
        # the run's own count may start after a restored or continued curve: say the total
        parts.append(f"stopped at epoch {epoch:,} (“Stop after”)")
    elif t.status != "running" and not (diagnosis and "overflow" in diagnosis.kinds):
        parts.append(t.message)  # an overflow's finding names the cause instead
    if diagnosis is not None and diagnosis.findings:
        parts.append(diagnosis.summary())
    return " · ".join(parts)
