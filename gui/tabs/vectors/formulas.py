"""A panel of typeset worked lines (``engine.vectors.Worked``), refreshed at display rate."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.vectors import Worked
from gui import mathtext, theme

FONT_SIZE = 13
#: Typesetting costs milliseconds: while dragging, redraw at most this often.
REFRESH_MS = 40


class FormulaPanel(QWidget):
    """Shows worked lines as LaTeX pixmaps, and problems as plain red sentences.

    :meth:`show_lines` may be called at every mouse move; the panel typesets only
    the newest lines, once per ``REFRESH_MS``.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(2)
        self._labels: list[QLabel] = []
        self._pending: tuple[tuple[Worked, ...], tuple[str, ...]] | None = None
        self.texts: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.flush)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def show_lines(self, worked: Sequence[Worked], problems: Sequence[str] = ()) -> None:
        """Queue ``worked`` lines (and ``problems``) for the next refresh."""
        self._pending = (tuple(worked), tuple(problems))
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Typeset what is queued now."""
        self._timer.stop()
        if self._pending is None:
            return
        worked, problems = self._pending
        self._pending = None
        self.texts = [w.text for w in worked] + list(problems)
        self._ensure_labels(len(worked) + len(problems))
        for label, line in zip(self._labels, worked, strict=False):
            self._typeset(label, line)
        for label, problem in zip(self._labels[len(worked):], problems, strict=False):
            label.setText(problem)
            label.setStyleSheet(f"color: {theme.VERMILLION}; font-weight: bold;")
        for index, label in enumerate(self._labels):
            label.setVisible(index < len(self.texts))

    def _typeset(self, label: QLabel, line: Worked) -> None:
        label.setStyleSheet("")
        label.setToolTip(line.text)
        label.setAccessibleName(line.text)
        try:
            pixmap = mathtext.render(line.latex, FONT_SIZE)
        except ValueError:
            label.setText(line.text)
            return
        label.setPixmap(pixmap)

    def _ensure_labels(self, count: int) -> None:
        while len(self._labels) < count:
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self._layout.addWidget(label)
            self._labels.append(label)

    def shutdown(self) -> None:
        self._timer.stop()

