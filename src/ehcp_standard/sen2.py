"""The SEN2 person-level return, written from plans: one CSV per module (EHCP-STANDARD.md §9).

Pinned to **one** specification: DfE "Special educational needs person level survey 2025: guide" **v1.4** and its
technical specification (``SEN2_SPEC``), with the column names of the COLLECT "Blade" CSV export in lower case.
Columns that moved between versions follow v1.4: ``sex`` (not ``gendercurrent``), no ``attendancepattern``, and
``res``/``wbp`` in placement detail (not active plans). The return holds **no narrative content**: no needs,
outcomes or provision text, only people, requests, assessments, plans, placements and SEN types.

``export_sen2(plans, year=2027)`` returns a ``Sen2Export``; ``Sen2Export.write(folder)`` writes::

    sen2.csv  person.csv  requests.csv  assessment.csv  namedplan.csv  plandetail.csv
    activeplans.csv  placementdetail.csv  senneed.csv      the modules (header, 1, 2, 3, 4a, 4b, 5a, 5b, 5c)
    missing.csv    every plan lacking a field the return needs, with the module, the field and what to record
    excluded.csv   every plan given but not in this return, and why (another council's, outside the period...)
    index.csv      persontableid -> plan reference, so each row can be traced to its plan

Rows are linked by the Blade export's table ids (``persontableid``, ``requeststableid``...: Person -> Requests
-> Assessment -> Named plan -> Plan detail; Requests -> Active plans -> Placement detail and SEN need), numbered
1, 2, 3... in the order of the plans given. A plan lacking a required field still gets its rows, with the field
empty, and is listed in ``missing``: nothing is dropped silently.

Which plans, and what fills each field ([DESIGN] unless said otherwise; every code list the reference does not
give is marked [UNVERIFIED] here and must be confirmed against the DfE guide before a return is submitted):

- **Reporting period and reference date.** The return for ``year`` covers the calendar year before it (1 January
  to 31 December of ``year - 1``) and counts active plans on the reference date, the third Thursday of January
  of ``year`` (the January census day) [UNVERIFIED]. A plan is in the return if its council is the one exported
  and it is active on the reference date, ceased in the period, or had a request, decision or issue in the
  period (or was still a draft at its start).
- **Person.** Name, date of birth; ``sex`` M or F from the plan's text [UNVERIFIED codes]; ``ethnicity`` mapped
  from the template's free text to the DfE main ethnicity codes (``ETHNICITY_PATTERNS``) [UNVERIFIED]; the
  ``postcode`` of the main contact's home address; UPN and ULN; ``upnunknown`` only when the plan already holds a
  DfE reason code (``UN`` and a number), since the plan holds the reason in words.
- **Requests.** ``receiveddate`` = ``dates.request_received`` (for a plan transferred in with no request of its
  own: the transfer date); ``requestoutcome`` A (decision to assess) or N (a ``decision_not_to_assess`` event),
  with its date [UNVERIFIED codes]; ``requestmediation`` / ``requesttribunal`` = a mediation or tribunal event
  after a decision not to assess; ``exported`` = the plan was transferred out before a final plan was issued;
  ``rya`` is left empty (the model does not record it).
- **Assessment.** ``assessmentoutcome`` Y (``decision_to_issue`` event), N (``decision_not_to_issue`` event) or S
  (plan transferred in: assessed by another council) [UNVERIFIED codes except S, §8.5], with its date;
  ``week20`` = any reg 10(4) exception recorded; mediation/tribunal after a decision not to issue go to
  ``assessment*``, any others to ``other*``.
- **Named plan.** ``startdate`` = final issue date (first issue if none; the transfer date for S); ``planres`` =
  a residential attendance pattern; ``planwbp`` = a work-based placement; ``pb`` / ``oa`` / ``dp`` from section J
  (§8.8); ``ceasedate`` and ``ceasereason`` for a ceased plan. **Plan detail**: section I's placements.
- **Active plans.** ``transferla`` = the council of a ``transfer_in`` in the period; ``reviewmeeting`` = the
  latest review meeting in the period, ``reviewoutcome`` (A/C/M) and ``lastreview`` (its date) from the
  ``review_decision`` event for that meeting. **Placement detail**: section I's current placements, with entry and
  leaving dates. **SEN need**: ``primary_need`` (rank 1) and ``secondary_needs`` (rank 2).
- Flags are written ``1``/``0`` [UNVERIFIED], dates ``YYYY-MM-DD``. A placement in section I is both the plan's
  placement at issue (4b) and its current placement (5b): the model keeps no separate history of placements.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExportError
from .model import Plan, PlanStatus, ReviewDecisionEvent
from .model.codes import AttendancePattern, BudgetMechanism
from .model.la_codes import explain_la_code, is_current_la_code
from .transfer_pack import csv_text

SEN2_SPEC = 'DfE "Special educational needs person level survey 2025: guide" v1.4 (SEN2 person level return 2025)'
SEN2_SPEC_VERSION = "2025-v1.4"

#: The modules in return order: file stem -> columns (link ids first, then the §9 fields of v1.4).
MODULES: dict[str, tuple[str, ...]] = {
    "sen2": ("collection", "year", "referencedate", "sourcelevel", "softwarecode", "release", "serialno",
             "datetime", "lea", "dmo", "dco"),
    "person": ("persontableid", "surname", "forename", "personbirthdate", "sex", "ethnicity", "postcode", "upn",
               "uniquelearnernumber", "upnunknown"),
    "requests": ("requeststableid", "persontableid", "receiveddate", "rya", "requestoutcomedate", "requestoutcome",
                 "requestmediation", "requesttribunal", "exported"),
    "assessment": ("assessmenttableid", "requeststableid", "assessmentoutcome", "assessmentoutcomedate",
                   "assessmentmediation", "assessmenttribunal", "othermediation", "othertribunal", "week20"),
    "namedplan": ("namedplantableid", "assessmenttableid", "startdate", "planres", "planwbp", "pb", "oa", "dp",
                  "ceasedate", "ceasereason"),
    "plandetail": ("plandetailtableid", "namedplantableid", "urn", "ukprn", "sensetting", "sensettingother",
                   "placementrank", "senunitindicator", "resourcedprovisionindicator"),
    "activeplans": ("activeplanstableid", "requeststableid", "transferla", "reviewmeeting", "reviewoutcome",
                    "lastreview"),
    "placementdetail": ("placementdetailtableid", "activeplanstableid", "res", "wbp", "urn", "ukprn", "sensetting",
                        "sensettingother", "placementrank", "entrydate", "leavingdate", "senunitindicator",
                        "resourcedprovisionindicator"),
    "senneed": ("senneedtableid", "activeplanstableid", "sentype", "sentyperank"),
}
#: Module names as people read them, for messages.
MODULE_TITLES = {
    "sen2": "Header", "person": "1 Person", "requests": "2 Requests", "assessment": "3 Assessment",
    "namedplan": "4a Named plan", "plandetail": "4b Plan detail", "activeplans": "5a Active plans",
    "placementdetail": "5b Placement detail", "senneed": "5c SEN need",
}
#: [UNVERIFIED] code values this module writes that the reference does not give; confirm them in the DfE guide.
UNVERIFIED_CODES = {
    "sex": {"M": "male", "F": "female"},
    "requestoutcome": {"A": "decision to assess", "N": "decision not to assess"},
    "assessmentoutcome": {"Y": "decision to issue a plan", "N": "decision not to issue",
                          "S": "plan issued after an assessment by another council (from EHCP-STANDARD.md §8.5)"},
    "flags": {"1": "yes", "0": "no"},
    "sourcelevel": {"L": "local authority"},
}
#: DfE main ethnicity codes and the wording that maps to them, tried in order (mixed before black/white) [DESIGN].
ETHNICITY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("MWBC", r"white and black caribbean"), ("MWBA", r"white and black african"), ("MWAS", r"white and asian"),
    ("MOTH", r"\bmixed\b.*\bother\b|\bother mixed\b"),
    ("WIRT", r"traveller of irish heritage"), ("WROM", r"\bgypsy\b|\broma\b"),
    ("WBRI", r"\bwhite\b.*\b(british|english|welsh|scottish|northern irish)\b"), ("WIRI", r"\bwhite\b.*\birish\b"),
    ("WOTH", r"\bwhite\b.*\bother\b"),
    ("AIND", r"\bindian\b"), ("APKN", r"\bpakistani\b"), ("ABAN", r"\bbangladeshi\b"), ("CHNE", r"\bchinese\b"),
    ("AOTH", r"\basian\b.*\bother\b"),
    ("BCRB", r"\bblack\b.*\bcaribbean\b"), ("BAFR", r"\bblack\b.*\bafrican\b"), ("BOTH", r"\bblack\b.*\bother\b"),
    ("OOTH", r"\bany other ethnic group\b|^other ethnic group\b"),
    ("REFU", r"\brefused\b"), ("NOBT", r"\bnot (yet )?obtained\b"),
)
ETHNICITY_CODES = frozenset(code for code, _ in ETHNICITY_PATTERNS)
RESIDENTIAL = (AttendancePattern.WEEKLY_RESIDENTIAL, AttendancePattern.TERMLY_RESIDENTIAL,
               AttendancePattern.FIFTY_TWO_WEEK_RESIDENTIAL)
MAINTAINED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.PROPOSED_AMENDMENT)
_UPN_UNKNOWN_CODE = re.compile(r"UN[0-9]{1,2}")


@dataclass(frozen=True)
class Missing:
    """A field a plan lacks for the return: the plan, the module and field, and what to record."""

    plan_reference: str
    module: str
    field: str
    message: str


@dataclass(frozen=True)
class Excluded:
    """A plan given to the export but not in this return, and why."""

    plan_reference: str
    reason: str


@dataclass(frozen=True)
class Sen2Export:
    """One council's SEN2 return: the header, the module rows (column -> value, all text), what is missing and
    which plans were left out. ``write`` puts it in a folder."""

    year: int
    la_code: str
    reference_date: _dt.date
    period: tuple[_dt.date, _dt.date]
    rows: dict[str, tuple[dict[str, str], ...]]
    missing: tuple[Missing, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    index: tuple[tuple[str, str], ...] = ()
    spec: str = field(default=SEN2_SPEC)

    def csv(self, module: str) -> str:
        """Return module ``module`` (a ``MODULES`` key) as CSV text with its header row."""
        columns = MODULES[module]
        return csv_text(columns, ([row.get(c, "") for c in columns] for row in self.rows[module]))

    def files(self) -> dict[str, str]:
        """Return every file of the export, name -> CSV text, in the order ``write`` writes them."""
        files = {f"{module}.csv": self.csv(module) for module in MODULES}
        files["missing.csv"] = csv_text(("plan_reference", "module", "field", "what_to_record"),
                                        ((m.plan_reference, MODULE_TITLES[m.module], m.field, m.message)
                                         for m in self.missing))
        files["excluded.csv"] = csv_text(("plan_reference", "reason"), ((e.plan_reference, e.reason)
                                                                        for e in self.excluded))
        files["index.csv"] = csv_text(("persontableid", "plan_reference"), self.index)
        return files

    def write(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write every file of the export into ``folder`` (created if need be); return the paths written. Raise
        ``ExportError`` if the folder cannot be written."""
        target = Path(folder)
        written = []
        try:
            target.mkdir(parents=True, exist_ok=True)
            for name, text in self.files().items():
                (target / name).write_text(text, encoding="utf-8", newline="")
                written.append(target / name)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ExportError(f"cannot write the SEN2 files into {target} ({reason}); check that it is a writable "
                              "folder") from error
        return written


# -- dates of the collection -------------------------------------------------------------------------------------


def reference_date(year: int) -> _dt.date:
    """Return the reference (census) date of the SEN2 return for ``year``: the third Thursday of January
    [UNVERIFIED]. For 2027 that is 2027-01-21."""
    first = _dt.date(year, 1, 1)
    first_thursday = first + _dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + _dt.timedelta(weeks=2)


def reporting_period(year: int) -> tuple[_dt.date, _dt.date]:
    """Return the first and last day of the calendar year the return for ``year`` reports on (``year - 1``)
    [UNVERIFIED]."""
    return _dt.date(year - 1, 1, 1), _dt.date(year - 1, 12, 31)


# -- small readers of a plan ----------------------------------------------------------------------------------


def _iso(day: _dt.date | None) -> str:
    return day.isoformat() if day else ""


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _events(plan: Plan, *types: str) -> list[Any]:
    return [event for event in plan.metadata.events if event.type in types]


def _first(plan: Plan, kind: str) -> _dt.date | None:
    return min((event.date for event in _events(plan, kind)), default=None)


def _transfer_in(plan: Plan) -> Any | None:
    """Return the latest transfer-in event, or ``None``."""
    return max(_events(plan, "transfer_in"), key=lambda event: event.date, default=None)


def _assessed_elsewhere(plan: Plan) -> bool:
    """Return whether the plan came in by transfer with no request to this council recorded (assessment "S")."""
    return plan.metadata.dates.request_received is None and _transfer_in(plan) is not None


def _start_date(plan: Plan) -> _dt.date | None:
    dates = plan.metadata.dates
    if _assessed_elsewhere(plan):
        return _transfer_in(plan).date
    return dates.final_issued or dates.first_issued


def _in(day: _dt.date | None, period: tuple[_dt.date, _dt.date]) -> bool:
    return day is not None and period[0] <= day <= period[1]


def is_active(plan: Plan, on: _dt.date) -> bool:
    """Return whether ``plan`` was an active (final, amended or under amendment, not ceased) plan on ``on``."""
    start = _start_date(plan)
    if start is None or start > on or plan.metadata.status is PlanStatus.DRAFT:
        return False
    cease = plan.metadata.dates.cease_date
    return plan.metadata.status in MAINTAINED or (cease is not None and cease > on)


def ethnicity_code(text: str | None) -> str | None:
    """Return the DfE main ethnicity code for the template's free text (e.g. "White: Irish" -> WIRI), or ``None``
    when it cannot be told with confidence ([DESIGN] mapping, ``ETHNICITY_PATTERNS``)."""
    if not text:
        return None
    if text.strip().upper() in ETHNICITY_CODES:
        return text.strip().upper()
    normal = " ".join(re.sub(r"[^a-z ]", " ", text.lower().replace("&", " and ")).split())
    return next((code for code, pattern in ETHNICITY_PATTERNS if re.search(pattern, normal)), None)


def sex_code(text: str | None) -> str | None:
    """Return M or F for the plan's ``sex`` text ("Male", "female", "M"...), or ``None`` [UNVERIFIED codes]."""
    value = (text or "").strip().lower()
    return {"male": "M", "m": "M", "female": "F", "f": "F"}.get(value)


# -- building one plan's rows ------------------------------------------------------------------------------------


class _Builder:
    """Builds the rows of every module, numbering table ids, and collects what is missing."""

    def __init__(self, reference: _dt.date, period: tuple[_dt.date, _dt.date]):
        self.reference = reference
        self.period = period
        self.rows: dict[str, list[dict[str, str]]] = {module: [] for module in MODULES}
        self.missing: list[Missing] = []
        self.index: list[tuple[str, str]] = []
        self.plan: Plan | None = None

    def add(self, module: str, parent: tuple[str, str] | None, values: dict[str, str]) -> str:
        """Append a row to ``module`` linked to ``parent`` (column, id); return the new row's table id."""
        table_id = str(len(self.rows[module]) + 1)
        row = {f"{module}tableid": table_id, **({parent[0]: parent[1]} if parent else {}), **values}
        self.rows[module].append(row)
        return table_id

    def lack(self, module: str, name: str, message: str) -> None:
        self.missing.append(Missing(self.plan.metadata.plan_reference, module, name, message))

    def require(self, module: str, values: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
        """Record as missing each of ``fields`` (name -> what to record) that is empty in ``values``."""
        for name, message in fields.items():
            if not values.get(name):
                self.lack(module, name, message)
        return values


def _person(b: _Builder, plan: Plan) -> str:
    person = plan.personal_details
    ids = person.identifiers
    contacts = plan.main_contacts
    address = contacts.main_contact.address if contacts else None
    unknown = (ids.upn_unknown_reason or "").strip().upper()
    values = {
        "surname": person.name.surname, "forename": person.name.forename,
        "personbirthdate": _iso(person.date_of_birth), "sex": sex_code(person.sex) or "",
        "ethnicity": ethnicity_code(person.ethnicity) or "",
        "postcode": " ".join((address.postcode or "").upper().split()) if address else "",
        "upn": ids.upn or "", "uniquelearnernumber": ids.uln or "",
        "upnunknown": unknown if _UPN_UNKNOWN_CODE.fullmatch(unknown) else "",
    }
    b.require("person", values, {
        "sex": "record personal_details.sex as Male or Female (SEN2 sex M or F)",
        "ethnicity": "record personal_details.ethnicity as a DfE ethnicity category (e.g. \"White: Irish\") or code "
                     "(e.g. WIRI); the text recorded, if any, could not be matched with confidence",
        "postcode": "record the postcode of the main contact's home address (main_contacts.main_contact.address)",
    })
    if not (ids.upn or ids.uln or values["upnunknown"]):
        b.lack("person", "upnunknown", "no UPN or ULN: record either, or the DfE reason code for neither (UN and a "
               "number) in identifiers.upn_unknown_reason; a reason in words cannot be exported")
    return b.add("person", None, values)


def _dispute_flags(plan: Plan, kind: str) -> dict[str, bool]:
    """Return which stage mediation or tribunal events of ``kind`` belong to: after a decision not to assess
    (request), after a decision not to issue (assessment), or any other (other)."""
    not_assess, not_issue = _first(plan, "decision_not_to_assess"), _first(plan, "decision_not_to_issue")
    stages = {"request": False, "assessment": False, "other": False}
    for event in _events(plan, kind):
        if not_assess and event.date >= not_assess:
            stages["request"] = True
        elif not_issue and event.date >= not_issue:
            stages["assessment"] = True
        else:
            stages["other"] = True
    return stages


def _request_outcome(plan: Plan) -> tuple[str, _dt.date | None]:
    if _assessed_elsewhere(plan):
        return "A", _transfer_in(plan).date
    not_assess = _first(plan, "decision_not_to_assess")
    if not_assess:
        return "N", not_assess
    return "A", plan.metadata.dates.decision_to_assess or _first(plan, "decision_to_assess")


def _requests(b: _Builder, plan: Plan, person_id: str) -> tuple[str, str]:
    received = plan.metadata.dates.request_received or (_transfer_in(plan).date if _assessed_elsewhere(plan) else None)
    outcome, decided = _request_outcome(plan)
    mediation, tribunal = _dispute_flags(plan, "mediation"), _dispute_flags(plan, "tribunal_appeal")
    final = plan.metadata.dates.final_issued
    exported = any(final is None or event.date < final for event in _events(plan, "transfer_out"))
    values = {"receiveddate": _iso(received), "rya": "", "requestoutcomedate": _iso(decided),
              "requestoutcome": outcome, "requestmediation": _flag(mediation["request"]),
              "requesttribunal": _flag(tribunal["request"]), "exported": _flag(exported)}
    b.require("requests", values, {
        "receiveddate": "record dates.request_received, the day the request for assessment was received",
        "requestoutcomedate": "record dates.decision_to_assess (or a decision_to_assess event)",
    })
    return b.add("requests", ("persontableid", person_id), values), outcome


def _assessment_outcome(plan: Plan) -> tuple[str, _dt.date | None]:
    if _assessed_elsewhere(plan):
        return "S", _transfer_in(plan).date
    not_issue = _first(plan, "decision_not_to_issue")
    if not_issue:
        return "N", not_issue
    return "Y", _first(plan, "decision_to_issue")


def _assessment(b: _Builder, plan: Plan, request_id: str) -> tuple[str, str]:
    outcome, decided = _assessment_outcome(plan)
    mediation, tribunal = _dispute_flags(plan, "mediation"), _dispute_flags(plan, "tribunal_appeal")
    values = {"assessmentoutcome": outcome, "assessmentoutcomedate": _iso(decided),
              "assessmentmediation": _flag(mediation["assessment"]),
              "assessmenttribunal": _flag(tribunal["assessment"]),
              "othermediation": _flag(mediation["other"]), "othertribunal": _flag(tribunal["other"]),
              "week20": _flag(bool(plan.metadata.timescale_exceptions))}
    b.require("assessment", values, {
        "assessmentoutcomedate": "record a decision_to_issue event: the day the council decided to issue a plan"})
    return b.add("assessment", ("requeststableid", request_id), values), outcome


def _budget_flags(plan: Plan) -> dict[str, str]:
    budget = plan.personal_budget
    items = budget.items if budget and not budget.not_applicable else ()
    mechanisms = {item.mechanism for item in items}
    return {"pb": _flag(bool(items)), "oa": _flag(BudgetMechanism.ARRANGEMENT in mechanisms),
            "dp": _flag(BudgetMechanism.DIRECT_PAYMENT in mechanisms)}


def _placements(plan: Plan) -> tuple[Any, ...]:
    return tuple(sorted(plan.placement.placements, key=lambda p: p.rank)) if plan.placement else ()


def _setting_values(placement: Any) -> dict[str, str]:
    return {"urn": placement.urn or "", "ukprn": placement.ukprn or "",
            "sensetting": placement.sen_setting.value if placement.sen_setting else "",
            "sensettingother": placement.sen_setting_other or "", "placementrank": str(placement.rank),
            "senunitindicator": _flag(placement.sen_unit),
            "resourcedprovisionindicator": _flag(placement.resourced_provision)}


def _require_setting(b: _Builder, module: str, values: dict[str, str]) -> None:
    if not (values["urn"] or values["ukprn"] or values["sensetting"]):
        b.lack(module, "urn/ukprn/sensetting", f"placement rank {values['placementrank']} has no URN, UKPRN or SEN2 "
               "setting code: record the school's URN, the provider's UKPRN, or sen_setting")


def _named_plan(b: _Builder, plan: Plan, assessment_id: str) -> None:
    placements = _placements(plan)
    meta = plan.metadata
    values = {"startdate": _iso(_start_date(plan)),
              "planres": _flag(any(p.attendance_pattern in RESIDENTIAL for p in placements)),
              "planwbp": _flag(any(p.work_based for p in placements)), **_budget_flags(plan),
              "ceasedate": _iso(meta.dates.cease_date),
              "ceasereason": meta.cease_reason.value if meta.cease_reason else ""}
    b.require("namedplan", values, {"startdate": "record dates.final_issued, the day the final plan was issued"})
    plan_id = b.add("namedplan", ("assessmenttableid", assessment_id), values)
    if not placements and plan.metadata.status is not PlanStatus.CEASED:
        b.lack("plandetail", "placement", "section I names no placement: record the school or setting named")
    for placement in placements:
        detail = _setting_values(placement)
        _require_setting(b, "plandetail", detail)
        b.add("plandetail", ("namedplantableid", plan_id), detail)


def _latest_meeting(plan: Plan, period: tuple[_dt.date, _dt.date]) -> _dt.date | None:
    meetings = [event.date for event in _events(plan, "review_meeting")]
    meetings += [plan.metadata.dates.last_review] if plan.metadata.dates.last_review else []
    return max((day for day in meetings if _in(day, period)), default=None)


def _decision_for(plan: Plan, meeting: _dt.date) -> ReviewDecisionEvent | None:
    every = _events(plan, "review_decision")
    decisions = [e for e in every if e.review_meeting == meeting]
    decisions = decisions or [e for e in every if e.review_meeting is None and e.date >= meeting]
    return min(decisions, key=lambda event: event.date, default=None)


def _active_plan(b: _Builder, plan: Plan, request_id: str) -> None:
    transfer = _transfer_in(plan)
    meeting = _latest_meeting(plan, b.period)
    decision = _decision_for(plan, meeting) if meeting else None
    values = {"transferla": transfer.other_la if transfer and _in(transfer.date, b.period) else "",
              "reviewmeeting": _iso(meeting), "reviewoutcome": decision.outcome.value if decision else "",
              "lastreview": _iso(decision.date if decision else None)}
    if meeting and decision is None:
        b.lack("activeplans", "reviewoutcome", f"the review meeting on {meeting.isoformat()} has no review_decision "
               "event: record the decision (amend, cease or maintain) and its date")
    active_id = b.add("activeplans", ("requeststableid", request_id), values)
    _placement_details(b, plan, active_id)
    _sen_needs(b, plan, active_id)


def _placement_details(b: _Builder, plan: Plan, active_id: str) -> None:
    placements = _placements(plan)
    if not placements:
        b.lack("placementdetail", "placement", "section I names no current placement: record it (or the SEN2 setting "
               "code NIEO while a placement is awaited)")
    for placement in placements:
        values = {"res": _flag(placement.attendance_pattern in RESIDENTIAL), "wbp": _flag(placement.work_based),
                  **_setting_values(placement), "entrydate": _iso(placement.entry_date),
                  "leavingdate": _iso(placement.leaving_date)}
        _require_setting(b, "placementdetail", values)
        if not values["entrydate"]:
            b.lack("placementdetail", "entrydate", f"placement rank {placement.rank} has no entry date: record "
                   "entry_date, the day the placement started")
        b.add("placementdetail", ("activeplanstableid", active_id), values)


def _sen_needs(b: _Builder, plan: Plan, active_id: str) -> None:
    meta = plan.metadata
    if meta.primary_need is None:
        b.lack("senneed", "sentype", "record metadata.primary_need, the SEN type of the primary need (§8.2)")
    ranked = ([(meta.primary_need, "1")] if meta.primary_need else []) + [(need, "2") for need in meta.secondary_needs]
    for need, rank in ranked:
        b.add("senneed", ("activeplanstableid", active_id), {"sentype": need.value, "sentyperank": rank})


def _export_plan(b: _Builder, plan: Plan) -> None:
    b.plan = plan
    person_id = _person(b, plan)
    b.index.append((person_id, plan.metadata.plan_reference))
    request_id, request_outcome = _requests(b, plan, person_id)
    if request_outcome == "A":
        assessment_id, outcome = _assessment(b, plan, request_id)
        if outcome in ("Y", "S") and plan.metadata.status is not PlanStatus.DRAFT:
            _named_plan(b, plan, assessment_id)
    if is_active(plan, b.reference):
        _active_plan(b, plan, request_id)


# -- choosing the plans ------------------------------------------------------------------------------------------


def _activity(plan: Plan) -> list[_dt.date]:
    dates = plan.metadata.dates
    found = [dates.request_received, dates.decision_to_assess, dates.draft_issued, dates.final_issued, dates.cease_date]
    found += [event.date for event in plan.metadata.events]
    return [day for day in found if day is not None]


def exclusion(plan: Plan, la_code: str, reference: _dt.date, period: tuple[_dt.date, _dt.date]) -> str | None:
    """Return why ``plan`` is not in council ``la_code``'s return (reference date, reporting period), or ``None``
    if it is."""
    meta = plan.metadata
    if meta.la_code != la_code:
        return f"maintained by council {meta.la_code}, not {la_code}"
    if is_active(plan, reference) or any(_in(day, period) for day in _activity(plan)):
        return None
    request = meta.dates.request_received
    if meta.status is PlanStatus.DRAFT and request is not None and request < period[0]:
        return None
    if request is not None and request > period[1]:
        return f"request received {request.isoformat()}, after the reporting period"
    return (f"not active on {reference.isoformat()} and nothing recorded in the reporting period "
            f"{period[0].isoformat()} to {period[1].isoformat()}")


def _council(plans: Sequence[Plan], la_code: str | None) -> str:
    if la_code is not None:
        if not is_current_la_code(la_code):
            raise ExportError(f"cannot export SEN2 for {explain_la_code(la_code)}")
        return la_code
    councils = sorted({plan.metadata.la_code for plan in plans})
    if len(councils) != 1:
        found = ", ".join(councils) or "none (no plans given)"
        raise ExportError(f"a SEN2 return is for one council, and the plans given are maintained by {found}; say "
                          "which council's return to make (la_code; --la on the command line)")
    return councils[0]


def _header(year: int, la_code: str, reference: _dt.date, generated: _dt.datetime, serial: int) -> dict[str, str]:
    from . import __version__

    return {"collection": "SEN2", "year": str(year), "referencedate": reference.isoformat(), "sourcelevel": "L",
            "softwarecode": "ehcp-standard", "release": __version__, "serialno": str(serial),
            "datetime": generated.replace(microsecond=0).isoformat(), "lea": la_code, "dmo": "", "dco": ""}


def export_sen2(
    plans: Iterable[Plan],
    *,
    year: int,
    la_code: str | None = None,
    generated_at: _dt.datetime | None = None,
    serial: int = 1,
) -> Sen2Export:
    """Return council ``la_code``'s SEN2 person-level return for collection ``year`` from ``plans`` (each plan's
    latest version). ``la_code`` ``None``: the one council that maintains every plan given. ``generated_at`` is the
    header's ``datetime`` (default: now); ``serial`` its ``serialno``.

    Plans of other councils, and plans with nothing in the period, are listed in ``excluded``; plans lacking a
    field the return needs are exported with that field empty and listed in ``missing``. Raise ``ExportError`` for
    a year outside 2000-9998, an unknown council, or plans of several councils with no ``la_code``.
    """
    if not 2000 <= year <= 9998:
        raise ExportError(f"the collection year should be a year such as 2027; found {year}")
    plans = list(plans)
    council = _council(plans, la_code)
    reference, period = reference_date(year), reporting_period(year)
    builder = _Builder(reference, period)
    excluded = []
    for plan in plans:
        reason = exclusion(plan, council, reference, period)
        if reason:
            excluded.append(Excluded(plan.metadata.plan_reference, reason))
        else:
            _export_plan(builder, plan)
    builder.rows["sen2"] = [_header(year, council, reference, generated_at or _dt.datetime.now(), serial)]
    return Sen2Export(
        year=year, la_code=council, reference_date=reference, period=period,
        rows={module: tuple(rows) for module, rows in builder.rows.items()},
        missing=tuple(builder.missing), excluded=tuple(excluded), index=tuple(builder.index),
    )
