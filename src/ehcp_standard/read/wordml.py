"""WordprocessingML to a small neutral document model: body paragraphs and tables, each located.

A paragraph keeps its style id, its runs (text and whether bold), its bookmarks and whether it is a bullet; a table
keeps its caption (``w:tblCaption``) and its rows of cells of paragraphs. As in python-mammoth, a dispatch table
maps each element to a handler; ``IGNORED`` lists what is skipped on purpose, and anything else is reported as a
warning, once per element name, so an odd file is read anyway and nothing is dropped without a word.

Tracked changes are read as if accepted (insertions kept, deletions dropped), and said so. Text in a field's result
is kept; field instructions are not text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from .warnings import Location, Warnings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BULLET_STYLES = ("ListBullet", "ListBullet2", "ListBullet3", "ListParagraph")


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML element, e.g. ``w("p")``."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting: its text (tabs as ``\\t``, line breaks as ``\\n``) and boldness."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: style id (``""`` for Normal), runs, bookmark names, whether it is a bullet, and where it is."""

    style: str
    runs: tuple[Run, ...]
    where: Location
    bookmarks: tuple[str, ...] = ()
    bullet: bool = False

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(run.text for run in self.runs)

    def label_and_value(self) -> tuple[str, str]:
        """Return (the text of the leading bold runs, the text of the rest): a labelled line "Label: value"."""
        index = 0
        while index < len(self.runs) and (self.runs[index].bold or not self.runs[index].text):
            index += 1
        return "".join(r.text for r in self.runs[:index]), "".join(r.text for r in self.runs[index:])


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraphs, how many grid columns it spans, and where it is."""

    paragraphs: tuple[Paragraph, ...]
    where: Location
    span: int = 1

    @property
    def text(self) -> str:
        """Return the text of the cell's paragraphs, one per line."""
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Row:
    """A table row: its cells, whether it is a repeated header row, and where it is."""

    cells: tuple[Cell, ...]
    where: Location
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A table: its caption (``None`` if it has none), its rows, and where it is."""

    caption: str | None
    rows: tuple[Row, ...]
    where: Location


Block = Paragraph | Table


@dataclass
class _State:
    part: str
    warnings: Warnings
    tables: int = 0
    paragraphs: int = 0
    reported: set[str] = field(default_factory=set)

    def unknown(self, element: etree._Element, where: Location, what: str) -> None:
        name = _local(element).rsplit("}", 1)[-1] or "comment"
        if name not in self.reported:
            self.reported.add(name)
            self.warnings.add(f"{what} <{name}> is not part of the plan layout and was not read (first seen here)",
                              where)


def read_body(root: etree._Element, part: str, warnings: Warnings) -> list[Block]:
    """Return the blocks of a ``w:document`` root's body, in order; odd content goes to ``warnings``."""
    body = root.find(w("body"))
    if body is None:
        warnings.add("the document has no body", Location(part))
        return []
    state = _State(part, warnings)
    blocks = list(_blocks(body, state))
    if body.find(f".//{w('ins')}") is not None or body.find(f".//{w('del')}") is not None:
        warnings.add("the document has tracked changes; it was read as if they were all accepted", Location(part))
    return blocks


# -- blocks ----------------------------------------------------------------------------------------------------------

IGNORED_BLOCKS = {"sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                  "commentRangeStart", "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd",
                  "moveToRangeStart", "moveToRangeEnd", "del", "moveFrom", "sdtPr", "sdtEndPr", "tblPr", "tblGrid",
                  "trPr", "tcPr", "tblPrEx", "lastRenderedPageBreak"}
_CONTAINERS = {"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"}


def _blocks(container: etree._Element, state: _State) -> Iterator[Block]:
    for child in container:
        name = _local(child)
        if name == "p":
            state.paragraphs += 1
            yield paragraph(child, Location(state.part, paragraph=state.paragraphs), state)
        elif name == "tbl":
            state.tables += 1
            yield _table(child, Location(state.part, table=state.tables), state)
        elif name in _CONTAINERS:
            yield from _blocks(child, state)
        elif name not in IGNORED_BLOCKS:
            state.unknown(child, Location(state.part), "the body element")


_W_PREFIX = f"{{{W}}}"


def _local(element: etree._Element) -> str:
    """Return a WordprocessingML element's local name (others keep their Clark name); ``""`` for a comment."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.removeprefix(_W_PREFIX)


def _table(element: etree._Element, where: Location, state: _State) -> Table:
    caption_element = element.find(f"{w('tblPr')}/{w('tblCaption')}")
    caption = caption_element.get(w("val")) if caption_element is not None else None
    where = where.at(caption=caption)
    rows = tuple(_row(row, where.at(row=index), state) for index, row in enumerate(_rows(element, state), start=1))
    return Table(caption, rows, where)


def _parts(element: etree._Element, part: str, state: _State, what: str) -> Iterator[etree._Element]:
    """Yield the ``part`` children (``tr`` of a table, ``tc`` of a row) of ``element`` in order, those inside
    containers (content controls, insertions) included; any other element not ignored is reported as one of
    ``what``."""
    for child in element:
        name = _local(child)
        if name == part:
            yield child
        elif name in _CONTAINERS:
            yield from _parts(child, part, state, what)
        elif name not in IGNORED_BLOCKS:
            state.unknown(child, Location(state.part), what)


def _rows(element: etree._Element, state: _State) -> Iterator[etree._Element]:
    return _parts(element, "tr", state, "the table element")


def _cells(element: etree._Element, state: _State) -> Iterator[etree._Element]:
    return _parts(element, "tc", state, "the table row element")


def _row(element: etree._Element, where: Location, state: _State) -> Row:
    header = element.find(f"{w('trPr')}/{w('tblHeader')}") is not None
    cells = tuple(_cell(cell, where.at(cell=index), state) for index, cell in enumerate(_cells(element, state), 1))
    return Row(cells, where, header)


def _cell(element: etree._Element, where: Location, state: _State) -> Cell:
    span_element = element.find(f"{w('tcPr')}/{w('gridSpan')}")
    span = int(span_element.get(w("val"), "1")) if span_element is not None else 1
    paragraphs = tuple(_cell_paragraphs(element, where, state))
    return Cell(paragraphs, where, span)


def _cell_paragraphs(element: etree._Element, where: Location, state: _State) -> list[Paragraph]:
    found: list[Paragraph] = []
    for child in _cell_content(element, where, state):
        found.append(paragraph(child, where.at(paragraph=len(found) + 1), state))
    return found


def _cell_content(element: etree._Element, where: Location, state: _State) -> Iterator[etree._Element]:
    """Yield the ``w:p`` elements of a cell in order, those of a table nested in it included (with a warning)."""
    for child in element:
        name = _local(child)
        if name == "p":
            yield child
        elif name == "tbl":
            if "nested table" not in state.reported:
                state.reported.add("nested table")
                state.warnings.add("a table inside a table cell: its paragraphs were read as the cell's", where)
            for row in _rows(child, state):
                for cell in _cells(row, state):
                    yield from _cell_content(cell, where, state)
        elif name in _CONTAINERS:
            yield from _cell_content(child, where, state)
        elif name not in IGNORED_BLOCKS:
            state.unknown(child, where, "the table cell element")


# -- paragraphs and runs ---------------------------------------------------------------------------------------------

IGNORED_INLINE = {"pPr", "rPr", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
                  "commentRangeEnd", "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd",
                  "moveToRangeStart", "moveToRangeEnd", "sdtPr", "sdtEndPr", "fldChar", "instrText", "delText",
                  "lastRenderedPageBreak", "commentReference", "annotationRef", "footnoteRef", "endnoteRef",
                  "separator", "continuationSeparator", "rsid", "softHyphen", "dayShort", "monthShort", "yearShort",
                  "dayLong", "monthLong", "yearLong"}
_INLINE_CONTAINERS = {"hyperlink", "smartTag", "ins", "moveTo", "customXml", "fldSimple", "sdt", "sdtContent", "dir",
                      "bdo"}


def paragraph(element: etree._Element, where: Location, state: _State) -> Paragraph:
    """Return a ``w:p`` as a ``Paragraph``."""
    style_element = element.find(f"{w('pPr')}/{w('pStyle')}")
    style = style_element.get(w("val"), "") if style_element is not None else ""
    numbered = element.find(f"{w('pPr')}/{w('numPr')}") is not None
    runs: list[Run] = []
    bookmarks: list[str] = []
    _inline(element, runs, bookmarks, where, state)
    return Paragraph(style, tuple(runs), where, tuple(bookmarks), style in BULLET_STYLES or numbered)


def _inline(container: etree._Element, runs: list[Run], bookmarks: list[str], where: Location, state: _State) -> None:
    for child in container:
        name = _local(child)
        if name == "r":
            runs.append(_run(child, where, state))
        elif name == "bookmarkStart":
            bookmarks.append(child.get(w("name"), ""))
        elif name in _INLINE_CONTAINERS:
            _inline(child, runs, bookmarks, where, state)
        elif name not in IGNORED_INLINE:
            state.unknown(child, where, "the paragraph element")


def _bold(run: etree._Element) -> bool:
    bold = run.find(f"{w('rPr')}/{w('b')}")
    return bold is not None and bold.get(w("val"), "true").lower() not in ("0", "false", "off")


_BREAKS = {"textWrapping", None}


def _run(element: etree._Element, where: Location, state: _State) -> Run:
    pieces: list[str] = []
    for child in element:
        name = _local(child)
        handler = RUN_CONTENT.get(name)
        if handler is not None:
            pieces.append(handler(child))
        elif name in _DRAWINGS:
            state.unknown(child, where, "a picture or object")
        elif name not in IGNORED_INLINE:
            state.unknown(child, where, "the run element")
    return Run("".join(pieces), _bold(element))


def _symbol(element: etree._Element) -> str:
    try:
        return chr(int(element.get(w("char"), ""), 16))
    except ValueError:
        return ""


def _break(element: etree._Element) -> str:
    return "\n" if element.get(w("type")) in _BREAKS else ""


RUN_CONTENT: dict[str, Callable[[etree._Element], str]] = {
    "t": lambda element: element.text or "",
    "tab": lambda element: "\t",
    "br": _break,
    "cr": lambda element: "\n",
    "noBreakHyphen": lambda element: "\u2011",
    "sym": _symbol,
}
_DRAWINGS = {"drawing", "pict", "object", "footnoteReference", "endnoteReference", "ptab"}
