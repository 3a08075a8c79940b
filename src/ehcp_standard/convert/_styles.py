"""The styles part (``styles.xml``): style names, heading levels, list numbering and bold/hidden run properties,
each style parsed when first used and its ``basedOn`` inheritance resolved once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ._wordml import _int, _on, _val, _w

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class _Style:
    id: str
    name: str
    type: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: str | None
    bold: bool | None
    vanish: bool | None


class _Styles:
    """The styles of ``styles.xml``: each parsed when first used, ``basedOn`` inheritance resolved and cached."""

    def __init__(self, root: etree._Element | None):
        self.elements: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self._parsed: dict[str, _Style] = {}
        self._resolved: dict[tuple[str | None, str], object] = {}
        for element in root.iterchildren(_w("style")) if root is not None else ():
            style_id = _val(element, "styleId") or ""
            self.elements[style_id] = element
            if _val(element, "type") == "paragraph" and _val(element, "default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def get(self, style_id: str | None) -> _Style | None:
        """Return the style with this id, ``None`` if the document does not define it."""
        if style_id not in self._parsed:
            element = self.elements.get(style_id or "")
            if element is None:
                return None
            self._parsed[style_id] = _parse_style(style_id, element)
        return self._parsed[style_id]

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """Yield the style and its ``basedOn`` ancestors, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and (style := self.get(style_id)) is not None:
            seen.add(style_id)
            yield style
            style_id = style.based_on

    def first(self, style_id: str | None, attribute: str):
        """Return the first non-``None`` value of ``attribute`` along the style chain, or ``None``."""
        key = (style_id, attribute)
        if key not in self._resolved:
            self._resolved[key] = next((getattr(s, attribute) for s in self.chain(style_id)
                                        if getattr(s, attribute) is not None), None)
        return self._resolved[key]

    def display_name(self, style_id: str | None) -> str | None:
        """Return the style's name; ``None`` for no style or the document's default paragraph style."""
        if style_id is None or style_id == self.default_paragraph:
            return None
        style = self.get(style_id)
        return style.name if style else style_id

    def heading_level(self, style_id: str | None) -> int | None:
        """Return 1–9 for a heading style (by name or outline level), 0 for "Title", ``None`` otherwise."""
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
    ppr, rpr = element.find(_w("pPr")), element.find(_w("rPr"))
    num_pr = ppr.find(_w("numPr")) if ppr is not None else None
    outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
    return _Style(
        id=style_id, name=_val(element.find(_w("name"))) or style_id, type=_val(element, "type") or "",
        based_on=_val(element.find(_w("basedOn"))), outline_level=_int(outline, 9) if outline else None,
        num_id=_val(num_pr.find(_w("numId"))) if num_pr is not None else None,
        ilvl=_val(num_pr.find(_w("ilvl"))) if num_pr is not None else None,
        bold=_toggle(rpr, "b"), vanish=_toggle(rpr, "vanish"),
    )


def _toggle(rpr: etree._Element | None, name: str) -> bool | None:
    """Return a toggle property of a style's run properties: ``None`` when the style does not set it."""
    element = rpr.find(_w(name)) if rpr is not None else None
    return None if element is None else _on(element)
