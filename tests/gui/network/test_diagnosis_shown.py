"""The tab says in words that a run is stuck: in the status line and above the curves."""

from dataclasses import replace

import numpy as np
import pytest

from gui.tabs.network import NetworkTab
from gui.tabs.network.curves import NOTE_SHARE, CurvesView


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


def test_features_around_1e300_say_the_loss_overflowed_and_to_standardise(qtbot, tab, tmp_path):
    # issue 14 item 16: "1e300 features show loss inf" with no word of why
    rng = np.random.default_rng(0)
    rows = [f"{float(a) * 1e300!r},{float(b) * 1e300!r},{i % 2}" for i, (a, b) in
            enumerate(rng.normal(size=(40, 2)))]
    path = tmp_path / "huge.csv"
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    tab.ui.controls.use_csv(str(path))
    qtbot.waitUntil(lambda: tab.settings.dataset == "CSV file", timeout=5000)
    tab.model.edit(replace(tab.settings, activations=("relu", "sigmoid")))
    qtbot.waitUntil(lambda: tab.settings.activations == ("relu", "sigmoid"), timeout=5000)
    tab.ui.transport.speed.setCurrentIndex(0)
    tab.play()
    qtbot.waitUntil(lambda: tab.worker.state == "finished", timeout=20_000)
    assert tab.latest.training.status == "diverged"
    note = tab.ui.curves.diagnosis
    qtbot.waitUntil(note.isVisible, timeout=5000)
    assert "features are around 1e300" in note.text() and "standardise" in note.text()
    assert "features around 1e300" in tab.status_text
    assert "try standardising the features" in tab.ui.boundary.message.text()


def test_a_short_curves_panel_shows_the_summary_whole_and_the_rest_as_tooltip(qtbot):
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    qtbot.waitExposed(view)
    whole = "Stuck: " + "the loss did not fall while the accuracy is 50 %. " * 6
    view.show_diagnosis(whole, "Stuck at 50%")
    note = view.diagnosis
    assert note.text() == "Stuck at 50%" and note.toolTip() == whole
    assert note.height() >= note.heightForWidth(note.width()) and note.isVisible()
    view.resize(300, 900)
    qtbot.waitUntil(lambda: note.text() == whole)
    assert note.height() <= NOTE_SHARE * view.height()
    assert view.viewport().geometry().top() >= note.geometry().bottom()
    view.show_diagnosis("")
    assert not note.isVisible() and view.viewport().geometry().top() <= view.frameWidth()
