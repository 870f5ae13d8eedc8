"""A step's formulas: written out at once, then typeset off the GUI thread (issue 14),
each picture the one mathtext draws for it; a step seen before shows typeset at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from gui.lessons.typeset import BrowserTypesetter
from gui.mathtext_png import current_style, png_bytes

TEXT = "Power rule: $f(x) = x^5$, so $f'(x) = 5x^4$; and $\\frac{1}{2}$."
FORMULAS = ["f(x) = x^5", "f'(x) = 5x^4", "\\frac{1}{2}"]


@pytest.fixture
def browser(qtbot):
    widget = QTextBrowser()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _picture(browser: QTextBrowser, i: int) -> QImage:
    return browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                       QUrl(f"math:{i}"))


def test_formulas_are_written_out_then_typeset_as_mathtext_draws_them(qtbot, browser):
    typesetter = BrowserTypesetter(browser, {})
    try:
        typesetter.show(TEXT)
        if typesetter.busy:  # nothing typeset yet: the formulas as written
            assert "f(x) = x^5" in browser.toPlainText()
        qtbot.waitUntil(lambda: not typesetter.busy, timeout=60_000)
        assert "x^5" not in browser.toPlainText()  # pictures now, not the TeX
        size = max(8, round(browser.font().pointSizeF()))
        for i, latex in enumerate(FORMULAS):
            expected = QImage.fromData(png_bytes(latex, size, current_style()))
            shown = _picture(browser, i)
            assert shown is not None and not shown.isNull()
            assert shown.size() == expected.size()
            assert shown.convertToFormat(QImage.Format.Format_ARGB32) == \
                expected.convertToFormat(QImage.Format.Format_ARGB32)
    finally:
        typesetter.shutdown()


def test_a_text_seen_before_is_typeset_at_once_and_bad_maths_stays_written(qtbot, browser):
    pictures = {}
    first = BrowserTypesetter(browser, pictures)
    try:
        first.show(TEXT + " $\\frac{$")
        qtbot.waitUntil(lambda: not first.busy, timeout=60_000)
        assert "\\frac{" in browser.toPlainText()  # mathtext cannot read it: as written
        browser.clear()
        first.show(TEXT)
        assert not first.busy and "x^5" not in browser.toPlainText()
    finally:
        first.shutdown()
