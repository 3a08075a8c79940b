"""The contacts: parents and carers read from headings, "label | value" rows and contacts tables; at the end
the first two are the main contact and parent or carer 2, their addresses split into lines, and the child's
address filling or repeating the main contact's.
"""

from __future__ import annotations

import re

from ..model.personal import POSTCODE_PATTERN
from ._details_read import _Pair
from ._labels import DetailIndex
from ._map_shared import _ConceptMapper, _Contact
from .draft import Unit, squash
from .profile import label_key

#: A council officer given as a contact ("Ravi Sandhu, SEN Case Officer").
OFFICER = re.compile(r",\s*[^,]*\b(officer|co-?ordinator|case ?worker|case manager|key ?worker|send team)\b",
                     re.IGNORECASE)
_CONTACT_FIELDS = frozenset({"name", "forename", "other_names", "middle_names", "surname", "relationship",
                             "email", "telephone", "address"})


class _ContactsMapper(_ConceptMapper):
    """Maps the contacts (and, at the end, the child's address)."""

    def new_contact(self) -> _Contact:
        contact = _Contact()
        self.state.contacts.append(contact)
        self.state.contact = contact
        return contact

    def start_contact(self, labels: list[Unit], pair: _Pair | None = None) -> None:
        """Open a contact at a contact heading, or at a label whose value is the contact ("Jane Doe", or
        "Jane Doe, 07700 900123"); a relationship in the label's brackets is the contact's relationship."""
        contact = self.new_contact()
        contact.labels += labels
        if pair is None:
            return
        contact.labels += [unit for unit, _ in pair.labels]
        unit, label = pair.labels[0]
        with_relationship = (_contact_with_relationship(label_key(label), self.labels)
                             if len(pair.labels) == 1 else None)
        if with_relationship:
            self.draft.label(unit, label[: label.rindex("(")])
            contact.fields["relationship"] = [(unit, label[label.rindex("(") + 1: label.rindex(")")].strip())]
        else:
            self.label(pair.labels)
        if pair.values:
            contact.officer = OFFICER.search(pair.text) is not None
            contact.fields.update(_contact_details(pair.values, self.labels.relationships)
                                  if not contact.officer else {"name": pair.values})

    def contact_field(self, name: str, pair: _Pair) -> bool:
        if name not in _CONTACT_FIELDS:
            return False
        contact = self.state.contact
        if contact is None or (contact.has(name) and name != "address"):
            contact = self.new_contact()
        contact.labels += [unit for unit, _ in pair.labels]
        contact.fields[name] = pair.values
        self.label(pair.labels)
        return True

    def contact_table_row(self, table: str, cells: list[tuple[Unit, ...]]) -> None:
        """A row of a contacts table: the header ("Name(s) | Relationship | Address | Telephone | Email")
        names the columns; each row after it is one contact."""
        texts = [" ".join(u.text for u in cell if u.text.strip()) for cell in cells]
        fields = [self.labels.person.get(label_key(text)) if text else None for text in texts]
        if sum(f in _CONTACT_FIELDS for f in fields) >= 2 and all(f in _CONTACT_FIELDS
                                                                 for f, t in zip(fields, texts) if t):
            self.state.contact_columns[table] = fields
            self.label(u for cell in cells for u in cell)
            return
        columns = self.state.contact_columns.get(table)
        if columns is None:
            return
        contact = self.new_contact()
        for name, cell in zip(columns, cells):
            parts = [(unit, unit.text) for unit in cell if unit.text.strip()]
            if name in _CONTACT_FIELDS and parts:
                contact.fields[name] = parts

    # --- the end: what waited for the whole document --------------------------------------------------------

    def contacts(self) -> None:
        """Contacts in order: the first parent or carer is the main contact, the second parent or carer 2; the
        council's own contact and any third person are carried over with the reason."""
        people = [c for c in self.state.contacts if c.fields and not c.officer]
        for contact in self.state.contacts:
            if contact.officer:
                self.carry(contact.units, "the council's contact for the plan (a case officer), not a parent "
                           "or carer: the standard's main contact is parent or carer 1 or the young person")
            elif not contact.fields:
                self.label(contact.labels)
        for index, contact in enumerate(people):
            if index >= 2:
                self.carry(contact.units, "the standard has room for two parent or carer contacts")
                continue
            base = "/main_contacts/" + ("main_contact" if index == 0 else "parent_or_carer_2")
            self.contact(base, contact)
        self.child_address(people[0] if people else None)

    def contact(self, base: str, contact: _Contact) -> None:
        self.label(contact.labels)
        fields = contact.fields
        self.contact_name(base, fields)
        for name in ("relationship", "email", "telephone"):
            if name in fields:
                self.put_once(f"{base}/{name}", " ".join(squash(t) for _, t in fields[name]), fields[name],
                              "text", f"contact's {name}")
        if base.endswith("main_contact") and label_key(self.draft.get(f"{base}/relationship") or "") in {
                "self", "young person", "the young person"}:
            self.draft.put("/main_contacts/young_person_applying_independently", True)
        if "address" in fields and not (base.endswith("parent_or_carer_2") and self.repeats(
                "/main_contacts/main_contact/address", fields["address"])):
            self.address(f"{base}/address", fields["address"])

    def contact_name(self, base: str, fields: dict[str, list[tuple[Unit, str]]]) -> None:
        parts = fields.get("name") or [part for name in ("forename", "other_names", "middle_names", "surname")
                                       for part in fields.get(name, [])]
        if parts:
            self.draft.put(f"{base}/name", " ".join(squash(text) for _, text in parts))
            for unit, text in parts:
                self.draft.take(unit, text, pointer=f"{base}/name")

    def address(self, pointer: str, parts: list[tuple[Unit, str]]) -> None:
        """An address kept verbatim in the line fields (line 1, line 2, town); the postcode only if it
        validates."""
        for name, pieces in _address_fields(parts).items():
            self.draft.put(f"{pointer}/{name}", ", ".join(squash(text) for _, text in pieces))
            for unit, text in pieces:
                self.draft.take(unit, text, pointer=f"{pointer}/{name}")

    def child_address(self, main: _Contact | None) -> None:
        """The standard keeps the home address with the main contact: the child's address fills it when the
        main contact gives none, and is taken as a repeat when it matches."""
        pair = self.state.child_address
        if pair is None:
            return
        if not pair.values:
            self.label(pair.labels)
            return
        if main is None:
            self.carry(pair.units, "the standard keeps the home address with the main contact, and no parent "
                       "or carer contact was found")
            return
        base = "/main_contacts/main_contact/address"
        if self.draft.get(base) is None:
            self.label(pair.labels)
            self.address(base, pair.values)
        elif self.repeats(base, pair.values):
            self.label(pair.labels)
        else:
            self.carry(pair.units, "the child's address differs from the main contact's; the standard keeps "
                       "one home address, with the main contact")

    def repeats(self, base: str, parts: list[tuple[Unit, str]]) -> bool:
        """Take each address part as a repeat of a field of the address at ``base`` that holds it; ``False``
        (and nothing taken) unless every part is there."""
        pieces = [(unit, piece.strip()) for unit, text in parts for piece in re.split(r"[\n,]", text)
                  if piece.strip()]
        address = self.draft.get(base) or {}
        found = []
        for unit, piece in pieces:
            name = next((n for n, v in address.items() if isinstance(v, str) and piece in v), None)
            if name is None:
                return False
            found.append((unit, piece, f"{base}/{name}"))
        for unit, piece, pointer in found:
            self.draft.take(unit, piece, pointer=pointer)
        return True


def _contact_with_relationship(key: str, labels: DetailIndex) -> bool:
    """True for a contact label with a relationship in brackets: "parent or carer (father)"."""
    found = re.fullmatch(r"(?P<label>.+?)\s*\((?P<relationship>[^()]+)\)", key)
    return bool(found) and found.group("relationship").strip() in labels.relationships and (
        found.group("label") in labels.contact or labels.pattern_field(found.group("label")) == "contact")


_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")
_EMAIL = re.compile(r"\S+@\S+\.\S+")


def _contact_details(values: list[tuple[Unit, str]],
                     relationships: set[str]) -> dict[str, list[tuple[Unit, str]]]:
    """A contact's value: a name, or "name, telephone, email, relationship" parts told apart by their shape;
    when the parts cannot be told apart the whole value is the name."""
    fields: dict[str, list[tuple[Unit, str]]] = {}
    for unit, text in values:
        pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
        for piece in pieces if len(pieces) > 1 else [text.strip()]:
            kind = ("email" if _EMAIL.fullmatch(piece) else "telephone" if _PHONE.fullmatch(piece)
                    else "relationship" if label_key(piece) in relationships and len(pieces) > 1 else "name")
            fields.setdefault(kind, []).append((unit, piece))
    if len(fields.get("name", [])) > 1:
        return {"name": values}
    return fields


_POSTCODE = re.compile(POSTCODE_PATTERN)
_TRAILING_POSTCODE = re.compile(r"^(?P<rest>.*\S)\s+"
                                r"(?P<postcode>[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})$")


def _address_fields(parts: list[tuple[Unit, str]]) -> dict[str, list[tuple[Unit, str]]]:
    """Split an address (lines, or parts separated by commas) into line 1, line 2, town and a valid postcode,
    each part kept as written."""
    pieces = [(unit, piece.strip()) for unit, text in parts for line in text.split("\n")
              for piece in line.split(",") if piece.strip()]
    fields: dict[str, list[tuple[Unit, str]]] = {}
    if pieces:
        unit, last = pieces[-1]
        trailing = _TRAILING_POSTCODE.match(last)
        if _POSTCODE.fullmatch(last):
            fields["postcode"] = [pieces.pop()]
        elif trailing:
            pieces[-1] = (unit, trailing.group("rest"))
            fields["postcode"] = [(unit, trailing.group("postcode"))]
    if len(pieces) >= 3:
        fields.update(line_1=pieces[:-2], line_2=[pieces[-2]], town=[pieces[-1]])
    elif len(pieces) == 2:
        fields.update(line_1=[pieces[0]], town=[pieces[1]])
    elif pieces:
        fields["line_1"] = pieces
    return fields
