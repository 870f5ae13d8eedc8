"""The screen checks catch what a person would call cut off, and accept what is not."""

from __future__ import annotations

from PySide6.QtCore import QTimer, qWarning
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tests.gui.screen.checks import clipped_labels, label_problem, visible_top_levels
from tests.gui.screen.guard import EventLoopGuard

_keep: list[QWidget] = []
LONG = "a sentence far too long to fit in the sixty pixels this label has been given"


def _shown(qtbot, label: QLabel, width: int, height: int) -> QLabel:
    holder = QWidget()
    qtbot.addWidget(holder)
    QVBoxLayout(holder).addWidget(label)
    label.setFixedSize(width, height)
    holder.show()
    qtbot.waitExposed(holder)
    _keep.append(holder)  # the label lives as long as its window
    return label


def test_text_wider_than_its_label_is_cut_off(qtbot):
    label = _shown(qtbot, QLabel(LONG), 60, 30)
    assert "px wide" in label_problem(label)
    assert len(clipped_labels(label.parentWidget())) == 1


def test_wrapped_text_taller_than_its_label_is_cut_off(qtbot):
    label = QLabel(LONG)
    label.setWordWrap(True)
    assert "px high" in label_problem(_shown(qtbot, label, 120, 12))


def test_a_picture_in_a_label_of_no_height_is_reported(qtbot):
    label = QLabel()
    picture = QPixmap(200, 40)
    picture.fill(QColor("white"))
    label.setPixmap(picture)
    assert "picture" in label_problem(_shown(qtbot, label, 200, 0))


def test_text_that_fits_and_elided_text_with_its_tooltip_pass(qtbot):
    assert label_problem(_shown(qtbot, QLabel("fits"), 200, 30)) is None
    elided = QLabel("a sentence…")
    elided.setToolTip(LONG)
    assert label_problem(_shown(qtbot, elided, 200, 30)) is None


def test_a_shown_parentless_label_is_a_stray_window(qtbot):
    stray = QLabel("■ Adam")
    qtbot.addWidget(stray)
    stray.show()
    assert stray in visible_top_levels()
    stray.close()
    assert stray not in visible_top_levels()


def test_the_guard_records_a_slot_that_raises_and_a_qt_warning(qtbot):
    guard = EventLoopGuard()
    guard.install()
    try:
        QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.wait(50)
        qWarning("a warning from Qt")
    finally:
        guard.uninstall()
    found = guard.take()
    assert len(found) == 2 and "ZeroDivisionError" in found[0] and "a warning from Qt" in found[1]
    assert guard.problems() == []
