"""The styles part (``styles.xml``): style names, heading levels, list numbering and bold/hidden run properties,
with ``basedOn`` inheritance resolved once per style.

A styles part is often large (a council template's can pass 300 kB, most of it latent styles) and is usually the
same, byte for byte, across a council's plans, so what it defines is kept, by its bytes, for the next document.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from ._wordml import _children_by_tag, _int, _on, _Package, _val, _w

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)

_STYLE, _NAME, _BASED_ON, _PPR, _RPR = _w("style"), _w("name"), _w("basedOn"), _w("pPr"), _w("rPr")
_NUMPR, _NUMID, _ILVL, _OUTLINE_LVL, _B, _VANISH = (_w("numPr"), _w("numId"), _w("ilvl"), _w("outlineLvl"), _w("b"),
                                                    _w("vanish"))

#: How many styles parts are kept for later documents: each costs its bytes and the parsed styles.
_KEPT_PARTS = 8

#: (size, last bytes) of a styles part ─► (its bytes, its styles); least recently used first.
_kept: dict[tuple[int, bytes], tuple[bytes, _Styles]] = {}

_kept_lock = threading.Lock()


class _Style(NamedTuple):
    """What the reader uses of one style, as the style itself sets it (``None``: not set, inherited)."""

    id: str
    name: str
    type: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: str | None
    bold: bool | None
    vanish: bool | None


class _ParagraphStyle(NamedTuple):
    """What a paragraph takes from its style (``basedOn`` inheritance resolved), looked up once per style: its
    display ``name`` (:meth:`_Styles.display_name`), ``heading_level`` (:meth:`_Styles.heading_level`), the list
    it puts the paragraph in (``num_id``, ``ilvl``; ``None``: none) and whether its text is ``bold``."""

    name: str | None
    heading_level: int | None
    num_id: str | None
    ilvl: str | None
    bold: bool


class _Styles:
    """The styles of ``styles.xml`` by id, ``basedOn`` inheritance resolved (and remembered) when first asked.

    Nothing in it depends on the document that uses it, so one instance serves every document with the same
    styles part (see :meth:`of_part`)."""

    def __init__(self, root: etree._Element | None):
        self.default_paragraph: str | None = None
        self._resolved: dict[tuple[str, str], object] = {}
        self._paragraph_styles: dict[str | None, _ParagraphStyle] = {}
        elements: dict[str, etree._Element] = {}
        for element in root.iterchildren(_STYLE) if root is not None else ():
            style_id = _val(element, "styleId") or ""
            elements[style_id] = element
            if _val(element, "type") == "paragraph" and _val(element, "default") in ("1", "true", "on"):
                self.default_paragraph = style_id
        self._styles = {style_id: _parse_style(style_id, element) for style_id, element in elements.items()}

    @classmethod
    def of_part(cls, package: _Package, part: str | None) -> _Styles:
        """Return the styles of ``part`` (``None``: the document has no styles part), reusing those read for an
        earlier document whose styles part has the very same bytes."""
        if part is None:
            return cls(None)
        data = package.raw(part)
        key = (len(data), data[-256:])  # cheap to hash, unlike the whole part; the bytes are compared below
        with _kept_lock:
            kept = _kept.get(key)
        styles = kept[1] if kept is not None and kept[0] == data else cls(package.xml(part))
        with _kept_lock:
            _kept.pop(key, None)
            _kept[key] = (data, styles)  # last used last: the least recently used part is the first one dropped
            while len(_kept) > _KEPT_PARTS:
                del _kept[next(iter(_kept))]
        return styles

    def defines(self, style_id: str) -> bool:
        """Return whether the document defines a style with this id."""
        return style_id in self._styles

    def get(self, style_id: str | None) -> _Style | None:
        """Return the style with this id, ``None`` if the document does not define it."""
        return self._styles.get(style_id) if style_id is not None else None

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """Yield the style and its ``basedOn`` ancestors, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and (style := self.get(style_id)) is not None:
            seen.add(style_id)
            yield style
            style_id = style.based_on

    def first(self, style_id: str | None, attribute: str):
        """Return the first non-``None`` value of ``attribute`` along the style chain, or ``None``."""
        if style_id not in self._styles:  # also None: nothing to inherit, and nothing worth remembering
            return None
        key = (style_id, attribute)
        if key not in self._resolved:
            self._resolved[key] = next((getattr(s, attribute) for s in self.chain(style_id)
                                        if getattr(s, attribute) is not None), None)
        return self._resolved[key]

    def paragraph_style(self, style_id: str | None) -> _ParagraphStyle:
        """Return what a paragraph in this style (``None``: no style at all) takes from it; an undefined style
        gives its id as its name and nothing else."""
        found = self._paragraph_styles.get(style_id)
        if found is None:
            found = self._paragraph_styles[style_id] = _ParagraphStyle(
                self.display_name(style_id), self.heading_level(style_id), self.first(style_id, "num_id"),
                self.first(style_id, "ilvl"), bool(self.first(style_id, "bold")))
        return found

    def display_name(self, style_id: str | None) -> str | None:
        """Return the style's name; ``None`` for no style or the document's default paragraph style."""
        if style_id is None or style_id == self.default_paragraph:
            return None
        style = self.get(style_id)
        return style.name if style else style_id

    def heading_level(self, style_id: str | None) -> int | None:
        """Return 1–9 for a heading style (by name or outline level), 0 for "Title", ``None`` otherwise."""
        if style_id not in self._styles:
            return None
        key = (style_id, "heading level")
        if key not in self._resolved:
            self._resolved[key] = self._heading_level(style_id)
        return self._resolved[key]

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            match = _HEADING_STYLE.match(style.name) or re.match(r"^Heading([1-9])$", style.id)
            if match:
                return int(match.group(1))
            if style.name.lower() == "title":
                return 0
        level = self.first(style_id, "outline_level")
        return level + 1 if level is not None and level < 9 else None


def _parse_style(style_id: str, element: etree._Element) -> _Style:
    children = _children_by_tag(element, _NAME, _BASED_ON, _PPR, _RPR)
    ppr = _children_by_tag(children.get(_PPR), _NUMPR, _OUTLINE_LVL)
    rpr = _children_by_tag(children.get(_RPR), _B, _VANISH)
    num_pr = _children_by_tag(ppr.get(_NUMPR), _NUMID, _ILVL)
    outline = _val(ppr.get(_OUTLINE_LVL))
    return _Style(
        id=style_id, name=_val(children.get(_NAME)) or style_id, type=_val(element, "type") or "",
        based_on=_val(children.get(_BASED_ON)), outline_level=_int(outline, 9) if outline else None,
        num_id=_val(num_pr.get(_NUMID)), ilvl=_val(num_pr.get(_ILVL)),
        bold=_toggle(rpr, _B), vanish=_toggle(rpr, _VANISH),
    )


def _toggle(rpr: dict[str, etree._Element], tag: str) -> bool | None:
    """Return a toggle property of a style's run properties (by tag): ``None`` when the style does not set it."""
    element = rpr.get(tag)
    return None if element is None else _on(element)
