"""WordprocessingML basics for the legacy reader: element names, attribute access, plain text, markup-compatibility
branches, what a drawing holds, and the package (opened by :mod:`ehcp_standard.ooxml`) with each part parsed once.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator

from lxml import etree

from .. import ooxml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CT = "http://schemas.openxmlformats.org/package/2006/content-types"

_PREFIXES = {
    W: "w",
    R: "r",
    MC: "mc",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "urn:schemas-microsoft-com:vml": "v",
    "urn:schemas-microsoft-com:office:office": "o",
    "urn:schemas-microsoft-com:office:word": "w10",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": "wps",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": "wpg",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas": "wpc",
    "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
    "http://schemas.microsoft.com/office/word/2012/wordml": "w15",
}


#: ISO 29500 "strict" documents use other namespace names for the same vocabulary; they are rewritten on parsing.
_STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
}


#: Markup-compatibility namespaces whose ``mc:Choice`` branch the reader understands (shapes, groups, canvases).
_UNDERSTOOD_CHOICES = {"wps", "wpg", "wpc", "wp14", "w14", "w15", "a14"}

_TAG_CACHE: dict[str, str] = {}

_NAMESPACES = {prefix: uri for uri, prefix in _PREFIXES.items()}


@functools.cache  # each part reader builds its dispatch tables from the same few dozen names
def _clark(name: str) -> str:
    """Return the ``{uri}local`` tag of a ``"w:p"``-style name (the inverse of :func:`_name`)."""
    prefix, _, local = name.partition(":")
    return f"{{{_NAMESPACES[prefix]}}}{local}"


def _name(element: etree._Element) -> str | None:
    """Return ``"w:p"``-style name of an element, ``"{uri}local"`` for an unknown namespace, ``None`` for comments."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    name = _TAG_CACHE.get(tag)
    if name is None:
        uri, _, local = tag[1:].partition("}")
        prefix = _PREFIXES.get(uri)
        name = f"{prefix}:{local}" if prefix else tag
        _TAG_CACHE[tag] = name
    return name


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


# The tags and attributes read for every paragraph, run, row or cell, built once.
_PPR, _RPR, _TCPR, _TRPR = _w("pPr"), _w("rPr"), _w("tcPr"), _w("trPr")
_VAL = _w("val")


def _child(parent: etree._Element | None, tag: str) -> etree._Element | None:
    """Return the first child of ``parent`` with ``tag`` (as ``parent.find(tag)``), ``None`` if there is none.

    WordprocessingML elements have few children and properties come first, so a plain loop beats
    ``find``'s path machinery several times over; a long list of children is left to lxml."""
    if parent is None:
        return None
    if len(parent) > 8:
        return next(parent.iterchildren(tag), None)
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _children_by_tag(parent: etree._Element | None, *tags: str) -> dict[str, etree._Element]:
    """Return the children of a properties element (``w:pPr``, ``w:tcPr``…) by tag, the first of each tag wins;
    only those with one of ``tags`` if any are given; ``{}`` for ``None``. One pass, for elements asked about
    several properties."""
    if parent is None:
        return {}
    return {child.tag: child for child in parent.iterchildren(*tags, reversed=True)}


def _properties(element: etree._Element, tag: str) -> dict[str, etree._Element]:
    """Return the properties of ``element``: the children of its child ``tag`` (the ``w:pPr`` of a ``w:p``, the
    ``w:tcPr`` of a ``w:tc``…) by tag, as :func:`_children_by_tag`; ``{}`` when it has no such child."""
    count = len(element)
    if not count:
        return {}
    found = element[0]  # where Word puts properties
    if found.tag != tag:
        found = _child(element, tag) if count > 1 else None
        if found is None:
            return {}
    if len(found) == 1:  # the usual properties element: one property
        only = found[0]
        return {only.tag: only}
    return {child.tag: child for child in found.iterchildren(reversed=True)}


def _val(element: etree._Element | None, attribute: str = "val") -> str | None:
    """Return a ``w:``-namespaced attribute of ``element``; ``None`` when the element or attribute is absent."""
    if element is None:
        return None
    return element.get(_VAL if attribute == "val" else _w(attribute))


def _on(element: etree._Element | None) -> bool:
    """Is an OOXML toggle property (``<w:b/>``, ``<w:vanish w:val="0"/>``) present and switched on?"""
    return element is not None and _val(element) not in ("0", "false", "off")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _int_hex(value: str | None) -> int:
    try:
        return int(value or "0", 16)
    except ValueError:
        return 0

_TEXT_TAGS = (_w("t"), "{http://schemas.openxmlformats.org/officeDocument/2006/math}t")


def _plain_text(element: etree._Element, *, deleted: bool = False) -> str:
    """Return the text of every ``w:t`` (and ``w:delText`` when ``deleted``) under ``element``, in order."""
    tags = _TEXT_TAGS + ((_w("delText"),) if deleted else ())
    if element.tag in tags:
        return element.text or ""
    return "".join(node.text or "" for node in element.iter(*tags))


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ignorable_namespaces(root: etree._Element) -> set[str]:
    prefixes = (root.get(f"{{{MC}}}Ignorable") or "").split()
    nsmap = root.nsmap if prefixes else {}  # built afresh at every look: taken once
    return {nsmap[p] for p in prefixes if p in nsmap}


def _choose_branch(element: etree._Element) -> etree._Element | None:
    """Pick the one branch of ``mc:AlternateContent`` to read: the first understood ``mc:Choice``, else the
    ``mc:Fallback`` (``None`` if neither), so that a text box is never read twice."""
    for choice in element.iterchildren(f"{{{MC}}}Choice"):
        required = (choice.get("Requires") or "").split()
        if all(_PREFIXES.get(choice.nsmap.get(prefix, ""), "") in _UNDERSTOOD_CHOICES for prefix in required):
            return choice
    return element.find(f"{{{MC}}}Fallback")


def _walk_graphic(element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """Yield what a drawing, VML picture or embedded object shows: text boxes, WordArt, pictures, charts."""
    for child in element:
        name = _name(child)
        if name == "w:txbxContent":
            yield "text box", child
        elif name == "v:textpath":
            yield "word art", child
        elif name == "mc:AlternateContent":
            branch = _choose_branch(child)
            if branch is not None:
                yield from _walk_graphic(branch)
        elif name == "v:imagedata" or (name == "a:graphicData" and child.get("uri", "").endswith("/picture")):
            yield "picture", child
        elif name == "a:graphicData" and child.get("uri", "").rsplit("/", 1)[-1] in ("chart", "diagram"):
            yield "chart", child
        elif name == "o:OLEObject":
            yield "embedded-object", child
        elif name is not None:
            yield from _walk_graphic(child)


def _graphic_message(kind: str, element: etree._Element) -> str:
    if kind == "picture":
        alt = _alt_text(element)
        return f"a picture{f' (alt text {alt!r})' if alt else ''} is not text and was not read"
    if kind == "chart":
        return "a chart or SmartArt diagram was not read; its text is not in the blocks"
    return f"an embedded object ({element.get('ProgID') or 'unknown type'}) was not read"


def _alt_text(element: etree._Element) -> str:
    for ancestor in element.iterancestors():
        if _name(ancestor) in ("wp:inline", "wp:anchor"):
            doc_pr = ancestor.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
            if doc_pr is not None:
                return (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
    return (element.get("{urn:schemas-microsoft-com:office:office}title") or "").strip()


class _Package:
    """The parts of a .docx (opened by :func:`ehcp_standard.ooxml.open_package`), parsed once each."""

    def __init__(self, package: ooxml.Package):
        self.package = package
        self.source = package.source
        self._xml: dict[str, etree._Element] = {}
        self._raw: dict[str, bytes] = {}
        self._rels: dict[str, tuple[ooxml.Relationship, ...]] = {}

    def has(self, part: str) -> bool:
        return self.package.has(part)

    def read(self, part: str) -> bytes:
        return self.package.read(part)

    def raw(self, part: str) -> bytes:
        """Return the bytes of ``part`` as stored, read once: :meth:`xml` parses these same bytes."""
        if part not in self._raw:
            self._raw[part] = self.package.read(part)
        return self._raw[part]

    def xml(self, part: str) -> etree._Element:
        """Return the parsed root of ``part`` (cached); "strict" namespaces are read as transitional ones."""
        if part not in self._xml:
            data = self.raw(part)
            for strict, transitional in _STRICT_NAMESPACES.items():
                if strict in data:
                    data = data.replace(strict, transitional)
            self._xml[part] = ooxml.parse_xml(data, source=self.source, part=part)
        return self._xml[part]

    def relationships(self, part: str) -> tuple[ooxml.Relationship, ...]:
        """Return the internal relationships of ``part``, targets resolved to part names (cached)."""
        if part not in self._rels:
            self._rels[part] = self.package.relationships(part)
        return self._rels[part]

    def related(self, part: str, kind: str) -> list[ooxml.Relationship]:
        """Return the relationships of ``part`` whose type ends with ``/kind`` and whose target exists."""
        return [rel for rel in self.relationships(part) if rel.type.endswith(f"/{kind}") and self.has(rel.target)]

    def content_type(self, part: str) -> str:
        """Return the declared content type of ``part``, ``""`` when none is declared."""
        root = self.xml(ooxml.CONTENT_TYPES)
        for override in root.iter(f"{{{CT}}}Override"):
            if override.get("PartName", "").lstrip("/") == part:
                return override.get("ContentType", "")
        extension = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in root.iter(f"{{{CT}}}Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""
