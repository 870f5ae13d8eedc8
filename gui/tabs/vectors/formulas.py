"""A panel of typeset worked lines (``engine.vectors.Worked``) that keeps up with a drag.

Typesetting one line costs tens of milliseconds, too slow for every mouse move.
So a line whose picture is already made shows at once; any other line shows its
plain-text form at once and is typeset when the input has been still for
``SETTLE_MS``, and not before the panel's first paint (the first typesetting imports
matplotlib, half a second that must not hold back the tab's first picture).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.vectors import Worked
from gui import mathtext, theme
from gui.appearance import appearance
from gui.first_paint import after_first_paint

FONT_SIZE = 13
SETTLE_MS = 120
CACHE_SIZE = 256
#: Tallest typeset line (a fraction inside a fraction is 38 px) and most lines shown:
#: a panel of fixed height keeps the plot above it from jumping during a drag.
LINE_HEIGHT = 40
MAX_LINES = 4


class FormulaPanel(QWidget):
    """Worked lines as LaTeX pictures (plain text while a drag is moving them) and
    problems as red sentences.  ``texts`` holds the plain form of what is shown."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self._labels: list[QLabel] = []
        self._lines: tuple[Worked, ...] = ()
        self._pictures: OrderedDict[str, QPixmap | None] = OrderedDict()
        self.texts: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.flush)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(MAX_LINES * (LINE_HEIGHT + 2) + 8)
        appearance().changed.connect(self._retypeset)
        self._painted = False
        after_first_paint(self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        self._painted = True
        if any(line.latex not in self._pictures for line in self._lines):
            self._timer.start()

    def show_lines(self, worked: Sequence[Worked], problems: Sequence[str] = ()) -> None:
        """Show ``worked`` lines and ``problems`` now; typeset new lines once input settles."""
        self._lines = tuple(worked)
        self.texts = [w.text for w in worked] + list(problems)
        self._ensure_labels(len(self.texts))
        waiting = False
        for label, line in zip(self._labels, worked, strict=False):
            waiting |= not self._show(label, line, typeset=False)
        for label, problem in zip(self._labels[len(worked):], problems, strict=False):
            label.setText(problem)
            label.setToolTip(problem)
            label.setStyleSheet(f"color: {theme.VERMILLION}; font-weight: bold;")
        for index, label in enumerate(self._labels):
            label.setVisible(index < len(self.texts))
        if waiting and self._painted:
            self._timer.start()

    def flush(self) -> None:
        """Typeset every line shown as plain text, now."""
        self._timer.stop()
        for label, line in zip(self._labels, self._lines, strict=False):
            self._show(label, line, typeset=True)

    def _retypeset(self) -> None:
        # the pictures carry the old theme's text colour and pixel ratio: draw them again
        self._pictures.clear()
        self.flush()

    def _show(self, label: QLabel, line: Worked, typeset: bool) -> bool:
        """Put ``line`` on ``label``; False if it is shown as plain text awaiting typesetting."""
        label.setStyleSheet("")
        label.setToolTip(line.text)
        label.setAccessibleName(line.text)
        if line.latex not in self._pictures:
            if not typeset:
                label.setText(line.text)
                return False
            self._remember(line.latex)
        picture = self._pictures[line.latex]
        if picture is None:  # mathtext could not parse it: plain text is the honest fallback
            label.setText(line.text)
        else:
            label.setPixmap(picture)
        return True

    def _remember(self, latex: str) -> None:
        try:
            self._pictures[latex] = mathtext.render(latex, FONT_SIZE)
        except ValueError:
            self._pictures[latex] = None
        while len(self._pictures) > CACHE_SIZE:
            self._pictures.popitem(last=False)

    def _ensure_labels(self, count: int) -> None:
        while len(self._labels) < count:
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            label.setFixedHeight(LINE_HEIGHT)
            font = label.font()
            font.setPointSize(FONT_SIZE)
            label.setFont(font)
            self._layout.insertWidget(len(self._labels), label)
            self._labels.append(label)

    def shutdown(self) -> None:
        self._timer.stop()
