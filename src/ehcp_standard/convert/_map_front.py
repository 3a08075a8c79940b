"""The front of the plan: the cover, the personal details, contacts and services tables, and "Label: value"
metadata paragraphs wherever they sit. Each label and its value is handed to the part of the mapping its field
belongs to (:mod:`._map_metadata`, :mod:`._map_personal`, :mod:`._map_contacts`, :mod:`._map_services`).
"""

from __future__ import annotations

import re

from ._council import la_in
from ._details_read import (
    _colon_pair,
    _is_label_item,
    _lookup,
    _Pair,
    _row_pair,
    parse_date,
    split_name,
)
from ._map_contacts import _contact_with_relationship, _ContactsMapper
from ._map_metadata import _METADATA_FIELDS, _MetadataMapper
from ._map_personal import _IDENTIFIER_POINTERS, _PersonalMapper
from ._map_services import _SERVICE_FIELDS, _ServicesMapper
from ._map_shared import _ConceptMapper, _Shared
from ._map_signoff import _SignOffMapper
from .blocks import Table, iter_nested
from .draft import Item, Unit
from .profile import label_key

#: The title "… Education, Health and Care Plan (Status)" and the statutory sentence
#: "made on DATE by COUNCIL".
TITLE = re.compile(r"^(?:(?P<name>.+?)['’]s\s+)?(?P<title>(?:my\s+)?education,?\s+health\s+and\s+care\s+plan)"
                   r"\s*(?:\(\s*(?P<status>[^)]*?)\s*\))?\s*$", re.IGNORECASE)
STATUTORY = re.compile(r"^(?P<lead>.*?\bis made on\s+)(?P<date>.+?)(?P<by>\s+by\s+)(?P<la>.+?)"
                       r"(?P<mid>\s*\(\s*[“\"‘']?the local authority[”\"’']?\s*\)\s*in respect of\s+)"
                       r"(?P<name>.+?)(?P<end>\.?)$", re.IGNORECASE)
#: "the next review is due by 11 February 2026" in a sentence (read as a note, never taken).
REVIEW_SENTENCE = re.compile(r"\bnext review is due (?:by|on|before)\s+(?P<date>[^.;,]+)", re.IGNORECASE)


class _FrontMapper(_ConceptMapper):
    """Maps the cover and the details tables, and the metadata paragraphs of any other section."""

    def __init__(self, shared: _Shared, metadata: _MetadataMapper, personal: _PersonalMapper,
                 contacts: _ContactsMapper, services: _ServicesMapper, sign_off: _SignOffMapper):
        super().__init__(shared)
        self.identifiers = self.labels.identifiers
        self.metadata = metadata
        self.personal = personal
        self.contacts = contacts
        self.services = services
        self.sign_off = sign_off

    # --- the cover and the details tables -------------------------------------------------------------------

    def item(self, item: Item) -> None:
        """Map an item of the cover, the personal details, the contacts or the services."""
        if item.section == "cover" and self.cover(item):
            return
        if _is_label_item(item):
            self.heading(item)
        elif item.kind in {"row", "header_row"}:
            self.row(item)
        else:
            for unit in item.units:
                pair = _colon_pair(unit)
                if pair is not None and self.pair(pair, item):
                    continue
                if item.section == "services" and unit.text.strip():
                    self.draft.carry_reason(unit, "a description of current support: the standard lists the "
                                            "services involved; support that is to continue belongs in F",
                                            "F")

    def heading(self, item: Item) -> None:
        """A heading (or one-cell heading row) of the details: a template label; a contact heading opens a
        contact."""
        self.label(item.units)
        key = label_key(item.text)
        if key in self.labels.contact or self.labels.pattern_field(key) == "contact":
            self.contacts.start_contact(list(item.units))

    def cover(self, item: Item) -> bool:
        """Read a cover item; return whether it was dealt with."""
        if item.placement.method == "contents":
            self.label(item.units)     # a contents table repeats the section titles
            return True
        if len(item.units) != 1 or item.kind in {"row", "header_row"}:
            return False
        unit = item.units[0]
        text = unit.text.strip()
        under = label_key(item.placement.label or "")
        if self.labels.metadata.get(under) == "primary_need" and not _is_label_item(item):
            self.metadata.primary_need(_Pair("primary need", [], [(unit, text)]))
            return True
        if self.state.cover_name_next and text:
            self.state.cover_name_next = False
            self.state.name_mentions.append((unit, text))
            return True
        return self.cover_text(unit, text)

    def cover_text(self, unit: Unit, text: str) -> bool:
        key = label_key(text)
        if key in {"my name", "name", "my name is"}:
            self.label([unit])
            self.state.cover_name_next = True
            return True
        title = TITLE.match(text)
        if title:
            self.title(unit, title)
            self.state.title_seen = True
            return True
        status = self.labels.cover_status(text)
        if status:
            self.metadata.status(status, [(unit, text)])
            return True
        named = re.fullmatch(r"(?P<for>for)\s+(?P<name>\S.*)", text, re.IGNORECASE)
        if named and self.state.title_seen and split_name(named.group("name")):
            self.draft.label(unit, named.group("for"))
            self.state.name_mentions.append((unit, named.group("name")))
            return True
        statutory = STATUTORY.match(text)
        if statutory and self.statutory(unit, statutory):
            return True
        pair = _colon_pair(unit)
        return pair is not None and self.pair(pair, None)

    def title(self, unit: Unit, found: re.Match) -> None:
        """"Zoë Okafor-Hughes’s Education, Health and Care Plan (Amended)": the title is a label, the status
        is read, and the name is a mention of the child's."""
        start = found.end("name") if found.group("name") else found.start("title")
        self.draft.label(unit, found.string[start: found.end("title")])
        if found.group("name"):
            self.state.name_mentions.append((unit, found.group("name")))
        status = self.labels.plan_status(found.group("status") or "")
        if status:
            self.metadata.status(status, [(unit, found.group("status"))])

    def statutory(self, unit: Unit, found: re.Match) -> bool:
        """"This Education, Health and Care Plan is made on DATE by COUNCIL ('the Local Authority') in respect
        of NAME.": the date of the plan, the council and a mention of the child's name."""
        date = parse_date(found.group("date"), self.formats)
        council = la_in(found.group("la"))
        if date is None or council is None:
            return False
        for part in ("lead", "by", "mid"):
            self.draft.label(unit, found.group(part))
        self.state.plan_dates.append((date.isoformat(), unit, found.group("date")))
        self.metadata.la_code(council, unit, found.group("la"))
        self.state.name_mentions.append((unit, found.group("name")))
        return True

    def row(self, item: Item) -> None:
        if any(isinstance(block, Table) for cell in item.block.cells for block in cell.blocks):
            self.nested_tables(item)
            return
        pair = _row_pair(item)
        if pair is not None:
            self.pair(pair, item)
        elif len(item.cells) > 2:
            self.contacts.contact_table_row(item.location.path.rsplit(" › ", 1)[0], list(item.cells))
        elif len(item.cells) == 1 and len(item.units) == 1:
            one = _colon_pair(item.units[0])
            if one is not None:
                self.pair(one, item)
            elif (self.labels.pattern_field(label_key(item.text)) == "contact"
                  or label_key(item.text) in self.labels.contact):
                self.heading(item)

    def nested_tables(self, item: Item) -> None:
        """A cell holding a table (a contacts table nested in a details row): its lead-in paragraphs ending in
        ":" are labels, its rows read as a contacts table."""
        by_location = {unit.location: unit for unit in item.units}
        for cell in item.block.cells:
            for block in cell.blocks:
                if not isinstance(block, Table):
                    units = [by_location[b.location] for b in iter_nested(block) if b.location in by_location]
                    self.label(u for u in units if u.text.strip().endswith(":"))
                    continue
                for row in block.rows:
                    cells = [tuple(by_location[b.location] for inner in c.blocks for b in iter_nested(inner)
                                   if b.location in by_location) for c in row.cells if c.merged_from is None]
                    self.contacts.contact_table_row(str(block.location), cells)

    # --- one label and its value ----------------------------------------------------------------------------

    def pair(self, pair: _Pair, item: Item | None) -> bool:
        """Map one label/value pair; return whether its label was recognised."""
        name = self.field_of(pair.key, item)
        if name is None:
            if item is not None and item.kind == "row" and not pair.values and len(pair.key) <= 80:
                self.label(pair.labels)      # an empty row of the template: a label with nothing to say
            return False
        if name == "contact":
            self.contacts.start_contact([], pair)
            return True
        if not pair.values:
            self.label(pair.labels)
            return True
        return self.value(name, pair, item)

    def field_of(self, key: str, item: Item | None) -> str | None:
        if key in self.labels.contact or _contact_with_relationship(key, self.labels):
            return "contact"
        if key in self.identifiers:
            return self.identifiers[key]
        return (_lookup(key, self.labels.metadata, self.labels.service, self.labels.person)
                or self.labels.pattern_field(key))

    def value(self, name: str, pair: _Pair, item: Item | None) -> bool:
        if name in _METADATA_FIELDS:
            return self.metadata.value(name, pair)
        if name in _IDENTIFIER_POINTERS or name.startswith("local:"):
            return self.personal.identifier(name, pair)
        if name in _SERVICE_FIELDS:
            return self.services.value(name, pair)
        section = item.section if item is not None else None
        if section == "contacts":
            return self.contacts.contact_field(name, pair)
        if section in {"personal_details", "cover"}:
            return self.personal.child(name, pair)
        return False

    # --- elsewhere: metadata paragraphs in any section ------------------------------------------------------

    def elsewhere(self, item: Item) -> None:
        """Outside the details and A, I, J, K only "Label: value" metadata paragraphs and sign-off lines are
        read; a sentence giving the next review date is noted (the text stays with its section)."""
        if item.kind in {"row", "header_row"} or len(item.units) != 1:
            return
        unit = item.units[0]
        if self.sign_off.read(item):
            return
        pair = _colon_pair(unit)
        if pair is not None and pair.key in self.labels.metadata:
            self.pair(pair, item)
            return
        found = REVIEW_SENTENCE.search(unit.text)
        date = parse_date(found.group("date"), self.formats) if found else None
        if date and self.state.review_sentence is None:
            self.state.review_sentence = (date.isoformat(), unit)
