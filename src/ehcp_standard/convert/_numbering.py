"""The numbering part (``numbering.xml``): list definitions and the running counters that turn them into the
markers Word displays ("•", "3.", "1.b)"); plus symbol-font characters mapped to Unicode.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ._styles import _Styles
from ._wordml import _child, _children_by_tag, _int, _val, _w

#: A few symbol-font characters (font, code) → Unicode, for bullets typed with w:sym or set as list markers.
_SYMBOLS = {
    ("symbol", 0xB7): "•", ("symbol", 0xA7): "♣", ("symbol", 0xA8): "♦", ("symbol", 0xAE): "→",
    ("symbol", 0xB0): "°", ("symbol", 0xB1): "±", ("symbol", 0xD6): "√", ("symbol", 0xD7): "⋅",
    ("symbol", 0xE0): "◊", ("symbol", 0x2D): "−",
    ("wingdings", 0x6C): "●", ("wingdings", 0x6E): "■", ("wingdings", 0x6F): "□", ("wingdings", 0x71): "❑",
    ("wingdings", 0x72): "❒", ("wingdings", 0x75): "◆", ("wingdings", 0x76): "❖", ("wingdings", 0x9F): "•",
    ("wingdings", 0xA7): "▪", ("wingdings", 0xA8): "◻", ("wingdings", 0xD8): "➢", ("wingdings", 0xE0): "→",
    ("wingdings", 0xE8): "➔", ("wingdings", 0xF0): "⇨", ("wingdings", 0xFB): "✗", ("wingdings", 0xFC): "✓",
    ("wingdings", 0xFD): "☒", ("wingdings", 0xFE): "☑", ("wingdings", 0x4A): "☺", ("wingdings", 0x4C): "☹",
    ("wingdings", 0x46): "☞", ("wingdings", 0x78): "☒", ("wingdings", 0xA1): "○",
    ("wingdings 2", 0x50): "✓", ("wingdings 2", 0x51): "✗", ("wingdings 2", 0x52): "☑",
    ("wingdings 2", 0x54): "☒", ("wingdings 2", 0xA3): "□", ("wingdings 2", 0x98): "●",
    ("wingdings 3", 0x75): "▶", ("wingdings 3", 0x7D): "▸",
}

_SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"}


def _symbol(font: str | None, code: int) -> str | None:
    """Return the Unicode text of a symbol-font character; ``None`` when the font is a symbol font not mapped."""
    font_key = (font or "").strip().lower()
    if code >= 0xF000:
        code -= 0xF000
    if font_key not in _SYMBOL_FONTS:
        return chr(code)
    return _SYMBOLS.get((font_key, code))


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    font: str | None


_NUM_FMT, _LVL_TEXT, _START, _RPR, _RFONTS = _w("numFmt"), _w("lvlText"), _w("start"), _w("rPr"), _w("rFonts")


def _read_level(element: etree._Element) -> _Level:
    children = _children_by_tag(element, _NUM_FMT, _LVL_TEXT, _START, _RPR)
    fonts = _child(children.get(_RPR), _RFONTS)
    return _Level(fmt=_val(children.get(_NUM_FMT)) or "decimal", text=_val(children.get(_LVL_TEXT)) or "",
                  start=_int(_val(children.get(_START)), 1), font=_val(fonts, "ascii"))


def _roman(number: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letters(number: int) -> str:
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)

_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(), "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(),
    "ordinal": lambda n: f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}",
    "none": lambda n: "",
}


class _Numbering:
    """List definitions of ``numbering.xml`` and the running counters that turn them into displayed markers."""

    def __init__(self, root: etree._Element | None, styles: _Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = styles
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for element in root.iter(_w("abstractNum")):
            key = _val(element, "abstractNumId") or ""
            self.abstract[key] = {_int(_val(lvl, "ilvl"), 0): _read_level(lvl) for lvl in element.iter(_w("lvl"))}
            link = _val(_child(element, _w("numStyleLink")))
            if link:
                self.style_links[key] = link
        for element in root.iter(_w("num")):
            self.nums[_val(element, "numId") or ""] = self._read_num(element)

    @staticmethod
    def _read_num(element: etree._Element) -> tuple[str, dict[int, _Level], dict[int, int]]:
        levels, starts = {}, {}
        for override in element.iter(_w("lvlOverride")):
            ilvl = _int(_val(override, "ilvl"), 0)
            if (lvl := _child(override, _w("lvl"))) is not None:
                levels[ilvl] = _read_level(lvl)
            if (start := _child(override, _w("startOverride"))) is not None:
                starts[ilvl] = _int(_val(start), 1)
        return _val(_child(element, _w("abstractNumId"))) or "", levels, starts

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        abstract_id = self.nums[num_id][0] if num_id in self.nums else None
        link = self.style_links.get(abstract_id or "")
        if link and depth < 3:
            linked_num = self.styles.first(link, "num_id")
            return self._abstract_id(linked_num, depth + 1) if linked_num in self.nums else abstract_id
        return abstract_id

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        """Return the definition of one list level, ``None`` when the list is not defined."""
        if num_id not in self.nums:
            return None
        _, overrides, _ = self.nums[num_id]
        abstract = self.abstract.get(self._abstract_id(num_id) or "", {})
        return overrides.get(ilvl) or abstract.get(ilvl)

    def next_marker(self, num_id: str, ilvl: int) -> str | None:
        """Count one more item at ``ilvl`` and return its displayed marker; ``None`` when the list is undefined."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        counters = self._count(num_id, ilvl, level)
        if level.fmt == "bullet":
            return _bullet(level)
        return re.sub(r"%([1-9])", lambda m: self._format(num_id, int(m.group(1)) - 1, counters), level.text)

    def _count(self, num_id: str, ilvl: int, level: _Level) -> dict[int, int]:
        _, _, starts = self.nums[num_id]
        key = f"num:{num_id}" if starts else f"abstract:{self._abstract_id(num_id)}"
        counters = self.counters.setdefault(key, {})
        counters[ilvl] = counters.get(ilvl, starts.get(ilvl, level.start) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return counters

    def _format(self, num_id: str, ilvl: int, counters: dict[int, int]) -> str:
        level = self.level(num_id, ilvl)
        fmt = level.fmt if level else "decimal"
        value = counters.get(ilvl, level.start if level else 1)
        return _FORMATS.get(fmt, str)(value)


def _bullet(level: _Level) -> str:
    if not level.text:
        return ""
    code = ord(level.text[0])
    mapped = _symbol(level.font, code) if level.font or code >= 0xF000 else level.text
    if mapped is None or 0xE000 <= ord(mapped[0]) <= 0xF8FF:
        return "•"
    return mapped + level.text[1:]
