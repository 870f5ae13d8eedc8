"""A label that shows a typeset formula, or plain text where mathtext cannot."""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from gui.appearance import appearance
from gui.mathtext import DEFAULT_FONT_SIZE, render


class MathLabel(QLabel):
    """``set_latex(r"f'(x) = 5x^{4}")`` shows the formula typeset."""

    def __init__(self, parent: QWidget | None = None, font_size: int = DEFAULT_FONT_SIZE) -> None:
        super().__init__(parent)
        self.font_size = font_size
        self.latex = ""
        self.fallback: str | None = None
        self._typeset = False
        appearance().changed.connect(self._retypeset)

    def set_latex(self, latex: str, fallback: str | None = None) -> None:
        """Typeset now, on this thread (for one formula; many go through a TypesetQueue)."""
        try:
            picture = render(latex, self.font_size)
        except ValueError:
            picture = None
        self.show_rendered(latex, picture, fallback)

    def show_rendered(self, latex: str, picture: QPixmap | None,
                      fallback: str | None = None) -> None:
        """Show a formula typeset elsewhere; ``None`` means mathtext refused it."""
        self.latex = latex
        self.fallback = fallback
        if picture is None:
            self.setText(fallback if fallback is not None else latex)
        else:
            self.setPixmap(picture)
        self._typeset = picture is not None
        self.setAccessibleName(fallback if fallback is not None else latex)

    def _retypeset(self) -> None:
        # a new theme colour or screen density: the same formula, drawn again
        if self.latex and self._typeset:
            self.set_latex(self.latex, self.fallback)
