"""The whole standardised EHC plan, sections A to K, with its metadata and the golden-thread checks.

Ids of needs, provision, outcomes, budget items and advice entries are unique across the plan, and every id a
need (or a budget item, or an event) refers to must exist and be of the right kind: a need in B refers to F
provision, in C to G, in D to H1 or H2 (CFA s.37(2); Regs 12(1)).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from .advice import SectionK
from .budget import SectionJ
from .carried_over import CarriedOverItem, Extensions
from .codes import PlanStatus, SectionLetter
from .metadata import PlanMetadata, StatutoryEvent, VersionRecord
from .needs import HealthSection, Need, SocialCareSection, SpecialEducationalNeeds
from .outcomes import Outcome
from .personal import MainContacts, PersonalDetails, ServicesInvolved
from .placement import SectionI
from .provision import Provision
from .section_a import SectionA
from .signoff import SignOff
from .types import StandardModel, Text
from .version import SCHEMA_VERSION

#: Which provision sections a need in each needs section may refer to.
PROVISION_FOR_NEEDS = {
    SectionLetter.B: {SectionLetter.F},
    SectionLetter.C: {SectionLetter.G},
    SectionLetter.D: {SectionLetter.H1, SectionLetter.H2},
}


class CrossReferenceError(ValueError):
    """Ids in a plan are duplicated or refer to nothing. ``problems`` holds (JSON pointer, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{pointer}: {message}" for pointer, message in problems))


class Plan(StandardModel):
    """An Education, Health and Care Plan in the national standardised form (CFA 2014 s.37; SEND Regs 2014
    reg 12). Sections A to K are each separately identified (Regs 12(1)); a section that is absent here is
    reported by the compliance checker (rule EHCP-S001)."""

    model_config = ConfigDict(title="EHC plan", json_schema_extra={"$comment": "Generated from ehcp_standard.model."})

    schema_version: Literal["1.0.0"] = Field(
        title="Schema version", description=f"Version of this schema the plan follows; this is {SCHEMA_VERSION}."
    )
    metadata: PlanMetadata = Field(title="Plan metadata")
    personal_details: PersonalDetails = Field(title="Child or young person's personal details")
    main_contacts: MainContacts | None = Field(None, title="Main contact details")
    services: ServicesInvolved | None = Field(None, title="Services currently involved with this child or young person")
    section_a: SectionA | None = Field(
        None,
        title="Section A - Views, interests and aspirations",
        description="Regs 12(1)(a); CoP 9.61-9.62. Not enforceable.",
    )
    special_educational_needs: SpecialEducationalNeeds | None = Field(
        None,
        title="Sections B, F and E - Special Educational Needs and Provision",
        description="B: all identified SEN (s.37(2)(a)); F: provision for each and every need (s.37(2)(c)); "
        "E: outcomes sought (s.37(2)(b)).",
    )
    health: HealthSection | None = Field(
        None,
        title="Sections C, G and E - Health care needs and provision",
        description="Regs 12(1)(c), (g), 12(2).",
    )
    social_care: SocialCareSection | None = Field(
        None,
        title="Sections D, H1, H2 and E - Social care needs and provision",
        description="Regs 12(1)(d), (h); CSDPA 1970 s.2; Care Act 2014.",
    )
    shorter_term_targets: Text | None = Field(
        None,
        title="How shorter-term targets will be set",
        description="Section E must say how the setting will set shorter-term targets (CoP 9.66).",
    )
    placement: SectionI | None = Field(None, title="Section I - Placement", description="Regs 12(1)(i); s.38(5).")
    personal_budget: SectionJ | None = Field(
        None, title="Section J - Direct Payments", description="Regs 12(1)(j); CFA s.49; CoP 9.95-9.124."
    )
    advice: SectionK | None = Field(
        None,
        title="Section K - The advice and information gathered during the EHC needs assessment",
        description="Regs 6, 12; CoP 9.62.",
    )
    sign_off: SignOff | None = Field(None, title="Sign-off")
    extensions: Extensions = Field(
        default_factory=dict,
        title="Local extensions",
        description="A council's local additions, each under its own namespace (lower-case letters, digits, '.', "
        "'_' and '-', e.g. \"leicestershire\"): a JSON object of any JSON values, never rejected.",
        json_schema_extra={"additionalProperties": False},
    )
    carried_over: tuple[CarriedOverItem, ...] = Field(
        (),
        title="Carried-over content",
        description="Content from a legacy plan that has no standard home, kept verbatim with its source location.",
    )

    @model_validator(mode="after")
    def _golden_thread_ids(self) -> Plan:
        problems = cross_reference_problems(self)
        if problems:
            raise CrossReferenceError(problems)
        return self

    # -- reading -----------------------------------------------------------------------------------------------

    def needs(self) -> Iterator[tuple[str, SectionLetter, Need]]:
        """Yield (JSON pointer, section letter B/C/D, need) for every need in the plan, in template order."""
        for area, table in self._area_tables():
            yield from _indexed(f"/special_educational_needs/{area}/needs", SectionLetter.B, table.needs)
        if self.health:
            yield from _indexed("/health/needs", SectionLetter.C, self.health.needs)
        if self.social_care:
            yield from _indexed("/social_care/needs", SectionLetter.D, self.social_care.needs)

    def provision(self) -> Iterator[tuple[str, SectionLetter, Provision]]:
        """Yield (JSON pointer, section letter F/G/H1/H2, provision) for every provision entry, in template order."""
        for area, table in self._area_tables():
            yield from _indexed(f"/special_educational_needs/{area}/provision", SectionLetter.F, table.provision)
        if self.health:
            yield from _indexed("/health/provision", SectionLetter.G, self.health.provision)
        if self.social_care:
            yield from _indexed("/social_care/h1_provision", SectionLetter.H1, self.social_care.h1_provision)
            yield from _indexed("/social_care/h2_provision", SectionLetter.H2, self.social_care.h2_provision)

    def outcomes(self) -> Iterator[tuple[str, Outcome]]:
        """Yield (JSON pointer, outcome) for every outcome in the plan, in template order."""
        tables: list[tuple[str, Any]] = [(f"/special_educational_needs/{a}", t) for a, t in self._area_tables()]
        tables += [("/health", self.health), ("/social_care", self.social_care)]
        for base, table in tables:
            if table is not None:
                for index, outcome in enumerate(table.outcomes):
                    yield f"{base}/outcomes/{index}", outcome

    def find(self, item_id: str) -> Need | Provision | Outcome | None:
        """Return the need, provision entry or outcome with ``item_id``, or ``None`` if the plan has none."""
        for _, _, need in self.needs():
            if need.id == item_id:
                return need
        for _, _, item in self.provision():
            if item.id == item_id:
                return item
        return next((outcome for _, outcome in self.outcomes() if outcome.id == item_id), None)

    def _area_tables(self) -> list[tuple[str, Any]]:
        if self.special_educational_needs is None:
            return []
        return [(area.value, table) for area, table in self.special_educational_needs.areas() if table is not None]

    # -- writing -----------------------------------------------------------------------------------------------

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the plan as JSON text, leaving out fields that are not set (``None``)."""
        return self.model_dump_json(indent=indent, exclude_none=True)

    def canonical_json(self) -> bytes:
        """Return the plan's canonical JSON (sorted keys, no spaces, UTF-8): the bytes its hash is taken over."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    def content_sha256(self) -> str:
        """Return the hex SHA-256 of the plan's canonical JSON."""
        return hashlib.sha256(self.canonical_json()).hexdigest()

    def new_version(
        self,
        *,
        status: PlanStatus,
        date: _dt.date,
        summary: str | None = None,
        changes: dict[str, Any] | None = None,
    ) -> Plan:
        """Return the next version of this plan: ``changes`` (top-level fields as JSON-shaped data; under
        ``metadata``, its fields, merged into the current metadata) applied, the
        version number raised by one, the new ``status`` set, and this version recorded in the history with its
        hash. This plan itself is not changed: an amendment is a new version, never an edit in place."""
        changes = dict(changes or {})
        data = self.model_dump(mode="json", exclude_none=True)
        meta = {**data["metadata"], **changes.pop("metadata", {})}
        data.update(changes)
        data["metadata"] = meta
        dates = self.metadata.dates
        record = VersionRecord(
            version=self.metadata.version,
            status=self.metadata.status,
            issued=dates.version_issued or dates.final_issued or dates.draft_issued,
            superseded=date,
            summary=summary,
            content_sha256=self.content_sha256(),
        )
        meta["history"] = [*meta.get("history", []), record.model_dump(mode="json", exclude_none=True)]
        meta["version"] = self.metadata.version + 1
        meta["status"] = PlanStatus(status).value
        return Plan.model_validate(data)


def _indexed(base: str, letter: SectionLetter, items: tuple[Any, ...]) -> Iterator[tuple[str, SectionLetter, Any]]:
    for index, item in enumerate(items):
        yield f"{base}/{index}", letter, item


def cross_reference_problems(plan: Plan) -> list[tuple[str, str]]:
    """Return (JSON pointer, message) for every duplicated id and every reference to a missing or wrong-kind id."""
    kinds: dict[str, tuple[str, str]] = {}
    problems: list[tuple[str, str]] = []

    def register(pointer: str, kind: str, item_id: str) -> None:
        if item_id in kinds:
            problems.append((f"{pointer}/id", f"id {item_id!r} is already used at {kinds[item_id][0]}"))
        else:
            kinds[item_id] = (pointer, kind)

    for pointer, letter, need in plan.needs():
        register(pointer, letter.value, need.id)
    for pointer, letter, item in plan.provision():
        register(pointer, letter.value, item.id)
    for pointer, outcome in plan.outcomes():
        register(pointer, "E", outcome.id)
    for pointer, item in _budget_items(plan):
        register(pointer, "J", item.id)
    for pointer, entry in _advice_entries(plan):
        register(pointer, "K", entry.id)
    problems += _need_reference_problems(plan, kinds)
    problems += _other_reference_problems(plan, kinds)
    return problems


def _budget_items(plan: Plan) -> list[tuple[str, Any]]:
    items = plan.personal_budget.items if plan.personal_budget else ()
    return [(f"/personal_budget/items/{i}", item) for i, item in enumerate(items)]


def _advice_entries(plan: Plan) -> list[tuple[str, Any]]:
    entries = plan.advice.entries if plan.advice else ()
    return [(f"/advice/entries/{i}", entry) for i, entry in enumerate(entries)]


def _refer(kinds: dict[str, tuple[str, str]], pointer: str, ref: str, allowed: set[str]) -> list[tuple[str, str]]:
    wanted = " or ".join(sorted(allowed))
    if ref not in kinds:
        return [(pointer, f"{ref!r} should be the id of an entry in {wanted}, but no entry has that id")]
    if kinds[ref][1] not in allowed:
        found = kinds[ref]
        return [(pointer, f"{ref!r} should be the id of an entry in {wanted}, but it is in {found[1]} ({found[0]})")]
    return []


def _need_reference_problems(plan: Plan, kinds: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    problems = []
    for pointer, letter, need in plan.needs():
        allowed = {s.value for s in PROVISION_FOR_NEEDS[letter]}
        for index, ref in enumerate(need.provision_ids):
            problems += _refer(kinds, f"{pointer}/provision_ids/{index}", ref, allowed)
        for index, ref in enumerate(need.outcome_ids):
            problems += _refer(kinds, f"{pointer}/outcome_ids/{index}", ref, {"E"})
    return problems


def _other_reference_problems(plan: Plan, kinds: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    problems = []
    for pointer, item in _budget_items(plan):
        for index, ref in enumerate(item.need_ids):
            problems += _refer(kinds, f"{pointer}/need_ids/{index}", ref, {"B", "C", "D"})
        for index, ref in enumerate(item.outcome_ids):
            problems += _refer(kinds, f"{pointer}/outcome_ids/{index}", ref, {"E"})
    for index, event in enumerate(plan.metadata.events):
        if isinstance(event, StatutoryEvent) and event.advice_id is not None:
            problems += _refer(kinds, f"/metadata/events/{index}/advice_id", event.advice_id, {"K"})
    return problems
