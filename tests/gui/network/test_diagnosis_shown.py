"""The tab says in words that a run is stuck: in the status line and above the curves."""

import pytest

from gui.tabs.network import NetworkTab


@pytest.fixture
def tab(qtbot):
    widget = NetworkTab()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.latest is not None, timeout=5000)
    yield widget
    widget.shutdown()


def train_to_the_end(qtbot, tab, preset):
    tab.ui.controls.preset.setCurrentIndex(tab.ui.controls.preset.findData(preset))
    tab.ui.controls.preset.activated.emit(tab.ui.controls.preset.currentIndex())
    qtbot.waitUntil(lambda: tab.settings.preset == preset, timeout=5000)
    tab.ui.transport.speed.setCurrentIndex(0)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=20_000)


def test_the_notes_preset_at_seed_0_says_it_is_stuck_and_what_to_try(qtbot, tab):
    train_to_the_end(qtbot, tab, "notes")
    assert tab.settings.seed == 0 and tab.latest.training.epoch == 1000
    assert float(tab.latest.training.train_accuracy[0]) == 0.5
    label, curves = tab.ui.curves.diagnosis, tab.ui.curves
    qtbot.waitUntil(label.isVisible, timeout=5000)
    text = label.text()
    assert text.startswith("Stuck:") and "Many starts" in text and "Xavier" in text
    assert "smaller sigmoid β" in text and "lower learning rate η" in text
    # whole, readable, and above the plots rather than over them
    assert label.width() >= 200 and label.height() >= label.heightForWidth(label.width())
    assert curves.rect().contains(label.geometry())
    assert curves.viewport().geometry().top() >= label.geometry().bottom()
    assert label.visibleRegion().boundingRect().size() == label.size()
    # the plots moved down for it: the lowest one, with its epoch axis, is whole
    lowest = curves.gradient_plot.sceneBoundingRect()
    assert lowest.height() > 60 and lowest.bottom() <= curves.viewport().height() + 1
    # the status line and the note above the boundary say it too
    assert "Stuck at 50%" in tab.status_text and "Many starts" in tab.status_text
    message = tab.ui.boundary.message
    assert message.isVisible() and "Stuck at 50%" in message.text()


def test_a_healthy_run_shows_no_warning(qtbot, tab):
    train_to_the_end(qtbot, tab, "recommended")
    assert bool(tab.latest.training.solved[0])
    assert not tab.ui.curves.diagnosis.isVisible()
    assert "Stuck" not in tab.status_text
    assert tab.ui.curves.viewport().geometry().top() <= tab.ui.curves.frameWidth()
