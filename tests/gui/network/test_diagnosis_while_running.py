"""The diagnosis is worked out a few times a second while training runs, and a still
picture (paused, stopped) always shows its own snapshot's."""

from gui.tabs.network.views import DIAGNOSIS_EVERY_S

TRAILS_EVERY = 4  # running frames: picture, losses, picture, trails


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counting(tab) -> list[int]:
    calls = [0]
    diagnosis = tab.model.diagnosis

    def counted():
        calls[0] += 1
        return diagnosis()

    tab.model.diagnosis = counted
    return calls


def test_running_frames_diagnose_at_most_every_half_second_stills_always(qtbot, tab):
    qtbot.waitUntil(lambda: tab.latest is not None, timeout=10_000)
    clock = tab.views._clock = Clock()
    calls = counting(tab)
    snapshot = tab.latest
    trails_every = TRAILS_EVERY
    for _ in range(3 * trails_every):  # three "trails" frames within the same instant
        tab.views.frame(snapshot, running=True)
    assert calls[0] == 1
    clock.now += DIAGNOSIS_EVERY_S * 0.9
    for _ in range(trails_every):
        tab.views.frame(snapshot, running=True)
    assert calls[0] == 1
    clock.now += DIAGNOSIS_EVERY_S * 0.2
    for _ in range(trails_every):
        tab.views.frame(snapshot, running=True)
    assert calls[0] == 2
    tab.views.frame(snapshot, running=False)  # a still picture: its own diagnosis, now
    assert calls[0] == 3
    tab.views.paint(snapshot)
    assert calls[0] == 4
    for _ in range(trails_every):  # running again: the first trails frame diagnoses
        tab.views.frame(snapshot, running=True)
    assert calls[0] == 5


def test_a_paused_run_shows_the_diagnosis_of_its_last_snapshot(qtbot, tab):
    # the notes' preset at seed 0 sticks at 50 %: its diagnosis changes as it trains
    controls = tab.ui.controls
    controls.preset.setCurrentIndex(controls.preset.findData("notes"))
    controls.preset.activated.emit(controls.preset.currentIndex())
    qtbot.waitUntil(lambda: tab.settings.preset == "notes" and tab.latest is not None,
                    timeout=10_000)
    controls.max_epochs.setValue(controls.max_epochs.maximum())
    tab.ui.transport.speed.setCurrentIndex(0)
    tab.views._clock = Clock()  # time stands still: while running, diagnosed once
    tab.play()
    qtbot.waitUntil(lambda: tab.views.diagnosis is not None and tab.latest.training.epoch > 0,
                    timeout=20_000)
    early = tab.views.diagnosis
    qtbot.waitUntil(lambda: tab.model.diagnosis() != early, timeout=60_000)
    tab.pause()
    qtbot.waitUntil(lambda: tab.worker.state == "paused", timeout=10_000)
    # the pause's own snapshot arrives: its diagnosis is shown, in every place it is said
    qtbot.waitUntil(lambda: tab.views.diagnosis == tab.model.diagnosis(), timeout=10_000)
    final = tab.model.diagnosis()
    assert final.findings and "Stuck" in final.text()
    note = tab.ui.curves.diagnosis
    assert note.isVisible() and note.toolTip() == final.text()
    qtbot.waitUntil(lambda: final.summary() in tab.status_text, timeout=10_000)
