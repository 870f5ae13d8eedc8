"""Every interactive control has a stable name and a one-line tooltip."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)

from gui.main_window import MainWindow, tab_keys

INTERACTIVE = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit)


def _controls(tab):
    for widget in tab.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        # Parts Qt builds inside other widgets (a spin box's line edit, a scroll
        # bar, a combo box's view, a tab bar's buttons) are not controls of ours.
        parent = widget.parentWidget()
        if isinstance(parent, (*INTERACTIVE, QTabBar)) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QAbstractSlider) and type(widget).__name__ == "QScrollBar":
            continue
        yield widget


@pytest.mark.parametrize("key", tab_keys())
def test_every_control_has_a_name_and_a_tooltip(qtbot, tmp_path, key):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    tab = window.tab(key)
    controls = list(_controls(tab))
    missing = [
        f"{type(w).__name__} {w.objectName() or '(no name)'} '{getattr(w, 'text', str)()}'"
        for w in controls
        if not w.objectName() or not w.toolTip()
    ]
    window.close()
    assert len(controls) >= 5
    assert missing == []
