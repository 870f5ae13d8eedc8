"""A typeset formula that shrinks to the width it is given instead of being cut off."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from gui.widgets.math_label import MathLabel

MIN_WIDTH = 60
MIN_SCALE = 0.45  # below this a typeset formula is unreadable: show its plain text
MAX_CHARS = 240  # of that text; the whole of it is the tooltip


class FittedMathLabel(MathLabel):
    """A :class:`MathLabel` whose formula is scaled down (never up) to fit its width."""

    def __init__(self, parent: QWidget | None = None, font_size: int = 14) -> None:
        super().__init__(parent, font_size)
        self._full: QPixmap | None = None
        # take the width the layout offers, not the formula's natural width
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(MIN_WIDTH)

    def setPixmap(self, pixmap: QPixmap) -> None:
        self._full = pixmap
        # a wrapping label asks its layout for height-for-width of text it no longer
        # holds and gets 0 px: a picture is scaled, never wrapped
        self.setWordWrap(False)
        self._fit()

    def setText(self, text: str) -> None:
        self._full = None
        self.setWordWrap(True)  # words (a fallback, a message) wrap; a formula is scaled
        super().setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._full is None or self._full.isNull():
            return
        width = max(MIN_WIDTH, self.width())
        shown = self._full
        # compared in the label's own (logical) pixels: a picture typeset for a 200 % screen
        # is twice as many device pixels wide and was shrunk to half size for it
        natural = shown.deviceIndependentSize().width()
        if natural > width:
            if width / natural < MIN_SCALE and self.fallback:
                # shrunk this far a formula is a grey hairline: the words say more
                self._show_words(self.fallback)
                return
            self.setToolTip("")
            self._show_scaled(shown, width)
            return
        self.setToolTip("")
        QLabel.setPixmap(self, shown)

    def _show_scaled(self, full: QPixmap, width: int) -> None:
        """``full`` scaled to ``width`` label pixels, at its own pixel ratio (crisp).

        The label lays a picture out a whole number of pixels high, so at a fractional ratio
        (150 %) it can come out a few pixels wider than asked: then it is scaled once more
        by what the label reports.
        """
        ratio = full.devicePixelRatio()
        target = math.floor(width * ratio)
        for _ in range(3):
            shown = full.scaledToWidth(max(1, target), Qt.TransformationMode.SmoothTransformation)
            shown.setDevicePixelRatio(ratio)
            QLabel.setPixmap(self, shown)
            laid_out = self.pixmap().deviceIndependentSize().width()
            if laid_out <= width:
                return
            target = math.floor(target * width / laid_out)

    def _show_words(self, text: str) -> None:
        self.setWordWrap(True)
        self.setToolTip(text if len(text) > MAX_CHARS else "")
        QLabel.setText(self, text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + " …")
