"""Read any legacy Word (.docx) plan into neutral, located blocks — losing nothing, reporting everything.

::

    data ──► ooxml.open_package (zip, limits) ──► _wordml._Package (parts parsed once, relationships)
                                 ├── _styles._Styles         styles.xml: names, heading levels, list numbering, bold
                                 │                           (kept, by its bytes, for the next plan of a template)
                                 ├── _numbering._Numbering   numbering.xml: list markers and their counters
                                 └── _part_reader._PartReader   one per part: body, each header/footer, notes
                                        dispatch tables: block ─► table ─► row ─► inline ─► run
                                        (_tables: merged cells; _segments: placeholders, bullets, candidates)
                                                     │
                                     this module: BlockDocument (body, headers_footers, notes, deletions, warnings)

Each level has a dispatch table mapping an XML element to a handler, and an explicit set of elements ignored on
purpose (properties, bookmarks, proofing marks, range markers…). Anything else produces a located warning and its
text, if any, is still kept — an odd file never aborts the read and never loses content silently.

What the reader does with Word's quirks (python-docx's object API misses several of them):

- **tracked changes** read as "accept all": ``w:ins``/``w:moveTo`` text kept and flagged; ``w:del``/``w:moveFrom``
  text, deleted paragraph marks and deleted rows left out and recorded in :attr:`BlockDocument.deletions`;
- **content controls** (``w:sdt``) read at every level (block, row, cell, inline), named by alias or tag, and
  flagged placeholder while they show their placeholder text;
- **fields** read as their displayed result (``w:fldSimple`` and ``w:fldChar``/``w:instrText``); an un-merged
  MERGEFIELD with no result becomes ``«Name»`` flagged as a merge field; legacy form check boxes and drop-downs
  show their state;
- **merged cells** resolved (``w:gridSpan``, ``w:vMerge``, legacy ``w:hMerge``): covered cells point at their origin;
- **lists** from ``w:numPr`` (direct or through the paragraph style) with level and displayed marker, and typed
  bullets ("•" then a tab);
- **text boxes** (``w:txbxContent``) read once, choosing one branch of ``mc:AlternateContent``;
- **headers, footers, footnotes and endnotes** read as their own parts; protective markings in the body lifted out
  as page furniture.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from lxml import etree

from .. import ooxml
from ..errors import NotADocxError
from ._numbering import _Numbering
from ._part_reader import IGNORED, _PartReader
from ._segments import _PROTECTIVE_MARKING, PLACEHOLDER_PHRASES
from ._state import _Ctx, _Shared
from ._styles import _Styles
from ._wordml import R, _name, _Package, _val, _w
from .blocks import Block, BlockDocument, Flag, Heading, Location, Paragraph, ReadWarning

__all__ = ["IGNORED", "PLACEHOLDER_PHRASES", "read_legacy_docx"]


_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}

_REFERENCE_TYPES = {"default": "default", "first": "first page", "even": "even pages"}


def read_legacy_docx(data: bytes, *, source: str = "<data>", limits: ooxml.Limits | None = None) -> BlockDocument:
    """Read a legacy Word plan into a :class:`~.blocks.BlockDocument`.

    ``source`` names the file in messages; ``limits`` bounds what the package may hold (``ooxml.Limits()`` by
    default). Raises a :class:`~ehcp_standard.errors.DocumentError` subclass only when the file cannot be read at
    all (not a .docx, encrypted, unsafe, corrupt, no document body); everything odd inside a readable file becomes
    a located warning instead.
    """
    package = _Package(ooxml.open_package(data, source=source, limits=limits))
    main = package.package.main_document
    styles_parts = package.related(main, "styles")
    styles = _Styles.of_part(package, styles_parts[0].target if styles_parts else None)
    shared = _Shared(package, styles, _Numbering(_related_xml(package, main, "numbering"), styles))
    shared.warnings.extend(ReadWarning("package", note, Location("[package]", "package"))
                           for note in package.package.notes)
    root = package.xml(main)
    body_element = root.find(_w("body"))
    if body_element is None:
        raise NotADocxError(f"expected a Word document body (w:body) in {main}, but there is none", source=source)
    body = _PartReader(shared, main, root).read_story(body_element, Location(main, "body"), _Ctx())
    body, lifted = _lift_markings(body)
    furniture = _read_headers_footers(shared, main, root) + lifted
    notes = _read_notes(shared, main)
    _warn_comments(shared, main)
    return BlockDocument(source, tuple(body), tuple(furniture), tuple(notes), tuple(shared.deletions),
                         tuple(shared.warnings))


def _related_xml(package: _Package, part: str, kind: str) -> etree._Element | None:
    related = package.related(part, kind)
    return package.xml(related[0].target) if related else None


def _lift_markings(body: list[Block]) -> tuple[list[Block], list[Block]]:
    """Move protective markings standing alone in the body ("OFFICIAL – SENSITIVE") to the page furniture."""
    kept, lifted = [], []
    for block in body:
        if isinstance(block, (Paragraph, Heading)) and _PROTECTIVE_MARKING.match(block.text.strip()):
            lifted.append(replace(block, flags=block.flags | {Flag.PAGE_FURNITURE}))
        else:
            kept.append(block)
    return kept, lifted


def _furniture_parts(package: _Package, main: str, root: etree._Element) -> list[tuple[str, str, str]]:
    """Return (kind, reference type, part) for every header and footer: referenced ones first, in order."""
    rels = {rel.id: rel for rel in package.relationships(main)}
    found: dict[str, tuple[str, str, str]] = {}
    for reference in root.iter(_w("headerReference"), _w("footerReference")):
        rel = rels.get(reference.get(f"{{{R}}}id") or "")
        if rel is not None and package.has(rel.target) and rel.target not in found:
            kind = "header" if reference.tag == _w("headerReference") else "footer"
            found[rel.target] = (kind, _val(reference, "type") or "default", rel.target)
    for kind in ("header", "footer"):
        for rel in package.related(main, kind):
            found.setdefault(rel.target, (kind, "not referenced", rel.target))
    return sorted(found.values(), key=lambda item: item[0] != "header")


def _read_headers_footers(shared: _Shared, main: str, root: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    counts: Counter[str] = Counter()
    for kind, reference_type, part in _furniture_parts(shared.package, main, root):
        counts[kind] += 1
        label = f"{kind} {counts[kind]} ({_REFERENCE_TYPES.get(reference_type, reference_type)})"
        story = shared.package.xml(part)
        blocks += _PartReader(shared, part, story).read_story(story, Location(part, label),
                                                              _Ctx(frozenset({Flag.PAGE_FURNITURE})))
    return blocks


def _read_notes(shared: _Shared, main: str) -> list[Block]:
    blocks: list[Block] = []
    for kind in ("footnotes", "endnotes"):
        for rel in shared.package.related(main, kind):
            root = shared.package.xml(rel.target)
            reader = _PartReader(shared, rel.target, root)
            notes = [n for n in root if _name(n) in ("w:footnote", "w:endnote")
                     and _val(n, "type") not in _NOTE_SEPARATORS]
            for number, note in enumerate(notes, start=1):
                blocks += reader.read_story(note, Location(rel.target, f"{kind[:-1]} {number}"), _Ctx())
    return blocks


def _warn_comments(shared: _Shared, main: str) -> None:
    for rel in shared.package.related(main, "comments"):
        count = sum(1 for _ in shared.package.xml(rel.target).iter(_w("comment")))
        if count:
            shared.warn("comments", f"{count} reviewer comment(s) were not read: comments are notes about the "
                                    "document, not part of its text", Location(rel.target, "comments"))
