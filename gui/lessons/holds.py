"""What a lesson step locks stays locked, and what it hides stays hidden, while the step is
shown, even when the tab itself enables or shows that control again (choosing "k·a" turns
the k slider back on; a finished analysis shows its table). On release each control gets
what its tab last asked for, not what it was before the step. (Qt sends no event when a
disabled control is disabled again, so a tab's "off" while locked goes unseen: such a
control comes back as the tab last turned it on, or as it was.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

LOCK = "lock"  # the other kinds ("hide", "reveal") hide the control


class Holds(QObject):
    """The controls held, each with its kind and what its tab wants for it meanwhile."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._held: dict[QWidget, list] = {}  # control → [kind, the tab's wish]
        self._applying = False

    def hold(self, widget: QWidget, kind: str) -> None:
        """Disable (``"lock"``) or hide ``widget`` until :meth:`release`."""
        if widget in self._held:
            return
        wish = _tab_enables(widget) if kind == LOCK else not _hidden_on_purpose(widget)
        self._held[widget] = [kind, wish]
        widget.installEventFilter(self)
        widget.destroyed.connect(self._forget)
        self._apply(widget)

    def release(self, widget: QWidget) -> None:
        """Give ``widget`` back as its tab last asked for it."""
        held = self._held.pop(widget, None)
        if held is None:
            return
        widget.removeEventFilter(self)
        kind, wish = held
        if kind == LOCK:
            widget.setEnabled(wish)
        else:
            widget.setHidden(not wish)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        held = self._held.get(watched)
        if held is None or self._applying:
            return False
        kind, kind_of_event = held[0], event.type()
        if kind == LOCK and kind_of_event == QEvent.Type.EnabledChange:
            held[1] = _tab_enables(watched)
            if watched.isEnabled():
                QTimer.singleShot(0, self, lambda: self._apply(watched))
        elif kind != LOCK and kind_of_event == QEvent.Type.ShowToParent:
            held[1] = True
            QTimer.singleShot(0, self, lambda: self._apply(watched))
        elif kind != LOCK and kind_of_event == QEvent.Type.HideToParent:
            held[1] = False
        return False

    def _apply(self, widget: QWidget) -> None:
        held = self._held.get(widget)
        if held is None:
            return
        self._applying = True
        try:
            if held[0] == LOCK:
                widget.setEnabled(False)
            else:
                widget.hide()
        finally:
            self._applying = False

    def _forget(self, gone: QObject) -> None:
        self._held.pop(gone, None)


def _tab_enables(widget: QWidget) -> bool:
    """Whether the widget's own setting is enabled (a disabled parent aside)."""
    return not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)


def _hidden_on_purpose(widget: QWidget) -> bool:
    """Whether ``widget`` was hidden by its tab (a child of a tab not yet shown reports
    isHidden() too, and must come back once the lesson gives it back)."""
    explicit = widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
    return widget.isHidden() and explicit
