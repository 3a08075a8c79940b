"""The text a person sees in a .docx: its paragraphs in reading order, for checking what a rendered plan shows.

Each paragraph (in the body, table cells included, and in headers and footers) becomes one line: the text of its
runs, with ``<w:tab/>`` as a tab and ``<w:br/>`` as a line break. Field instructions, deleted text and drawings
are not text. This is a check, not the reader of plans (that one parses the layout).
"""

from __future__ import annotations

from lxml import etree

from ..ooxml import parse_xml
from .package import open_docx, read_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _TAB, _BR, _CR = (f"{{{W}}}{tag}" for tag in ("p", "t", "tab", "br", "cr"))


def paragraph_texts(xml: bytes) -> list[str]:
    """Return the visible text of each paragraph of one WordprocessingML part, in document order (parsed as every
    part of a user's file is: no DOCTYPE, no entities)."""
    root = parse_xml(xml, part="a story part")
    return [_paragraph_text(p) for p in root.iter(_P)]


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR):
        if _nearest_paragraph(node) is not paragraph:
            continue  # text of a paragraph nested in this one (a text box) is its own line
        if node.tag == _T:
            pieces.append(node.text or "")
        else:
            pieces.append("\t" if node.tag == _TAB else "\n")
    return "".join(pieces)


def _nearest_paragraph(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != _P:
        parent = parent.getparent()
    return parent


def story_texts(docx: bytes) -> dict[str, list[str]]:
    """Return the paragraph texts of every story of ``docx`` by part name: ``word/document.xml`` and each
    header and footer."""
    archive = open_docx(docx)
    names = [n for n in archive.namelist() if n == "word/document.xml" or _is_header_or_footer(n)]
    return {name: paragraph_texts(read_part(archive, name)) for name in sorted(names)}


def _is_header_or_footer(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return name.startswith("word/") and base.startswith(("header", "footer")) and base.endswith(".xml")


def visible_text(docx: bytes) -> str:
    """Return all the visible text of ``docx``: the body's paragraphs, then the headers' and footers', one per
    line."""
    stories = story_texts(docx)
    ordered = ["word/document.xml", *(name for name in stories if name != "word/document.xml")]
    return "\n".join(line for name in ordered for line in stories[name])
