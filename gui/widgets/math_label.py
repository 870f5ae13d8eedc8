"""A label that shows a typeset formula, or plain text where mathtext cannot."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gui.mathtext import DEFAULT_FONT_SIZE, render


class MathLabel(QLabel):
    """``set_latex(r"f'(x) = 5x^{4}")`` shows the formula typeset."""

    def __init__(self, parent: QWidget | None = None, font_size: int = DEFAULT_FONT_SIZE) -> None:
        super().__init__(parent)
        self.font_size = font_size
        self.latex = ""

    def set_latex(self, latex: str, fallback: str | None = None) -> None:
        self.latex = latex
        try:
            self.setPixmap(render(latex, self.font_size))
        except ValueError:
            self.setText(fallback if fallback is not None else latex)
