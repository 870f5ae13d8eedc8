"""The recorder's share of a core on a small machine (gui.record.child.pause_after)."""

import pytest

from gui.record.child import CORE_SHARE, FEW_CORES, pause_after


@pytest.mark.parametrize("cores", [1, FEW_CORES])
def test_on_a_small_machine_a_frames_cpu_is_followed_by_a_rest(cores):
    rest = pause_after(0.02, cores)
    assert 0.02 / (0.02 + rest) == pytest.approx(CORE_SHARE)  # its share of one core


@pytest.mark.parametrize(("cpu", "cores"), [(0.02, FEW_CORES + 1), (0.02, 64), (0.02, None),
                                            (0.0, 1)])
def test_with_cores_to_spare_the_recorder_never_rests(cpu, cores):
    assert pause_after(cpu, cores) == 0.0
