"""The status line's rate: epochs per second counting the epoch in progress."""

import pytest

from engine.network.datasets import xor
from engine.network.presets import PRESETS
from gui.tabs.network import status
from gui.tabs.network.status import RateMeter, describe


def test_the_rate_counts_the_share_of_the_epoch_in_progress(monkeypatch):
    clock = iter([0.0, 0.6, 1.2])
    monkeypatch.setattr(status.time, "perf_counter", lambda: next(clock))
    meter = RateMeter()
    meter.add(4.25, True)
    meter.add(5.5, True)  # 1.25 epochs in 0.6 s: whole epochs would say 1 / 0.6
    assert meter.value == pytest.approx(1.25 / 0.6)
    meter.add(5.75, False)
    assert meter.value == 0.0


@pytest.mark.parametrize("rate, shown", [(31_000.4, "31,000 epochs/s"), (12.6, "13 epochs/s"),
                                         (2.34, "2.3 epochs/s"), (0.414, "0.41 epochs/s"),
                                         (1.0, "1 epoch/s")])
def test_a_slow_rate_keeps_two_digits(rate, shown):
    data = xor()
    run = PRESETS["recommended"].run(data.X_train, data.y_train, seed=0)
    run.run_epochs(10)
    assert shown in describe(run.snapshot(), 10, rate).split(" · ")
