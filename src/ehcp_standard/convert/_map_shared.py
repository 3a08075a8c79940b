"""What the parts of one :func:`~ehcp_standard.convert.map_details.map_details` mapping share: the walk's
state (what it has found so far and what waits for the end), the objects every part reads, and
:class:`_ConceptMapper`, the base of each part, with the helpers that write to the draft's ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._details_read import _Pair, find_date
from ._labels import DetailIndex
from .blocks import BlockDocument, Location
from .draft import Draft, Item, Unit


@dataclass
class _Contact:
    """One contact being read: (unit, fragment) parts by field, the label units, and whether it is the
    council's."""

    fields: dict[str, list[tuple[Unit, str]]] = field(default_factory=dict)
    labels: list[Unit] = field(default_factory=list)
    officer: bool = False

    def has(self, name: str) -> bool:
        return name in self.fields

    @property
    def units(self) -> list[Unit]:
        return self.labels + [unit for parts in self.fields.values() for unit, _ in parts]


@dataclass
class _SignOff:
    """A sign-off line: the unit, its label fragments, the officer's name, "on behalf of" and the council, and
    the date line after it (the date found and its label parts)."""

    unit: Unit
    labels: list[str]
    name: str
    behalf: str | None = None
    council: str | None = None
    date: tuple[tuple[str, Unit, str], list[tuple[Unit, str]]] | None = None


@dataclass
class _State:
    """What the walk has found so far and what waits for the end (status-dependent dates, contacts,
    section I)."""

    plan_dates: list[tuple[str, Unit | None, str | None]] = field(default_factory=list)
    contacts: list[_Contact] = field(default_factory=list)
    contact: _Contact | None = None
    child_address: _Pair | None = None
    name_mentions: list[tuple[Unit, str]] = field(default_factory=list)
    placement_items: list[Item] = field(default_factory=list)
    placement_named: _Pair | None = None
    previous_la: tuple[str, Unit, str] | None = None
    move_in: _Pair | None = None
    signed: _SignOff | None = None
    k_columns: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    j_columns: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    contact_columns: dict[str, list[str | None]] = field(default_factory=dict)
    cover_name_next: bool = False
    title_seen: bool = False
    a_target: tuple[str, str] | None = None
    warned: set[str] = field(default_factory=set)
    review_sentence: tuple[str, Unit] | None = None


@dataclass(frozen=True)
class _Shared:
    """What every part of one mapping shares: the draft, the document, the profile's date formats and details
    labels, the locations of the document's list items, and the walk's state."""

    draft: Draft
    document: BlockDocument
    formats: list[str]
    labels: DetailIndex
    bullets: set[Location]
    state: _State


class _ConceptMapper:
    """The base of each part of the mapping (the cover and details, a section, the sign-off): the shared
    objects, and the helpers that label, put, carry over and warn through the draft."""

    def __init__(self, shared: _Shared):
        self.draft = shared.draft
        self.document = shared.document
        self.formats = shared.formats
        self.labels = shared.labels
        self.bullets = shared.bullets
        self.state = shared.state

    # --- ledger helpers -------------------------------------------------------------------------------------

    def label(self, units) -> None:
        for unit in units:
            if isinstance(unit, tuple):
                self.draft.label(unit[0], unit[1])
            elif unit.text.strip():
                self.draft.label(unit)

    def put_once(self, pointer: str, value: Any, parts: list[tuple[Unit, str]], how: str, what: str) -> bool:
        """Put ``value`` at ``pointer`` unless a different value is already there (then warn, carry the parts
        over and return ``False``); take every part either way."""
        current = self.draft.get(pointer)
        if current is not None and current != value:
            for unit, _ in parts:
                self.draft.carry_reason(unit, f"a second, different {what}; the first one found was used")
            self.warn(parts[0][0] if parts else "metadata", f"two different values for the {what}: the first "
                      "one found was used and this one carried over", "metadata")
            return False
        if not parts:
            self.draft.put(pointer, value)
        for unit, fragment in parts:
            self.draft.put(pointer, value, unit=unit, fragment=fragment, how=how)
        return True

    def add_line(self, pointer: str, unit: Unit, fragment: str | None = None, *,
                 heading: bool = False) -> None:
        """Add ``fragment`` (default: the unit's text) to the free text at ``pointer`` as a new line; a list
        item becomes a "- " bullet point."""
        text = (unit.text if fragment is None else fragment).strip()
        if not text:
            return
        line = f"- {text}" if unit.location in self.bullets and not heading else text
        current = self.draft.get(pointer)
        self.draft.put(pointer, f"{current}\n{line}" if current else line, unit=unit, fragment=text)

    def warn(self, where, message: str, section: str | None) -> None:
        self.draft.warn(where, message, section=section)

    def warn_once(self, key: str, where, message: str, section: str | None) -> None:
        if key not in self.state.warned:
            self.state.warned.add(key)
            self.warn(where, message, section)

    def date(self, pair: _Pair) -> tuple[str, Unit, str] | None:
        for unit, fragment in pair.values:
            found = find_date(fragment, self.formats)
            if found:
                return found[0], unit, found[1]
        return None

    def carry(self, units: list[Unit], reason: str, suggested: str | None = None) -> None:
        for unit in units:
            self.draft.carry_reason(unit, reason, suggested)
