"""Rules on reviews, amendments and phase transfers (CFA s.44; Regs 18, 20-22; CoP 9.166-9.180).

How periods are counted (all calendar time):

- "12 months starting with" a day (CFA s.44(1)) ends the day before the day with the same number 12 months later:
  12 months starting with 2026-05-22 end on 2027-05-21, so a review due 2027-05-21 passes and 2027-05-22 fails;
  12 months starting with 2024-02-29 end on 2025-02-28 (``facts.last_day_of_months_starting``). Six months (CoP
  9.178) and three months (the transfer-in rule) are counted the same way.
- "Within 4 weeks" (Regs 20/21) and "within 8 weeks" (Regs 22) of a day allow up to that day plus 28 or 56 days:
  a decision 28 days after the meeting passes, 29 days fails.
- Phase transfers (Regs 18) are judged on the date the deadline falls: the amended plan must be issued on or
  before 15 February (31 March for secondary to post-16) of the calendar year of the transfer. The regulation says
  "before" those dates; the Code of Practice and the reference say "by", and the rule follows them, so a plan
  issued on 15 February itself is not flagged.

Review rules (R001-R003) judge maintained plans only (final, amended final, proposed amendment): a draft has no
issue date to count from, and a ceased plan has no next review.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Placement, Plan, PlanStatus, ReviewDecisionEvent, SenSetting
from .engine import CheckContext, Hit, rule
from .facts import (
    age_on,
    events_of_type,
    last_day_of_months_starting,
    months_earlier,
    national_curriculum_year,
    school_year_start,
    unjudged_beyond_the_calendar,
    weeks_and_days,
    year_group_label,
)

#: Plans the LA maintains and reviews.
MAINTAINED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.PROPOSED_AMENDMENT)
#: Statuses of a version that was itself a final plan (used to date amended plans from the version history).
FINAL_STATUSES = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL)
REVIEW_DECISION_DAYS = 28
AMENDMENT_DAYS = 56


# -- R001-R003: when the next review is due -----------------------------------------------------------------------


def review_base(plan: Plan) -> tuple[_dt.date, str] | None:
    """Return the date the current 12-month review period starts with, and a phrase naming it: the latest of the
    last review meeting (``dates.last_review`` or a ``review_meeting`` event) and the plan's issue (``final_issued``,
    else ``first_issued``), since an amendment does not restart the period. ``None`` when no date is recorded."""
    dates = plan.metadata.dates
    held = "the last review meeting was held"
    candidates = [(event.date, held) for _, event in events_of_type(plan, "review_meeting")]
    if dates.last_review:
        candidates.append((dates.last_review, held))
    issued = dates.final_issued or dates.first_issued
    if issued:
        candidates.append((issued, "the plan was issued"))
    return max(candidates) if candidates else None


def _transfer_in_deadline(plan: Plan, after: _dt.date) -> tuple[_dt.date, _dt.date] | None:
    """Return (transfer date, last day of the 3 months starting with it) for the latest transfer in after
    ``after``, or ``None``. The new LA must review by the later of 12 months from the last review and 3 months
    after the transfer (EHCP-STANDARD.md §5.3, [UNVERIFIED])."""
    transfers = [event.date for _, event in events_of_type(plan, "transfer_in") if event.date > after]
    if not transfers:
        return None
    latest = max(transfers)
    return latest, last_day_of_months_starting(latest, 3)


def _review_deadline(plan: Plan, base: _dt.date, what: str) -> tuple[_dt.date, str]:
    """Return the last day the next review may fall on, and the arithmetic behind it for a message."""
    deadline = last_day_of_months_starting(base, 12)
    reason = f"{deadline.isoformat()}, the last day of the 12 months starting with {base.isoformat()}, when "
    reason += what
    transfer = _transfer_in_deadline(plan, base)
    if transfer and transfer[1] > deadline:
        moved, deadline = transfer
        reason = (f"{deadline.isoformat()}, the last day of the 3 months starting with the transfer in on "
                  f"{moved.isoformat()} (later than 12 months from {base.isoformat()}) [UNVERIFIED rule]")
    return deadline, reason


@rule(
    "EHCP-R001",
    "error",
    "Next review date is more than 12 months after the issue date or the last review.",
    basis="CFA s.44; CoP 9.166–9.176",
    section="timescales",
    unverified=True,
)
@unjudged_beyond_the_calendar
def next_review_within_twelve_months(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a maintained plan whose next review is due after the last day of the 12 months starting with the last
    review meeting or, if later, the plan's issue (CFA s.44(1); see ``review_base``). For a plan transferred in
    from another council, the deadline is instead the later of that day and the last day of the 3 months starting
    with the transfer: this leniency is the [UNVERIFIED] part of the rule (EHCP-STANDARD.md §5.3); the 12-month
    limit itself is statute. Not time-based: it compares recorded dates."""
    next_due = plan.metadata.dates.next_review_due
    base = review_base(plan)
    if plan.metadata.status not in MAINTAINED or next_due is None or base is None:
        return
    deadline, reason = _review_deadline(plan, *base)
    if next_due > deadline:
        yield Hit(
            "/metadata/dates/next_review_due",
            f"The next review is due {next_due.isoformat()}, {weeks_and_days((next_due - deadline).days)} "
            f"after {reason}. The plan must be reviewed within 12 months of being made and of each review "
            f"(CFA s.44(1)): set the next review on or before {deadline.isoformat()}.",
        )


@rule(
    "EHCP-R002",
    "warning",
    "Child under 5 on the review date, and the review interval is more than 6 months.",
    basis="CoP 9.178",
    section="timescales",
)
@unjudged_beyond_the_calendar
def under_five_reviewed_every_six_months(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a maintained plan for a child who is under 5 on the next review date when that date is after the last
    day of the 6 months starting with the last review or the plan's issue (``review_base``): the LA should
    consider reviewing under-5s every 3 to 6 months (CoP 9.178). Not time-based."""
    next_due = plan.metadata.dates.next_review_due
    base = review_base(plan)
    if plan.metadata.status not in MAINTAINED or next_due is None or base is None:
        return
    age = age_on(plan.personal_details.date_of_birth, next_due)
    limit = last_day_of_months_starting(base[0], 6)
    if age < 5 and next_due > limit:
        yield Hit(
            "/metadata/dates/next_review_due",
            f"The child will be {age} on the next review date, {next_due.isoformat()}, which is after "
            f"{limit.isoformat()}, the last day of the 6 months starting with {base[0].isoformat()}, when "
            f"{base[1]}. For children under 5 the LA should consider a review every 3 to 6 months (CoP "
            f"9.178): bring the review forward to {limit.isoformat()} or earlier, or record why a longer "
            "interval suits.",
        )


@rule(
    "EHCP-R003",
    "warning",
    "No review date is recorded at all.",
    basis="CoP 9.61",
    section="timescales",
)
@unjudged_beyond_the_calendar
def review_date_recorded(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a maintained plan (final, amended final, proposed amendment) with no next review date. Not
    time-based."""
    if plan.metadata.status in MAINTAINED and plan.metadata.dates.next_review_due is None:
        yield Hit(
            "/metadata/dates/next_review_due",
            "The plan records no next review date. Add next_review_due: within 12 months of the plan being "
            "issued or last reviewed (CFA s.44), or within 6 months for a child under 5 (CoP 9.178).",
        )


# -- R004: phase transfers and post-16 moves -----------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseTransfer:
    """A transfer between phases of education (Regs 2(1)): the year group entered, how the type of the placement
    being left is recognised, and the deadline for the amended plan (15 February, or 31 March for post-16)."""

    entering_year: int
    leaving: tuple[str, ...]
    continuing: tuple[str, ...]
    wording: str
    post16: bool = False

    def deadline(self, year: int) -> _dt.date:
        """Return the last day the amended plan may be issued for a transfer in September of ``year``."""
        return _dt.date(year, 3, 31) if self.post16 else _dt.date(year, 2, 15)


_ALL_THROUGH = ("all-through", "all through", "all-age", "all age")
#: The transfers the rule recognises. ``leaving``: words in the placement type that show the phase being left;
#: ``continuing``: words that show the same institution carries on into the next phase (then nothing is judged).
TRANSFERS = (
    PhaseTransfer(0, ("nursery", "early years", "pre-school", "preschool", "playgroup", "childminder"),
                  ("primary", "infant", "first school", "reception", *_ALL_THROUGH),
                  "from early years education to school (entering Reception)"),
    PhaseTransfer(3, ("infant",), _ALL_THROUGH, "from infant school to junior school (Year 2 to Year 3)"),
    PhaseTransfer(5, ("first school",), _ALL_THROUGH,
                  "from first school to middle school (Year 4 to Year 5)"),
    PhaseTransfer(7, ("primary", "junior"), ("middle", *_ALL_THROUGH),
                  "from primary to secondary school (Year 6 to Year 7)"),
    PhaseTransfer(9, ("middle",), _ALL_THROUGH, "from middle to secondary school (Year 8 to Year 9)"),
    PhaseTransfer(12, ("secondary", "high school", "upper school"),
                  ("sixth form", "6th form", "post-16", "post 16", "special", *_ALL_THROUGH),
                  "from secondary school to a post-16 institution (Year 11 to Year 12)", post16=True),
)
#: An age range in a placement type, e.g. "(4-11)", "11 to 16"; not a year range ("Years 7-11").
_AGE_RANGE = re.compile(r"(?<![Yy]ear )(?<![Yy]ears )\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b")


def _age_range_ends_before(text: str, entering_year: int) -> bool | None:
    """Return whether an age range in ``text`` ends just before ``entering_year`` (a school for ages up to U teaches
    the year group in which pupils turn U, Year U-5, so pupils leave to enter Year U-4), or ``None`` if ``text``
    gives no age range."""
    found = _AGE_RANGE.search(text)
    if not found or int(found.group(1)) >= int(found.group(2)):
        return None
    return int(found.group(2)) == entering_year + 4


def _leaves_phase(placement: Placement, transfer: PhaseTransfer) -> bool:
    """Return whether ``placement`` is a setting the child leaves at ``transfer``: by its type's age range if it
    gives one, else by the type's words (an early years provider's SEN2 code counts as early years)."""
    text = (placement.type or "").lower()
    by_ages = _age_range_ends_before(text, transfer.entering_year)
    if by_ages is not None:
        return by_ages
    if transfer.entering_year == 0 and placement.sen_setting is SenSetting.EYP:
        return True
    leaving = any(word in text for word in transfer.leaving)
    return leaving and not any(word in text for word in transfer.continuing)


def final_issue_dates(plan: Plan) -> list[_dt.date]:
    """Return every recorded date on which a final or amended final version of the plan was issued: the first
    and final issue dates, this version's issue date (if it is final or amended final), the issue dates of final
    and amended final versions in the history, and ``final_issued`` and ``amended_final_issued`` events."""
    dates, status = plan.metadata.dates, plan.metadata.status
    found = [dates.first_issued, dates.final_issued]
    if status in FINAL_STATUSES or status is PlanStatus.CEASED:
        found.append(dates.version_issued)
    found += [record.issued for record in plan.metadata.history if record.status in FINAL_STATUSES]
    found += [event.date for _, event in events_of_type(plan, "final_issued", "amended_final_issued")]
    return sorted({day for day in found if day is not None})


@dataclass(frozen=True)
class DueTransfer:
    """A transfer the plan shows is due: what it is, when, the deadline, and the placement being left."""

    transfer: PhaseTransfer
    on: _dt.date
    deadline: _dt.date
    pointer: str
    placement: Placement

    @property
    def window_start(self) -> _dt.date:
        """Return 1 September a year before the transfer: from then the plan is "within 12 months of a transfer"
        (Regs 18(1)) and an amended plan counts."""
        return self.on.replace(year=self.on.year - 1)


def _attended_before(placement: Placement, transfer_day: _dt.date) -> bool:
    """Return whether ``placement`` was attended in the school year before ``transfer_day`` (so far as its entry
    and leaving dates say)."""
    year_before = transfer_day.replace(year=transfer_day.year - 1)
    started = placement.entry_date is None or placement.entry_date < transfer_day
    not_left = placement.leaving_date is None or placement.leaving_date >= year_before
    return started and not_left


def due_phase_transfers(plan: Plan, as_of: _dt.date) -> Iterator[DueTransfer]:
    """Yield the phase transfers whose deadline has passed at ``as_of``: the one into the child's year group (last
    September) and the one into the next (next September), for each placement in I that shows the phase left."""
    year_now = national_curriculum_year(plan.personal_details.date_of_birth, as_of)
    start = school_year_start(as_of).year
    placements = plan.placement.placements if plan.placement else ()
    for transfer in TRANSFERS:
        offset = transfer.entering_year - year_now
        if offset not in (0, 1):
            continue
        transfer_day = _dt.date(start + offset, 9, 1)
        deadline = transfer.deadline(start + offset)
        for index, placement in enumerate(placements):
            shows_phase = _attended_before(placement, transfer_day) and _leaves_phase(placement, transfer)
            if as_of > deadline and shows_phase:
                pointer = f"/placement/placements/{index}" + ("/type" if placement.type else "")
                yield DueTransfer(transfer, transfer_day, deadline, pointer, placement)


def _describe(placement: Placement) -> str:
    """Return how a message names a placement: its name and type, or its type (or SEN2 setting code) alone."""
    kind = placement.type or f"SEN2 setting {placement.sen_setting}"
    return f"\"{placement.name}\" ({kind})" if placement.name else f"a placement of type \"{kind}\""


def _phase_transfer_hit(plan: Plan, due: DueTransfer, issues: list[_dt.date]) -> Hit:
    """Return the finding for a phase transfer with no final or amended final plan issued in time."""
    year = year_group_label(due.transfer.entering_year - 1)
    recorded = ", ".join(day.isoformat() for day in issues)
    paragraph = "18(1)(a)" if due.transfer.post16 else "18(1)(b)"
    return Hit(
        due.pointer,
        f"The child (born {plan.personal_details.date_of_birth.isoformat()}) transfers "
        f"{due.transfer.wording} on {due.on.isoformat()}, leaving {_describe(due.placement)} after {year}. "
        f"The plan had to be reviewed and amended to name the new institution by {due.deadline.isoformat()} "
        f"(Regs {paragraph}), but no final or amended final plan was issued between "
        f"{due.window_start.isoformat()} and {due.deadline.isoformat()} (final issues recorded: {recorded}). "
        "Issue the amended plan naming the new school or institution, and record its issue date.",
    )


def _issued_between(issues: list[_dt.date], first: _dt.date, last: _dt.date) -> bool:
    """Return whether any issue date falls from ``first`` to ``last``, both included."""
    return any(first <= day <= last for day in issues)


def _phase_transfer_hits(plan: Plan, as_of: _dt.date) -> Iterator[Hit]:
    """Yield a finding for each due phase transfer with no final or amended plan issued in the 12 months before
    the transfer up to the deadline. A plan first issued after the deadline is not judged (there was nothing to
    amend by then)."""
    issues = final_issue_dates(plan)
    for due in due_phase_transfers(plan, as_of):
        if not issues or issues[0] > due.deadline:
            continue
        if not _issued_between(issues, due.window_start, due.deadline):
            yield _phase_transfer_hit(plan, due, issues)


def _post16_move_hit(pointer: str, placement: Placement, deadline: _dt.date, issues: list[_dt.date]) -> Hit:
    """Return the finding for a move between post-16 institutions with no amended plan 5 months before it."""
    recorded = ", ".join(day.isoformat() for day in issues)
    return Hit(
        f"{pointer}/entry_date",
        f"The young person moves to {_describe(placement)} on {placement.entry_date.isoformat()}, a move "
        "between post-16 institutions. The plan had to be reviewed and amended to name it at least 5 months "
        f"before, by {deadline.isoformat()} (Regs 18(2)), but no final or amended final plan was issued in "
        f"the 12 months up to that day (final issues recorded: {recorded}). Issue the amended plan and "
        "record its date.",
    )


def _post16_move_judged(plan: Plan, placement: Placement, as_of: _dt.date) -> bool:
    """Return whether a placement is a move between post-16 institutions that the rule judges: the young person is
    past Year 12 on entry, the move is within the last year or still to come, its 5-month deadline has passed, and
    no transfer in from another council falls in those 5 months (a house move cannot give 5 months' notice)."""
    entry = placement.entry_date
    if entry is None or national_curriculum_year(plan.personal_details.date_of_birth, entry) < 13:
        return False
    deadline = months_earlier(entry, 5)
    moved_in = any(deadline <= event.date <= entry for _, event in events_of_type(plan, "transfer_in"))
    return deadline < as_of and entry > months_earlier(as_of, 12) and not moved_in


def _post16_move_hits(plan: Plan, as_of: _dt.date) -> Iterator[Hit]:
    """Yield a finding for each judged post-16 move with no final or amended plan issued in the 12 months up to
    5 months before the move (``facts.months_earlier``: 5 months before 31 July is the last day of February). A plan
    first issued after that day is not judged."""
    issues = final_issue_dates(plan)
    placements = plan.placement.placements if plan.placement else ()
    for index, placement in enumerate(placements):
        if not _post16_move_judged(plan, placement, as_of):
            continue
        deadline = months_earlier(placement.entry_date, 5)
        window_start = months_earlier(placement.entry_date, 12)
        if issues and issues[0] <= deadline and not _issued_between(issues, window_start, deadline):
            yield _post16_move_hit(f"/placement/placements/{index}", placement, deadline, issues)


@rule(
    "EHCP-R004",
    "error",
    "A phase transfer is due, but no amended plan naming the new institution was issued by 15 February, by "
    "31 March (post-16), or at least 5 months before a post-16 move.",
    basis="Regs 18",
    section="timescales",
)
@unjudged_beyond_the_calendar
def phase_transfer_amended_in_time(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a phase transfer whose deadline has passed at ``ctx.as_of`` with no amended plan issued in time.

    Heuristic, documented because the plan holds only its current version:

    - *Which transfer.* The child's year group at ``as_of`` is taken from their age
      (``facts.national_curriculum_year``). The transfers judged are into that year group (last September) and
      into the next (next September), and only once the deadline has passed at ``as_of``. A transfer is due when
      a placement in I, attended in the year before the transfer, shows the phase being left: an age range in its
      type ("(4-11)") decides; otherwise its type's words do: early years (nursery, pre-school, childminder, or SEN2
      code EYP) before Reception; "infant" before Year 3 (Reception to Year 1 is not a transfer); "first school"
      before Year 5; "primary" or "junior" before Year 7 (not "middle"); "middle" before Year 9; "secondary",
      "high" or "upper school" before Year 12 unless the type mentions a sixth form, post-16 or a special school.
      All-through schools, and types with none of these words, are not judged.
    - *Whether in time.* Any final or amended final plan issued (``final_issue_dates``: dates, history and events)
      from 1 September a year before the transfer up to the deadline counts as the amended plan; the rule cannot
      see which institution an earlier version named. A plan first issued after the deadline is not judged.
    - *Post-16 moves* (Regs 18(2)): a placement entered past Year 12, in the last year or still to come, needs a
      final or amended plan issued in the 12 months up to 5 months before its entry date, unless the young person
      moved in from another council in those 5 months.
    """
    if plan.metadata.status not in MAINTAINED:
        return
    yield from _phase_transfer_hits(plan, ctx.as_of)
    yield from _post16_move_hits(plan, ctx.as_of)


# -- R005-R006: decisions after review and amendment -------------------------------------------------------------


def _meeting_of(decision: ReviewDecisionEvent, meetings: list[_dt.date]) -> _dt.date | None:
    """Return the review meeting a decision follows: its own ``review_meeting``, else the latest meeting on or
    before the decision."""
    if decision.review_meeting is not None:
        return decision.review_meeting
    earlier = [day for day in meetings if day <= decision.date]
    return max(earlier) if earlier else None


@rule(
    "EHCP-R005",
    "error",
    "Review decision notified more than 4 weeks after the review meeting.",
    basis="Regs 20/21",
    section="timescales",
)
@unjudged_beyond_the_calendar
def review_decision_within_four_weeks(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a review decision dated more than 28 days after its meeting (28 days passes, 29 fails), and a review
    meeting with no decision recorded once 28 days have passed at ``ctx.as_of``. A decision's meeting is its
    ``review_meeting`` field, else the latest ``review_meeting`` event on or before it."""
    meetings = [event.date for _, event in events_of_type(plan, "review_meeting")]
    decided = set()
    for pointer, decision in events_of_type(plan, "review_decision"):
        meeting = _meeting_of(decision, meetings)
        if meeting is None:
            continue
        decided.add(meeting)
        days = (decision.date - meeting).days
        if days > REVIEW_DECISION_DAYS:
            yield Hit(
                f"{pointer}/date",
                f"The review decision ({decision.outcome.value}) is dated {decision.date.isoformat()}, "
                f"{weeks_and_days(days)} after the review meeting on {meeting.isoformat()}; the limit is 4 "
                f"weeks ({(meeting + _dt.timedelta(days=REVIEW_DECISION_DAYS)).isoformat()}) (Regs 20/21). "
                "If the dates are right, the decision was late: notify decisions within 4 weeks of the "
                "meeting.",
            )
    yield from _undecided_meetings(plan, decided, ctx.as_of)


def _undecided_meetings(plan: Plan, decided: set[_dt.date], as_of: _dt.date) -> Iterator[Hit]:
    """Yield a finding for each review meeting with no decision whose 4 weeks ended before ``as_of``."""
    for pointer, meeting in events_of_type(plan, "review_meeting"):
        limit = meeting.date + _dt.timedelta(days=REVIEW_DECISION_DAYS)
        if meeting.date not in decided and as_of > limit:
            yield Hit(
                pointer,
                f"No decision is recorded for the review meeting on {meeting.date.isoformat()}; it was due "
                f"within 4 weeks, by {limit.isoformat()} (Regs 20/21), and it is now {as_of.isoformat()}. "
                "Record the decision (a review_decision event: amend, maintain or cease) with the date it "
                "was notified.",
            )


@rule(
    "EHCP-R006",
    "error",
    "Amended final issued more than 8 weeks after the proposed amendments.",
    basis="Regs 22",
    section="timescales",
)
@unjudged_beyond_the_calendar
def amended_final_within_eight_weeks(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag an ``amended_final_issued`` event more than 56 days after the latest ``proposed_amendment_issued``
    event on or before it (56 days passes, 57 fails), and a plan still at the proposed amendment stage once 56 days
    have passed at ``ctx.as_of`` since its proposals (the latest such event, else ``version_issued``)."""
    proposals = [event.date for _, event in events_of_type(plan, "proposed_amendment_issued")]
    for pointer, issued in events_of_type(plan, "amended_final_issued"):
        sent = max((day for day in proposals if day <= issued.date), default=None)
        if sent is not None and (issued.date - sent).days > AMENDMENT_DAYS:
            yield Hit(
                f"{pointer}/date",
                f"The amended final plan was issued on {issued.date.isoformat()}, "
                f"{weeks_and_days((issued.date - sent).days)} after the proposed amendments were sent on "
                f"{sent.isoformat()}; the limit is 8 weeks "
                f"({(sent + _dt.timedelta(days=AMENDMENT_DAYS)).isoformat()}) (Regs 22). If the dates are "
                "right, the amendment was late.",
            )
    yield from _pending_amendment(plan, proposals, ctx.as_of)


def _pending_amendment(plan: Plan, proposals: list[_dt.date], as_of: _dt.date) -> Iterator[Hit]:
    """Yield a finding if the plan is still a proposed amendment more than 8 weeks after the proposals."""
    if plan.metadata.status is not PlanStatus.PROPOSED_AMENDMENT:
        return
    sent = max(proposals, default=plan.metadata.dates.version_issued)
    if sent is None:
        return
    limit = sent + _dt.timedelta(days=AMENDMENT_DAYS)
    if as_of > limit:
        yield Hit(
            "/metadata/status",
            f"The plan is still a proposed amendment on {as_of.isoformat()}, "
            f"{weeks_and_days((as_of - sent).days)} after the proposed amendments were sent on "
            f"{sent.isoformat()}. The amended final plan was due within 8 weeks, by {limit.isoformat()} "
            "(Regs 22): issue it, or record its issue if it has been.",
        )
