"""The sign-off: "Signed: NAME on behalf of COUNCIL" (in section K or anywhere else) and the "Date: …" line
after it, read during the walk and put at the end: the officer's name, the date, and the council when none
other was found.
"""

from __future__ import annotations

import re

from ._council import la_in
from ._details_read import _colon_pair
from ._map_metadata import _MetadataMapper
from ._map_shared import _ConceptMapper, _Shared, _SignOff
from .draft import Item
from .profile import label_key

SIGNED = re.compile(r"^(?P<label>(?:signed|signature)\s*:)\s*(?P<name>.*?)\s*"
                    r"(?:(?P<behalf>\bon behalf of\b)\s*(?P<la>.*?))?\s*\.?$", re.IGNORECASE)


class _SignOffMapper(_ConceptMapper):
    """Reads the sign-off during the walk and maps it at the end."""

    def __init__(self, shared: _Shared, metadata: _MetadataMapper):
        super().__init__(shared)
        self.metadata = metadata

    def read(self, item: Item) -> bool:
        """"Signed: NAME on behalf of COUNCIL" (or "Signed on behalf of the Local Authority: NAME"), then
        "Date: …" → the sign-off, made at the end."""
        unit = item.units[0] if len(item.units) == 1 else None
        if unit is None or not unit.text.strip():
            return False
        signed = SIGNED.match(unit.text.strip())
        pair = _colon_pair(unit)
        if signed and label_key(signed.group("label")) in self.labels.signed:
            self.state.signed = _SignOff(unit, [signed.group("label")], signed.group("name").strip(),
                                         signed.group("behalf"), signed.group("la"))
        elif pair is not None and pair.key in self.labels.signed:
            self.state.signed = _SignOff(unit, [pair.labels[0][1]], pair.values[0][1] if pair.values else "")
        elif pair is not None and pair.key == "date" and self.state.signed and self.state.signed.date is None:
            found = self.date(pair)
            if found is None:
                return False
            self.state.signed.date = (found, pair.labels)
        else:
            return False
        return True

    def finish(self) -> None:
        """Put the sign-off read during the walk: the officer's name, the date, and the council it is signed
        for."""
        signed = self.state.signed
        if signed is None:
            return
        unit = signed.unit
        if not signed.name:
            self.warn(unit, "the sign-off line names no officer", "sign_off")
            if signed.date:
                self.draft.carry_reason(signed.date[0][1], "a sign-off date with no officer's name: the "
                                        "standard's sign-off needs the officer", None)
        else:
            self.draft.put("/sign_off/officer_name", signed.name, unit=unit, fragment=signed.name)
            if signed.date:
                (iso, date_unit, fragment), labels = signed.date
                self.label(labels)
                self.draft.put("/sign_off/date", iso, unit=date_unit, fragment=fragment, how="date")
        council = la_in(signed.council or "") if signed.behalf else None
        if council and (signed.name or self.draft.get("/metadata/la_code") in {None, council[0]}):
            self.draft.label(unit, signed.behalf)
            self.metadata.la_code(council, unit, signed.council)
        if signed.name or council:
            self.label([(unit, label) for label in signed.labels])
