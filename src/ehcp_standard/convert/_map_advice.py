"""Section K, the advice and information gathered: one entry per row or list item (the advice, who from, role,
date received and the kind of advice, Regs 6(1)), columns named by the table's header or guessed from the
cells; a sign-off line at its end goes to :mod:`._map_signoff`.
"""

from __future__ import annotations

import re

from ._details_read import _is_label_item, _table_of, find_date, parse_date
from ._map_shared import _ConceptMapper, _Shared
from ._map_signoff import _SignOffMapper
from .blocks import ListItem
from .draft import Item, Unit, squash
from .profile import label_key, normalise


class _AdviceMapper(_ConceptMapper):
    """Maps section K."""

    def __init__(self, shared: _Shared, sign_off: _SignOffMapper):
        super().__init__(shared)
        self.sign_off = sign_off

    def item(self, item: Item) -> None:
        """Map an item of section K."""
        if item.kind == "header_row":
            self.label(item.units)
            self.state.k_columns[_table_of(item)] = _advice_columns(item)
        elif _is_label_item(item):
            self.label(item.units)
        elif item.kind == "row":
            self.advice_row(item)
        elif self.sign_off.read(item):
            return
        elif isinstance(item.block, ListItem) and item.units[0].text.strip():
            self.advice_entry([("advice", item.units)])
        elif re.search(r"case ?worker|co-?ordinator|case officer", normalise(item.text)):
            self.carry(list(item.units), "the council officer for the plan: the standard has no field for it "
                       "(the sign-off names the officer who signs)")

    def advice_row(self, item: Item) -> None:
        columns = self.state.k_columns.get(_table_of(item))
        if columns is None or len(columns) != len(item.cells):
            columns = ([(kind, "") for kind in item.kinds] if item.kinds
                       else _guess_columns(item, self.formats))
        self.advice_entry([(_column_role(kind, header), cell)
                           for (kind, header), cell in zip(columns, item.cells)])

    def advice_entry(self, cells: list[tuple[str | None, tuple[Unit, ...]]]) -> None:
        """One row of K: the advice (description), who from, role, date received and the kind of advice. An
        empty row is skipped."""
        filled = [(role, [(unit, unit.text) for unit in cell if unit.text.strip()]) for role, cell in cells]
        filled = [(role, parts) for role, parts in filled if parts and role is not None]
        if not filled:
            return
        entries = self.draft.get("/advice/entries") or []
        pointer = self.draft.append("/advice/entries", {"id": f"K-{len(entries) + 1}"})
        texts: dict[str, str] = {}
        tag = None
        for role, parts in filled:
            if role == "reference":
                tag = parts
                continue
            texts[role] = " ".join(squash(text) for _, text in parts)
            self.advice_cell(pointer, role, parts)
        kind = self.labels.advice_type((texts.get("advice", ""), texts.get("role", ""),
                                        texts.get("author", ""), texts.get("who", "")))
        if kind == "other" and tag and normalise(tag[0][1]) in self.labels.advice_tags:
            kind = self.labels.advice_tags[normalise(tag[0][1])]
        self.draft.put(f"{pointer}/advice_type", kind)
        if tag:
            self.advice_tag(pointer, tag)

    def advice_cell(self, pointer: str, role: str, parts: list[tuple[Unit, str]]) -> None:
        if role == "advice":
            for unit, _ in parts:
                self.add_line(f"{pointer}/description", unit)
        elif role == "date":
            found = find_date(parts[0][1], self.formats)
            if found:
                self.draft.put(f"{pointer}/date_received", found[0], unit=parts[0][0], fragment=found[1],
                               how="date")
        elif role in {"who", "role"}:
            field_name = "who_from" if role == "who" else "role"
            value = " ".join(squash(text) for _, text in parts)
            self.draft.put(f"{pointer}/{field_name}", value)
            for unit, text in parts:
                self.draft.take(unit, text, pointer=f"{pointer}/{field_name}")
        elif role == "author":
            unit, text = parts[0]
            who, _, what = text.partition(", ")
            self.draft.put(f"{pointer}/who_from", who.strip(), unit=unit, fragment=who.strip())
            if what.strip():
                self.draft.put(f"{pointer}/role", what.strip(), unit=unit, fragment=what.strip())

    def advice_tag(self, pointer: str, tag: list[tuple[Unit, str]]) -> None:
        """A reference cell: a row number is a label (the entry's id replaces it); a source tag such as "K2"
        is read as the kind of advice."""
        unit, text = tag[0]
        if normalise(text) in self.labels.advice_tags:
            self.draft.take(unit, text, how="enum", pointer=f"{pointer}/advice_type")
        elif re.fullmatch(r"\s*\(?[A-Za-z]?-?\d{1,3}[.)]?\s*", text):
            self.draft.label(unit, text)


def _advice_columns(item: Item) -> list[tuple[str | None, str]]:
    kinds = item.kinds or (None,) * len(item.cells)
    return [(kind, label_key(" ".join(u.text for u in cell))) for kind, cell in zip(kinds, item.cells)]


def _column_role(kind: str | None, header: str) -> str | None:
    """What a section K column holds: ``advice``, ``date``, ``reference``, ``who`` (a name), ``role``, or
    ``author`` (a name and a role, "Mrs X, SENCo")."""
    if kind != "author":
        return kind
    if "role" in header and ("author" in header or "name" in header):
        return "author"
    if "role" in header or "title" in header or "organisation" in header:
        return "role"
    return "who" if header else "author"


def _guess_columns(item: Item, formats: list[str]) -> list[tuple[str | None, str]]:
    """A K row with no header: a cell that is a date is the date, the first other cell the advice, the next
    its author."""
    roles: list[tuple[str | None, str]] = []
    others = iter(("advice", "author"))
    for cell in item.cells:
        text = " ".join(u.text for u in cell).strip()
        if text and parse_date(text, formats):
            roles.append(("date", ""))
        else:
            roles.append((next(others, None) if text else None, ""))
    return roles
