"""The plan's metadata: its status, dates, version, reference, council and primary need, read from labels and
values; at the end, the status from the page furniture, the date of the plan by status, and the next review
date from a sentence.
"""

from __future__ import annotations

import re

from ._details_read import _Pair, sen_type
from ._map_shared import _ConceptMapper
from .blocks import block_texts
from .draft import Unit
from .profile import MetadataLabels

_DATE_FIELDS = {"first_issued": "first_issued", "next_review_due": "next_review_due",
                "last_review": "last_review", "request_received": "request_received",
                "draft_issued": "draft_issued"}
#: Which dates the date of the plan fills, by status.
_PLAN_DATE_POINTERS = {"draft": ("draft_issued",), "final": ("final_issued", "version_issued"),
                       "amended_final": ("version_issued",), "proposed_amendment": ("version_issued",),
                       "ceased": ("version_issued",)}

#: Fields of the plan's metadata (the keys of the profile's ``labels.metadata``).
_METADATA_FIELDS = frozenset(MetadataLabels.model_fields)


class _MetadataMapper(_ConceptMapper):
    """Maps the plan's metadata."""

    def value(self, name: str, pair: _Pair) -> bool:
        """Map the value of the metadata field ``name``; ``False`` when it cannot be read as one."""
        if name == "status":
            status = self.labels.plan_status(pair.text)
            if status is None:
                return False
            self.label(pair.labels)
            self.status(status, pair.values)
        elif name == "plan_date":
            return self.plan_date(pair)
        elif name in _DATE_FIELDS:
            return self.metadata_date(_DATE_FIELDS[name], pair)
        elif name == "primary_need":
            self.primary_need(pair)
        elif name == "version":
            return self.version(pair)
        elif name in {"plan_reference", "la_code"}:
            self.label(pair.labels)
            self.put_once(f"/metadata/{name}", pair.text, pair.values, "text", name.replace("_", " "))
        return True

    def status(self, status: str, parts: list[tuple[Unit, str]]) -> None:
        self.put_once("/metadata/status", status, parts, "enum", "plan status")

    def plan_date(self, pair: _Pair) -> bool:
        found = self.date(pair)
        if found is None:
            return False
        self.label(pair.labels)
        self.state.plan_dates.append(found)
        return True

    def metadata_date(self, name: str, pair: _Pair) -> bool:
        found = self.date(pair)
        if found is None:
            return False
        iso, unit, fragment = found
        self.label(pair.labels)
        self.put_once(f"/metadata/dates/{name}", iso, [(unit, fragment)], "date", name.replace("_", " "))
        return True

    def version(self, pair: _Pair) -> bool:
        number = re.fullmatch(r"\s*v?(\d{1,3})\s*", pair.text, re.IGNORECASE)
        if not number or len(pair.values) != 1:
            return False
        self.label(pair.labels)
        self.put_once("/metadata/version", int(number.group(1)), pair.values, "number", "version")
        return True

    def primary_need(self, pair: _Pair) -> None:
        """A primary need that names an SEN type is the SEN2 type; an area of need is not one, so it is
        carried over with the reason."""
        code = sen_type(pair.text, self.draft.profile)
        if code is None:
            for unit, _ in pair.values:
                self.draft.carry_reason(unit, "the primary need names an area of need or no single SEN type; "
                                        "the standard records an SEN2 type (ASD, SPLD, MLD...)", None)
            return
        self.label(pair.labels)
        self.put_once("/metadata/primary_need", code, pair.values, "enum", "primary need")

    def la_code(self, council: tuple[str, str], unit: Unit, fragment: str) -> None:
        code, _ = council
        current = self.draft.get("/metadata/la_code")
        if current is None or current == code:
            self.draft.put("/metadata/la_code", code, unit=unit, fragment=fragment, how="enum")
        else:
            self.draft.carry_reason(unit, "names a different council from the one already found")

    # --- the end: what waited for the whole document --------------------------------------------------------

    def status_from_furniture(self) -> None:
        """With no status in the body, a marking in the page headers or footers ("… Plan (Draft)") is
        evidence."""
        if self.draft.get("/metadata/status") is not None:
            return
        for block in self.document.headers_footers:
            for text in block_texts(block):
                status = self.labels.marking_status(text)
                if status:
                    self.draft.put("/metadata/status", status)
                    self.warn(block.location, f"the plan's status ({status}) was read from the page "
                              "furniture", "cover")
                    return

    def plan_dates(self) -> None:
        """The date of the plan fills the final, amended or draft issue date, by status."""
        status = self.draft.get("/metadata/status") or "final"
        for iso, unit, fragment in self.state.plan_dates:
            for name in _PLAN_DATE_POINTERS.get(status, ("final_issued", "version_issued")):
                self.put_once(f"/metadata/dates/{name}", iso, [(unit, fragment)] if unit else [], "date",
                              "date of the plan")

    def review_from_sentence(self) -> None:
        found = self.state.review_sentence
        if found is None or self.draft.get("/metadata/dates/next_review_due") is not None:
            return
        self.draft.put("/metadata/dates/next_review_due", found[0])
        self.warn(found[1], "the next review date was read from this sentence", "metadata")
