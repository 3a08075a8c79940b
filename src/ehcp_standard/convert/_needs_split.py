"""Needs in a run of units of section B, C or D: one need with a heading when the first line is a short
heading followed by more, otherwise one need per unit, each perhaps with a heading before a dash ("Early
reading skills – Saoirse is reading…").
"""

from __future__ import annotations

import re

from ._needs_records import Need, NeedsTable
from .draft import Item, Unit

#: Longest first line read as a need's heading ("Reading (decoding and fluency)").
TITLE_MAX = 80
_DASHED = re.compile(r"^(?P<title>[A-Z][^–—:\n]{1,79}?)\s+[–—]\s+(?P<text>[A-Z].{20,})$", re.DOTALL)


def new_needs(table: NeedsTable, item: Item, units: list[Unit], group: int) -> list[Need]:
    """The needs of ``table`` in a run of units of ``item`` (see the module docstring)."""
    return [Need(table, item, pieces, title, group)
            for title, pieces in _split_needs(units, item.kind == "row")]


def title_like(text: str) -> bool:
    """True for a line that reads as a heading: at most :data:`TITLE_MAX` characters and ten words, not
    ending in ".!?:;,"."""
    text = text.strip()
    return (0 < len(text) <= TITLE_MAX and "\n" not in text and text[-1] not in ".!?:;,"
            and len(text.split()) <= 10)


def _split_needs(units: list[Unit],
                 in_row: bool) -> list[tuple[tuple[Unit, str] | None, list[tuple[Unit, str]]]]:
    """Needs in a run of units: one need with a heading when the first line is a short heading followed by
    more; otherwise one need per unit."""
    pieces = [(unit, line) for unit in units for line in _lines(unit)]
    headed = len(pieces) >= 2 and title_like(pieces[0][1]) and len(pieces[1][1]) > len(pieces[0][1])
    if headed and (in_row or len(units) == 1):
        return [(pieces[0], pieces[1:])]
    return [_dashed(unit) for unit in units]


def _dashed(unit: Unit) -> tuple[tuple[Unit, str] | None, list[tuple[Unit, str]]]:
    """ "Early reading skills – Saoirse is reading…": a short heading, a dash, then a sentence of its own."""
    found = _DASHED.match(unit.text.strip())
    if (found and len(found["title"].split()) <= 6 and title_like(found["title"])
            and "," not in found["title"]):
        return (unit, found["title"]), [(unit, found["text"])]
    return None, [(unit, unit.text)]


def _lines(unit: Unit) -> list[str]:
    return [line for line in unit.text.split("\n") if line.strip()]


__all__ = ["TITLE_MAX", "new_needs", "title_like"]
