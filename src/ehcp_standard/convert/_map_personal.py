"""The child's personal details: name (split from a full name when need be, and repeated on the cover), date
of birth, language and the like, and the identifiers (UPN, ULN, NHS number, local ids). The child's address is
kept for the main contact (see :mod:`._map_contacts`).
"""

from __future__ import annotations

import re

from ._details_read import _Pair, identifier_problem, split_name
from ._map_shared import _ConceptMapper
from .draft import squash

_IDENTIFIER_NAMES = {"upn": "UPN", "uln": "ULN", "nhs_number": "NHS number"}
_IDENTIFIER_POINTERS = {"upn": "/personal_details/identifiers/upn",
                        "uln": "/personal_details/identifiers/uln", "nhs_number": "/services/nhs_number"}


class _PersonalMapper(_ConceptMapper):
    """Maps the child's personal details and identifiers."""

    def identifier(self, name: str, pair: _Pair) -> bool:
        """A UPN, ULN, NHS number or local id. An invalid UPN, ULN or NHS number is put all the same (the
        model refuses it and the row is carried over with its reason) and a warning names the row."""
        unit, written = pair.values[0]
        written = written.strip()
        self.label(pair.labels)
        if name.startswith("local:"):
            pointer = self.draft.append("/personal_details/identifiers/local",
                                        {"system": name[len("local:"):], "value": squash(written)})
            self.draft.take(unit, written, pointer=f"{pointer}/value")
            return True
        value = re.sub(r"[\s-]", "", written).upper()
        self.draft.put(_IDENTIFIER_POINTERS[name], value, unit=unit, fragment=written, how="identifier")
        problem = identifier_problem(name, value)
        if problem:
            self.warn(unit, f"the {_IDENTIFIER_NAMES[name]} in this row {problem}; it is kept, carried over "
                      "with the reason, for a caseworker to correct", "personal_details")
        return True

    def child(self, name: str, pair: _Pair) -> bool:
        base = "/personal_details"
        if name in {"name", "other_names"}:
            return self.child_name(name, pair)
        if name in {"forename", "middle_names", "surname"}:
            self.label(pair.labels)
            return self.put_once(f"{base}/name/{name}", pair.text, pair.values, "text",
                                 name.replace("_", " "))
        if name == "date_of_birth":
            found = self.date(pair)
            if found is None:
                return False
            self.label(pair.labels)
            return self.put_once(f"{base}/date_of_birth", found[0], [found[1:]], "date", "date of birth")
        if name == "address":
            self.state.child_address = pair
            return True
        if name in {"preferred_name", "sex", "ethnicity", "first_language", "parent_first_language"}:
            self.label(pair.labels)
            return self.put_once(f"{base}/{name}", pair.text, pair.values, "text", name.replace("_", " "))
        return False

    def child_name(self, name: str, pair: _Pair) -> bool:
        """A full "Name" split into its parts; "Other names" (beside "Surname") into forename and middle
        names."""
        unit, text = pair.values[0]
        if len(pair.values) != 1:
            return False
        if name == "other_names":
            words = squash(text).split(" ", 1)
            parts = {"forename": words[0], "middle_names": words[1] if len(words) > 1 else None}
        else:
            split = split_name(text)
            if split is None:
                return False
            parts = dict(zip(("forename", "middle_names", "surname"), split))
            if split[1]:
                self.warn(unit, "a full name was split into forename, middle names and surname by position; "
                          "check the split", "personal_details")
        self.label(pair.labels)
        for part, value in parts.items():
            if value:
                self.put_once(f"/personal_details/name/{part}", value, [(unit, value)], "text", part)
        return True

    # --- the end: what waited for the whole document --------------------------------------------------------

    def name_mentions(self) -> None:
        """The child's name on the cover or in the title repeats the name in the personal details: each word
        is taken at the name part holding it; with no name found elsewhere, the cover's name is split and
        used."""
        base = "/personal_details/name"
        for unit, text in self.state.name_mentions:
            if self.draft.get(f"{base}/surname") is None:
                split = split_name(text)
                if split:
                    for part, value in zip(("forename", "middle_names", "surname"), split):
                        if value:
                            self.draft.put(f"{base}/{part}", value, unit=unit, fragment=value)
                continue
            name = self.draft.get(base) or {}
            words = squash(text).split()
            pointers = [next((f"{base}/{p}" for p, v in name.items() if v and word in v.split()), None)
                        for word in words]
            if all(pointers):
                for word, pointer in zip(words, pointers):
                    self.draft.take(unit, word, pointer=pointer)
