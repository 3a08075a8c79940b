"""A fictional caseload built fast from the bundled examples, with a ledger of what each plan was given.

Each generated plan is one of the four examples with its dates, status, placement, primary need, review history,
transfer and some provision wording replaced from a seeded random choice. The ``Ledger`` records those choices as
plain facts (which status, whether the final plan came within 20 weeks, whether the placement is mainstream...), so
that a test can count the expected indicators from the ledger, without the library's code.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ehcp_standard import Plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2027, 6, 30)
NEEDS = ("ASD", "SLCN", "MLD", "SEMH", "SPLD", "PD", "DS", "HI")
#: Placement types, and whether each is a mainstream setting (decided by a person reading the wording).
PLACEMENTS = (
    ("Mainstream primary school", True),
    ("Secondary academy", True),
    ("General further education college", True),
    ("Special school (autism)", False),
    ("Pupil referral unit", False),
    ("Independent special school, weekly residential", False),
)
VAGUE = "Support from school staff as required."


@dataclass
class Ledger:
    """What the generator gave one plan."""

    reference: str
    status: str
    need: str | None
    timed: bool = False            # has a request and a final issued on or before AS_OF
    within: bool = False           # final at most 140 days after the request
    exception: bool = False        # a reg 10(4) exception is recorded
    review: bool | None = None     # None: no review judged; True on time; False late or overdue
    placed: bool = False           # maintained plan naming a placement
    mainstream: bool = False
    items: int = 0                 # provision items (plans not ceased)
    quantified: int = 0
    deadlines: list[tuple[str, dt.date]] = field(default_factory=list)
    draft_overdue: bool = False    # a draft still unfinished more than 20 weeks after its request
    transfer: dt.date | None = None  # the day of a transfer in


@cache
def _examples() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.json")))


def _year_later_less_a_day(day: dt.date, months: int = 12) -> dt.date:
    """The last day of the ``months`` months starting with ``day`` (``day`` is never the 29th-31st here)."""
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, day.day) - dt.timedelta(days=1)


def _review_due(previous: dt.date, ledger: Ledger) -> dt.date:
    """The last day for the review after ``previous``: 12 months on, or 3 months after a later transfer in if that
    is later (the [UNVERIFIED] transfer rule, EHCP-STANDARD.md §5.3)."""
    due = _year_later_less_a_day(previous)
    if ledger.transfer and ledger.transfer > previous:
        due = max(due, _year_later_less_a_day(ledger.transfer, 3))
    return due


def _day(rng: random.Random, first: dt.date, span: int) -> dt.date:
    """A random day from ``first`` within ``span`` days, never the 29th, 30th or 31st (keeps month arithmetic plain)."""
    day = first + dt.timedelta(days=rng.randrange(span))
    return day if day.day <= 28 else day.replace(day=28)


def _events(request: dt.date, final: dt.date | None, draft: dt.date) -> list[dict[str, Any]]:
    events = [{"type": "request_received", "date": request.isoformat()},
              {"type": "decision_to_assess", "date": (request + dt.timedelta(days=30)).isoformat()},
              {"type": "decision_to_issue", "date": (draft - dt.timedelta(days=7)).isoformat()},
              {"type": "draft_issued", "date": draft.isoformat()}]
    if final:
        events.append({"type": "final_issued", "date": final.isoformat()})
    return events


def _provision_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for table in (data.get("special_educational_needs") or {}).values():
        if isinstance(table, dict):
            found += table.get("provision", [])
    found += (data.get("health") or {}).get("provision", [])
    social = data.get("social_care") or {}
    return found + social.get("h1_provision", []) + social.get("h2_provision", [])


def _make_vague(rng: random.Random, data: dict[str, Any]) -> int:
    """Rewrite some provision entries as vague text with no structured quantity; return how many."""
    vague = 0
    for item in _provision_items(data):
        if rng.random() < 0.15:
            for key in ("frequency", "duration_minutes", "hours"):
                item.pop(key, None)
            item["description"] = VAGUE
            vague += 1
    return vague


def _reviews(rng: random.Random, final: dt.date, ledger: Ledger, meta: dict[str, Any]) -> None:
    """Give a maintained plan 0-2 review meetings (some late, some undecided) and record whether it is on time."""
    previous, meetings, on_time = final, [], True
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        meeting = _day(rng, previous + dt.timedelta(days=200), 200)
        if meeting > AS_OF:
            break
        on_time = on_time and meeting <= _review_due(previous, ledger)
        meetings.append(meeting)
        previous = meeting
    overdue = _review_due(previous, ledger) < AS_OF
    ledger.review = None if not meetings and not overdue else on_time and not overdue
    for meeting in meetings:
        meta["events"].append({"type": "review_meeting", "date": meeting.isoformat()})
        decided = meeting + dt.timedelta(days=14)
        if rng.random() < 0.9 or meeting != meetings[-1]:
            meta["events"].append({"type": "review_decision", "date": decided.isoformat(), "outcome": "M",
                                   "review_meeting": meeting.isoformat()})
        else:
            ledger.deadlines.append(("review decision", meeting + dt.timedelta(days=28)))
    due = _review_due(previous, ledger)
    meta["dates"]["next_review_due"] = due.isoformat()
    if meetings:
        meta["dates"]["last_review"] = meetings[-1].isoformat()
    ledger.deadlines.append(("annual review", due))


def _placement(rng: random.Random, data: dict[str, Any], ledger: Ledger, maintained: bool) -> None:
    choice = rng.randrange(len(PLACEMENTS) + 2)
    if choice == len(PLACEMENTS):
        data["placement"] = {"placements": []}
    elif choice == len(PLACEMENTS) + 1:
        data["placement"] = {"placements": [{"sen_setting": "EHE", "rank": 1}]}
        ledger.placed = maintained
    else:
        kind, mainstream = PLACEMENTS[choice]
        data["placement"] = {"placements": [{"name": "Fictional Setting", "type": kind, "rank": 1,
                                             "attendance_pattern": "daily", "entry_date": "2025-09-01"}]}
        ledger.placed, ledger.mainstream = maintained, maintained and mainstream


def _timeline(rng: random.Random, meta: dict[str, Any], ledger: Ledger, draft: bool) -> dt.date | None:
    request = _day(rng, dt.date(2025, 1, 1), 800 if draft else 700)
    gap = rng.randrange(100, 200)
    final = None if draft else request + dt.timedelta(days=gap)
    draft_day = request + dt.timedelta(days=min(gap, 120) - 20)
    decided = request + dt.timedelta(days=30)
    meta["dates"] = {"request_received": request.isoformat(), "decision_to_assess": decided.isoformat(),
                     "draft_issued": draft_day.isoformat()}
    meta["events"] = _events(request, final, draft_day)
    ledger.exception = rng.random() < 0.2
    if ledger.exception:
        meta["timescale_exceptions"] = [{"reason": "school_closure", "start": request.isoformat()}]
    if final:
        if final > AS_OF:
            final = None
            meta["events"].pop()
        else:
            meta["dates"].update(final_issued=final.isoformat(), first_issued=final.isoformat(),
                                 version_issued=final.isoformat())
            ledger.timed, ledger.within = True, gap <= 140
    due = request + dt.timedelta(days=140)
    if draft and not ledger.exception:
        ledger.deadlines.append(("final plan", due))
        ledger.draft_overdue = AS_OF > due
    return final


def _transfer(rng: random.Random, meta: dict[str, Any], ledger: Ledger, final: dt.date) -> None:
    day = _day(rng, max(final, AS_OF - dt.timedelta(days=60)), 60)
    if day < final or day > AS_OF:
        return
    meta["events"].append({"type": "transfer_in", "date": day.isoformat(), "other_la": "940"})
    ledger.transfer = day
    ledger.deadlines.append(("tell the family", day + dt.timedelta(days=42)))


def generated_plan(index: int) -> tuple[Plan, Ledger]:
    """Return generated plan number ``index`` and its ledger (the same every time for the same index)."""
    rng = random.Random(index)
    data = copy.deepcopy(_examples()[index % 4])
    meta = data["metadata"]
    draft = meta["status"] == "draft"
    status = "draft" if draft else rng.choice(("final", "final", "amended_final", "proposed_amendment", "ceased"))
    ledger = Ledger(reference=f"GEN-{index:04d}", status=status, need=rng.choice((*NEEDS, None)))
    meta.update(plan_reference=ledger.reference, status=status, version=1, history=[], timescale_exceptions=[])
    meta.pop("cease_reason", None)
    meta["primary_need"] = ledger.need
    if ledger.need is None:
        meta.pop("primary_need")
    final = _timeline(rng, meta, ledger, draft)
    if final is None and not draft:
        status = ledger.status = meta["status"] = "draft"
        draft = True
        request = dt.date.fromisoformat(meta["dates"]["request_received"])
        ledger.deadlines.append(("final plan", request + dt.timedelta(days=140)))
        ledger.draft_overdue = AS_OF > ledger.deadlines[-1][1] and not ledger.exception
        if ledger.exception:
            ledger.deadlines.pop()
    maintained = status in ("final", "amended_final", "proposed_amendment")
    if status == "ceased":
        meta["cease_reason"] = "2"
        meta["dates"]["cease_date"] = AS_OF.isoformat()
    if maintained and rng.random() < 0.1:
        _transfer(rng, meta, ledger, final)
    if maintained:
        _reviews(rng, final, ledger, meta)
    if draft:
        data["placement"] = {"placements": []}
    else:
        _placement(rng, data, ledger, maintained)
    vague = _make_vague(rng, data)
    if status != "ceased":
        ledger.items = len(_provision_items(data))
        ledger.quantified = ledger.items - vague
    if not maintained:
        ledger.deadlines = [d for d in ledger.deadlines if d[0] == "final plan"]
    return Plan.model_validate(data), ledger


def caseload(size: int = 1000) -> tuple[list[Plan], list[Ledger]]:
    """Return ``size`` generated plans and their ledgers."""
    pairs = [generated_plan(index) for index in range(size)]
    return [plan for plan, _ in pairs], [ledger for _, ledger in pairs]
