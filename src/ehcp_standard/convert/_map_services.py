"""The services involved: the education setting and its URN or UKPRN, the GP and health professionals, social
care and looked-after status, a previous local authority and the transfer in, and the placement named on the
details page (kept for section I, see :mod:`._map_placement`).
"""

from __future__ import annotations

import re

from ._council import la_in
from ._details_read import _Pair, find_date
from ._map_shared import _ConceptMapper
from .draft import Unit
from .profile import ServiceLabels

#: A value ending in its URN ("Castlebrook Junior School (URN 943551)").
WITH_URN = re.compile(r"^(?P<name>.*?\S)\s*\(\s*(?P<label>URN\s*:?)\s*(?P<urn>\d{6})\s*\)$", re.IGNORECASE)

_BOOLEAN = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
_SERVICE_BOOLEANS = frozenset({"known_to_social_care", "looked_after", "previously_looked_after",
                               "one_page_profile_appended", "moving_from_another_la"})
#: Fields of the services involved (the keys of the profile's ``labels.services``).
_SERVICE_FIELDS = frozenset(ServiceLabels.model_fields)


class _ServicesMapper(_ConceptMapper):
    """Maps the services involved."""

    def value(self, name: str, pair: _Pair) -> bool:
        """Map the value of the services field ``name``; ``False`` when it cannot be read as one."""
        if name in _SERVICE_BOOLEANS:
            return self.boolean(f"/services/{name}", pair)
        handler = {"education_setting": self.setting, "urn": self.setting_id, "ukprn": self.setting_id,
                   "gp": self.gp, "key_health_professional": self.health_professional,
                   "previous_la": self.previous_la, "professionals": self.professionals,
                   "placement_named": self.placement_named, "move_in_date": self.move_in}[name]
        return handler(name, pair)

    def boolean(self, pointer: str, pair: _Pair) -> bool:
        unit, fragment = pair.values[0]
        word = re.match(r"\s*(yes|no|y|n|true|false)\b", fragment, re.IGNORECASE)
        if word is None or len(pair.values) != 1:
            return False
        self.label(pair.labels)
        self.draft.put(pointer, _BOOLEAN[word.group(1).casefold()], unit=unit, fragment=word.group(1),
                       how="boolean")
        return True

    def setting(self, name: str, pair: _Pair) -> bool:
        """The education setting; a URN in brackets after its name goes to the URN."""
        self.label(pair.labels)
        with_urn = WITH_URN.match(pair.text) if len(pair.values) == 1 else None
        if with_urn is None:
            self.put_once("/services/education_setting/name", pair.text, pair.values, "text",
                          "education setting")
            return True
        unit = pair.values[0][0]
        self.put_once("/services/education_setting/name", with_urn.group("name"),
                      [(unit, with_urn.group("name"))], "text", "education setting")
        self.draft.label(unit, with_urn.group("label"))
        self.draft.put("/services/education_setting/urn", with_urn.group("urn"), unit=unit,
                       fragment=with_urn.group("urn"), how="identifier")
        return True

    def setting_id(self, name: str, pair: _Pair) -> bool:
        unit, written = pair.values[0]
        self.label(pair.labels)
        value = re.sub(r"\s", "", written)
        self.draft.put(f"/services/education_setting/{name}", value, unit=unit, fragment=written.strip(),
                       how="identifier")
        return True

    def gp(self, name: str, pair: _Pair) -> bool:
        self.label(pair.labels)
        self.put_once("/services/gp", pair.text, pair.values, "text", "GP")
        return True

    def health_professional(self, name: str, pair: _Pair) -> bool:
        self.label(pair.labels)
        base = "/services/key_health_professional"
        self.professional(base, pair.values[0][0], pair.text)
        return True

    def professional(self, pointer: str, unit: Unit, text: str) -> None:
        """"SENCo, Castlebrook Junior School" → role and organisation; one part → the role."""
        text = text.strip().rstrip(".")
        role, _, organisation = text.partition(", ")
        self.draft.put(f"{pointer}/role", role.strip(), unit=unit, fragment=role.strip())
        if organisation.strip():
            self.draft.put(f"{pointer}/organisation", organisation.strip(), unit=unit,
                           fragment=organisation.strip())

    def professionals(self, name: str, pair: _Pair) -> bool:
        """"Professionals involved: A; B, Organisation; C." → one entry per part."""
        self.label(pair.labels)
        for unit, fragment in pair.values:
            for part in re.split(r"\s*[;\n]\s*", fragment):
                if part.strip(" ."):
                    pointer = self.draft.append("/services/other_professionals", {})
                    self.professional(pointer, unit, part)
        return True

    def previous_la(self, name: str, pair: _Pair) -> bool:
        """"Gateshead Council (plan transferred 29/07/2024)": the previous LA, and a transfer-in event when
        dated."""
        unit, text = pair.values[0]
        council = la_in(text)
        if council is None or len(pair.values) != 1:
            return False
        code, words = council
        self.label(pair.labels)
        self.draft.put("/services/previous_la", code, unit=unit, fragment=words, how="enum")
        if self.draft.get("/services/moving_from_another_la") is None:
            self.draft.put("/services/moving_from_another_la", True)
        self.state.previous_la = (code, unit, words)
        rest = text.replace(words, " ", 1)
        found = find_date(rest, self.formats)
        if found:
            self.transfer_event(code, found[0], [(unit, found[1])], rest)
        return True

    def transfer_event(self, code: str, iso: str, parts: list[tuple[Unit, str]], wording: str = "") -> None:
        pointer = self.draft.append("/metadata/events", {"type": "transfer_in", "other_la": code})
        for unit, fragment in parts:
            self.draft.put(f"{pointer}/date", iso, unit=unit, fragment=fragment, how="date")
        words = re.search(r"\b(plan )?transferred( in)?\b", wording, re.IGNORECASE)
        if words and parts:
            self.draft.take(parts[0][0], words.group(), how="enum", pointer=f"{pointer}/type")
        if not parts:
            self.draft.put(f"{pointer}/date", iso)

    def placement_named(self, name: str, pair: _Pair) -> bool:
        self.state.placement_named = pair
        return True

    def move_in(self, name: str, pair: _Pair) -> bool:
        if self.date(pair) is None:
            return False
        self.state.move_in = pair
        return True

    def finish_move_in(self) -> None:
        pair = self.state.move_in
        if pair is None:
            return
        found = self.date(pair)
        if self.state.previous_la is None or found is None:
            self.carry(pair.units, "a move-in date with no previous local authority named: a transfer needs "
                       "both")
            return
        self.label(pair.labels)
        iso, unit, fragment = found
        events = self.draft.get("/metadata/events") or []
        transfer = next((n for n, e in enumerate(events) if e.get("type") == "transfer_in"), None)
        if transfer is None:
            self.transfer_event(self.state.previous_la[0], iso, [(unit, fragment)])
        else:
            self.draft.put(f"/metadata/events/{transfer}/move_date", iso, unit=unit, fragment=fragment,
                           how="date")
