"""A lesson step's text with its $…$ formulas typeset, off the GUI thread.

matplotlib's mathtext takes 30–200 ms per formula: on the GUI thread, opening a
lesson held the window past 100 ms (issue 14).  The text shows at once with each
formula as written; a :class:`gui.widgets.typeset_job.TypesetJob` renders the
pictures in a helper process (:class:`gui.pool_worker.PoolWorker`) and they replace
the written formulas when all have arrived.  Pictures are kept, so a step seen
before shows typeset at once.
"""

from __future__ import annotations

import html
import itertools
import re

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from gui import mathtext
from gui.lessons.markup import to_html
from gui.pool_worker import PoolWorker
from gui.widgets.typeset_job import TypesetJob

#: (latex, font size, style) → PNG bytes, or None where mathtext cannot read it
Pictures = dict[tuple[str, int, object], bytes | None]


class BrowserTypesetter(QObject):
    """``show(text)``: ``browser`` shows ``text`` now and its typeset formulas soon."""

    def __init__(self, browser: QTextBrowser, pictures: Pictures) -> None:
        super().__init__(browser)
        self._browser = browser
        self._pictures = pictures  # shared by the panel's browsers
        self._worker = PoolWorker(self)
        self._worker.snapshot.connect(self._on_pictures)
        self._wanted: tuple[str, list[str], int, object] | None = None
        self._numbers = itertools.count()
        self._sent: dict[int, tuple[str, int, object]] = {}  # a request's key → its picture's

    @property
    def busy(self) -> bool:
        """Formulas of the text on show are still being typeset."""
        return self._wanted is not None

    def show(self, text: str) -> None:
        body, formulas = to_html(text)
        size = max(8, round(self._browser.font().pointSizeF()))  # maths as large as the text
        style = mathtext.current_style()
        missing = [latex for latex in dict.fromkeys(formulas)
                   if (latex, size, style) not in self._pictures]
        self._wanted = (body, formulas, size, style) if missing else None
        self._put(body, formulas, size, style)
        if not missing:
            self._worker.cancel()
            return
        self._sent = {next(self._numbers): (latex, size, style) for latex in missing}
        self._worker.start(TypesetJob([(key, latex, size)
                                       for key, (latex, size, _) in self._sent.items()], style))

    def shutdown(self) -> None:
        self._wanted = None
        self._worker.shutdown()

    def _on_pictures(self, done: tuple[tuple[int, bytes | None], ...] | None) -> None:
        for key, data in done or ():
            if key in self._sent:  # not an answer to a request since dropped
                self._pictures[self._sent[key]] = data
        if self._wanted is None:
            return  # the text on show needs no picture
        body, formulas, size, style = self._wanted
        if all((latex, size, style) in self._pictures for latex in formulas):
            self._wanted = None
            self._put(body, formulas, size, style)

    def _put(self, body: str, formulas: list[str], size: int, style: object) -> None:
        """``body`` with the formulas typeset where their pictures are known, else as written."""
        document = self._browser.document()
        for i, latex in enumerate(formulas):
            data = self._pictures.get((latex, size, style))
            if data is None:  # not typeset (yet), or mathtext cannot read it: as written
                written = html.escape(latex)  # a function: re.sub would read "\f" as an escape
                body = re.sub(f'<img src="math:{i}"[^>]*>', lambda _m, w=written: w, body)
                continue
            image = QImage.fromData(data)
            image.setDevicePixelRatio(style.device_pixel_ratio)
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"math:{i}"),
                                 image)
        self._browser.setHtml(body)
