"""A row of controls that wraps: one row when there is room, more rows when narrow, every
control whole and inside, in reading order."""

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from gui.widgets.flow_layout import FlowLayout
from gui.widgets.transport import TransportBar


@pytest.fixture
def row(qtbot):
    parent = QWidget()
    layout = FlowLayout(parent)
    buttons = [QPushButton(text) for text in ("Play", "Step one epoch", "Reset to the same start",
                                              "New start", "Record…")]
    for button in buttons:
        layout.addWidget(button)
    qtbot.addWidget(parent)
    parent.show()
    return parent, layout, buttons


def rows_of(buttons):
    return sorted({b.geometry().top() for b in buttons})


def test_one_row_when_there_is_room(row):
    parent, layout, buttons = row
    parent.resize(layout.sizeHint().width(), layout.heightForWidth(layout.sizeHint().width()))
    layout.setGeometry(parent.rect())
    assert len(rows_of(buttons)) == 1
    assert [b.geometry().left() for b in buttons] == sorted(b.geometry().left() for b in buttons)


@pytest.mark.parametrize("width", [120, 250, 400])
def test_a_narrow_row_wraps_and_keeps_every_control_whole(row, width):
    parent, layout, buttons = row
    height = layout.heightForWidth(width)
    parent.resize(width, height)
    layout.setGeometry(parent.rect())
    assert len(rows_of(buttons)) > 1
    for b in buttons:
        g = b.geometry()
        assert g.width() == b.sizeHint().width()  # never squeezed
        assert parent.rect().contains(g) or g.width() > width  # inside (a lone wide one aside)
    assert height > layout.heightForWidth(layout.sizeHint().width())
    reading = sorted(buttons, key=lambda b: (b.geometry().top(), b.geometry().left()))
    assert reading == buttons


def test_a_hidden_control_takes_no_room(row):
    _, layout, buttons = row
    wide = layout.sizeHint().width()
    buttons[2].hide()
    assert layout.sizeHint().width() < wide


def test_the_transport_bar_wraps_in_a_narrow_column(qtbot):
    bar = TransportBar(unit="epoch", new_start=True)
    qtbot.addWidget(bar)
    bar.show()
    assert bar.layout().hasHeightForWidth()
    assert bar.minimumSizeHint().width() < bar.sizeHint().width() / 2
