"""Converting councils' legacy plans onto the standard.

Step one is reading: :func:`read_legacy_docx` turns any Word file into a neutral :class:`BlockDocument` — located
headings, paragraphs, list items and tables (merged cells resolved, nested tables kept), with page furniture,
footnotes, tracked deletions and warnings beside them::

    from ehcp_standard.convert import read_legacy_docx, Flag

    document = read_legacy_docx(path.read_bytes(), source=str(path))
    for block in document.body:
        print(block.location.path, type(block).__name__, getattr(block, "text", ""))
    for warning in document.warnings:
        print(warning)                        # word/document.xml: body › paragraph 12: hidden text '…' was left out

A file that cannot be read at all raises a :class:`~ehcp_standard.errors.DocumentError` subclass naming it.
"""

from .blocks import (
    NOT_CONTENT,
    Block,
    BlockDocument,
    Cell,
    Deletion,
    Flag,
    Heading,
    ListItem,
    Location,
    Paragraph,
    ReadWarning,
    Row,
    Segment,
    Table,
    block_texts,
    iter_nested,
)
from .docx_reader import IGNORED, PLACEHOLDER_PHRASES, read_legacy_docx

__all__ = [
    "IGNORED",
    "NOT_CONTENT",
    "PLACEHOLDER_PHRASES",
    "Block",
    "BlockDocument",
    "Cell",
    "Deletion",
    "Flag",
    "Heading",
    "ListItem",
    "Location",
    "Paragraph",
    "ReadWarning",
    "Row",
    "Segment",
    "Table",
    "block_texts",
    "iter_nested",
    "read_legacy_docx",
]
