"""A lesson's Markdown-light text as HTML for a text browser, its maths set aside.

Blank lines part paragraphs, ``**bold**``, ``*italic*``, a line starting ``- `` is a
list item; ``$…$`` is maths, replaced by ``<img src="math:N">`` so the panel can put
the typeset picture of formula N there (or its plain text if mathtext refuses).
Everything else is escaped: a lesson's text is untrusted and never becomes markup.
"""

from __future__ import annotations

import html
import re

_MATH = re.compile(r"\$([^$]+)\$")


def to_html(text: str) -> tuple[str, list[str]]:
    """The HTML of ``text`` and the LaTeX of each formula in it, in order."""
    formulas: list[str] = []

    def inline(line: str) -> str:
        parts, last = [], 0
        for match in _MATH.finditer(line):
            parts.append(_emphasis(html.escape(line[last:match.start()])))
            formulas.append(match.group(1))
            alt = html.escape(match.group(1), quote=True)
            parts.append(f'<img src="math:{len(formulas) - 1}" alt="{alt}" '
                         'style="vertical-align: middle">')
            last = match.end()
        parts.append(_emphasis(html.escape(line[last:])))
        return "".join(parts)

    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.splitlines()
        if lines and all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{inline(line.lstrip()[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append(f"<p>{'<br>'.join(inline(line) for line in lines)}</p>")
    return "".join(blocks), formulas


def _emphasis(escaped: str) -> str:
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<i>\1</i>", escaped)
