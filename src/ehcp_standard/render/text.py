"""Plan text made safe for WordprocessingML: escaped, split into paragraphs, bullets recognised.

Every string that reaches the template goes through ``xml_text``, which returns ``markupsafe.Markup``: the string
escaped for XML (``& < > " '``), with ``{`` and ``}`` written as character references (docxtpl rewrites ``{_{``
and ``}_}`` in rendered output, which would change a plan's text), each tab turned into a real Word tab
(``<w:tab/>``) and any line break into a Word line break (``<w:br/>``). The result is meant for the inside of
``<w:t xml:space="preserve">…</w:t>`` in a run, which is where the template puts every value. Because it is
``Markup``, Jinja's autoescape leaves it alone, so a value is escaped exactly once whichever way the template is
rendered.

``paragraphs`` splits free text (``Text``) into paragraphs the way the model describes it: one paragraph per line
(any Unicode line break, as ``str.splitlines`` reads them), blank lines included (as empty paragraphs), so a reader
gets every line back. A line starting with ``"- "`` is a bullet point in the List Bullet style (its marker shown by
the style); a line starting with ``"• "`` keeps its marker character in a normal paragraph, so the two markers stay
distinguishable on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup, escape

#: Line prefixes that make a line a bullet point (EHCP-STANDARD.md; model ``Text``).
BULLET_MARKERS = ("- ", "• ")
#: The marker printed by the List Bullet style; a line with the other marker keeps it as text.
STYLE_MARKER = "- "

#: What a tab becomes inside a run: close the text, a Word tab, reopen the text (spaces kept).
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
#: What a line break inside a one-line value becomes: a Word line break within the paragraph.
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_EMPTY = Markup("")
#: ``Markup(text)`` for a ``str`` already safe, made without ``Markup.__new__``'s check for ``__html__``.
_as_markup = partial(str.__new__, Markup)
#: Characters that need more than copying: markup, braces, tab and every line break ``str.splitlines`` knows.
_SPECIAL = re.compile("[&<>\"'{}\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def xml_text(value: object) -> Markup:
    """Return ``value`` as text for a ``<w:t xml:space="preserve">`` element: escaped, braces as character
    references, tabs as ``<w:tab/>`` and line breaks (which a one-line slot should not get, but may) as
    ``<w:br/>``. ``None`` gives empty text."""
    if value is None:
        return _EMPTY
    text = value if type(value) is str else str(value)
    if _SPECIAL.search(text) is None:
        return _as_markup(text)  # most plan text: nothing to escape
    lines = text.splitlines() or [""]
    escaped = _BREAK.join(str(escape(line)).translate(_BRACES) for line in lines)
    return _as_markup(escaped.replace("\t", _TAB))


def escape_once(value: object) -> Markup:
    """Return ``value`` escaped (``markupsafe.escape``), except that a ``Markup`` value (text ``xml_text`` has
    escaped) is returned as it is rather than copied: the same text either way."""
    if type(value) is Markup:
        return value
    return escape(value)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of plan text: its escaped ``text`` and whether it is a bullet point."""

    text: Markup
    bullet: bool


def paragraph(line: str) -> Paragraph:
    """Return one line as a paragraph: a List Bullet paragraph (marker removed) if it starts with ``"- "``; any
    other line, ``"• "`` bullets included, as it is."""
    if line.startswith(STYLE_MARKER):
        return Paragraph(xml_text(line[len(STYLE_MARKER):]), True)
    return Paragraph(xml_text(line), False)


#: The paragraph of a text that is ``None`` or blank (one shared instance: a ``Paragraph`` is immutable).
_EMPTY_PARAGRAPH = Paragraph(_EMPTY, False)


def paragraphs(value: str | None) -> list[Paragraph]:
    """Return the paragraphs of a free-text value; never empty (one empty paragraph for ``None`` or blank text),
    so a table cell built from it always holds a paragraph."""
    if not value:
        return [_EMPTY_PARAGRAPH]
    return list(map(paragraph, value.splitlines())) or [_EMPTY_PARAGRAPH]


def lead_and_rest(value: str | None) -> tuple[Markup, list[Paragraph]]:
    """Return (first line, remaining paragraphs) for a labelled text such as "What: …": the first line joins the
    label unless it is a bullet point, in which case the label stands alone and every line follows it."""
    lines = value.splitlines() if value else []
    if lines and lines[0] and not lines[0].startswith(BULLET_MARKERS):
        return xml_text(lines[0]), list(map(paragraph, lines[1:]))
    return _EMPTY, list(map(paragraph, lines))


def yes_no(value: bool | None) -> Markup:
    """Return "YES", "NO" or "" (unknown), as the national template writes its YES/NO fields."""
    if value is None:
        return Markup("")
    return Markup("YES" if value else "NO")
