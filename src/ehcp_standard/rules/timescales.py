"""Rules on the statutory timescales of a new plan (Regs 5, 10, 13, 22, 27; EHCP-STANDARD.md §5.1).

How periods are counted (all calendar time, a week being 7 days):

- "Within N weeks of" a day allows up to that day plus 7 x N days: a final plan exactly 20 weeks (140 days) after
  the request passes, 20 weeks and 1 day fails. Likewise 6 weeks (42 days) for the decision whether to assess,
  16 weeks (112 days) for notice of a decision not to issue and 14 weeks (98 days) for a plan after a
  re-assessment.
- "At least 15 days, beginning with the day on which the draft plan was served" (Regs 13(1)) counts the day of
  service as day 1, so a draft served on 2026-11-13 leaves 2026-11-13 to 2026-11-27 for representations and the
  final plan may be issued from 2026-11-28, 15 days after service. The same applies to proposed amendments
  (Regs 22).

The dates come from ``metadata.dates`` and, where the rule says so, from the event log. Exceptions under Regs 10(4)
(``metadata.timescale_exceptions``) are honoured as each rule says.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from ..model import Plan, PlanStatus
from .engine import CheckContext, Hit, rule
from .facts import events_of_type, unjudged_beyond_the_calendar, weeks_and_days

FINAL_PLAN_WEEKS = 20
REASSESSMENT_WEEKS = 14
DECISION_TO_ASSESS_WEEKS = 6
NOT_TO_ISSUE_WEEKS = 16
REPRESENTATION_DAYS = 15


def _weeks_after(day: _dt.date, weeks: int) -> _dt.date:
    """Return the last day of a limit of ``weeks`` weeks after ``day`` (``day`` plus 7 x ``weeks`` days)."""
    return day + _dt.timedelta(weeks=weeks)


def _latest_on_or_before(days: list[_dt.date], limit: _dt.date) -> _dt.date | None:
    """Return the latest of ``days`` on or before ``limit``, or ``None``."""
    return max((day for day in days if day <= limit), default=None)


# -- T001: the final plan within 20 weeks (14 after a re-assessment) ---------------------------------------------


def _reassessment(plan: Plan, final: _dt.date) -> tuple[_dt.date, _dt.date | None] | None:
    """Return (re-assessment request, decision to re-assess or ``None``) when the final plan followed a
    re-assessment, else ``None``. A ``reassessment_requested`` event on or before the final issue and not before
    the request marks one; the decision is the first ``decision_to_assess`` event or date from that request to the
    final issue (Regs 27(2) counts the 14 weeks from it)."""
    request = plan.metadata.dates.request_received
    asked = [event.date for _, event in events_of_type(plan, "reassessment_requested")]
    asked = [day for day in asked if day <= final and (request is None or day >= request)]
    requested = max(asked, default=None)
    if requested is None:
        return None
    decisions = [event.date for _, event in events_of_type(plan, "decision_to_assess")]
    decisions += [plan.metadata.dates.decision_to_assess] if plan.metadata.dates.decision_to_assess else []
    return requested, min((day for day in decisions if requested <= day <= final), default=None)


def _period(plan: Plan, until: _dt.date) -> tuple[_dt.date, int, str, str] | None:
    """Return (start, weeks, what started it, basis) of the period a final plan issued by ``until`` had to meet: 14
    weeks from the decision to re-assess after a re-assessment (``_reassessment``), else 20 weeks from the request.
    ``None`` when the start is not recorded."""
    reassessment = _reassessment(plan, until)
    if reassessment is not None:
        decided = reassessment[1]
        return (decided, REASSESSMENT_WEEKS, "the decision to re-assess", "Regs 27(2)") if decided else None
    request = plan.metadata.dates.request_received
    return (request, FINAL_PLAN_WEEKS, "the request", "Regs 13(2)") if request else None


def _overrun(plan: Plan, day: _dt.date) -> tuple[_dt.date, int, str, str, _dt.date] | None:
    """Return (start, weeks, what started it, basis, limit) of the period (``_period``) a plan had to meet by
    ``day``, when ``day`` is after its limit; ``None`` if it is not, or the start is not recorded."""
    period = _period(plan, day)
    if period is None:
        return None
    limit = _weeks_after(period[0], period[1])
    return (*period, limit) if day > limit else None


def _late_final_hit(plan: Plan, final: _dt.date) -> Hit | None:
    """Return the finding for a final plan issued after its period (``_period``), or ``None`` if in time."""
    late = _overrun(plan, final)
    if late is None:
        return None
    start, weeks, since, basis, limit = late
    return Hit(
        "/metadata/dates/final_issued",
        f"Final plan issued {final.isoformat()}, {weeks_and_days((final - start).days)} after {since} "
        f"({start.isoformat()}); the limit is {weeks} weeks, {limit.isoformat()} ({basis}). Record a reg 10(4) "
        "exception in timescale_exceptions if one applied; otherwise the plan was late.",
    )


def _overdue_draft_hit(plan: Plan, as_of: _dt.date) -> Hit | None:
    """Return the finding for a draft still not finalised at ``as_of`` after its period (``_period``) ended, or
    ``None``."""
    overdue = _overrun(plan, as_of) if plan.metadata.status is PlanStatus.DRAFT else None
    if overdue is None:
        return None
    start, weeks, since, basis, limit = overdue
    return Hit(
        "/metadata/dates/request_received",
        f"The plan is still a draft on {as_of.isoformat()}, {weeks_and_days((as_of - start).days)} after "
        f"{since} ({start.isoformat()}); the final plan was due within {weeks} weeks, by {limit.isoformat()} "
        f"({basis}). Issue the final plan, or record a reg 10(4) exception in timescale_exceptions if one applied.",
    )


@rule(
    "EHCP-T001",
    "error",
    "Final issued more than 20 weeks after the request, with no reg 10(4) exception recorded.",
    basis="Regs 13(2), 10(4)",
    section="timescales",
)
@unjudged_beyond_the_calendar
def final_within_twenty_weeks(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a final plan (``dates.final_issued``) issued more than 20 weeks (140 days) after the request
    (``dates.request_received``), and a plan still in draft at ``ctx.as_of`` after those 20 weeks (pointing at
    the request date, since there is no final issue date yet).

    - Any reg 10(4) exception recorded in ``timescale_exceptions`` means no finding (Regs 13(3)); the rule does not
      weigh how long the exception lasted.
    - Re-assessment (implemented here, not as a rule of its own): where a ``reassessment_requested`` event falls on
      or after the request and on or before the final issue, the final plan is due within 14 weeks (98 days) of the
      decision to re-assess (the first ``decision_to_assess`` event or date on or after that request; Regs 27(2),
      with the same exceptions, Regs 27(3)); a draft after a re-assessment is judged on the same 14 weeks. With no
      such decision recorded the rule cannot tell when the 14 weeks began, and reports nothing.
    """
    if plan.metadata.timescale_exceptions:
        return
    hit = _final_plan_hit(plan, ctx.as_of)
    if hit is not None:
        yield hit


def _final_plan_hit(plan: Plan, as_of: _dt.date) -> Hit | None:
    """Return EHCP-T001's finding, if any, ignoring exceptions (see the rule's docstring)."""
    final = plan.metadata.dates.final_issued
    return _overdue_draft_hit(plan, as_of) if final is None else _late_final_hit(plan, final)


# -- T002: at least 15 days for representations ----------------------------------------------------------------


def _short_period_message(what: str, sent_what: str, served: _dt.date, issued: _dt.date, basis: str) -> str:
    """Return the message for a plan finalised before 15 days, beginning with the day of service, had passed."""
    last = served + _dt.timedelta(days=REPRESENTATION_DAYS - 1)
    earliest = served + _dt.timedelta(days=REPRESENTATION_DAYS)
    days = (issued - served).days
    return (
        f"{what} issued {issued.isoformat()}, {days} day{'s' * (days != 1)} after {sent_what} on "
        f"{served.isoformat()}. At least 15 days, beginning with the day of service ({served.isoformat()} to "
        f"{last.isoformat()}), must be allowed for representations ({basis}), so it could be issued from "
        f"{earliest.isoformat()} at the earliest. If the dates are right, the period was cut short."
    )


@rule(
    "EHCP-T002",
    "error",
    "Less than 15 days allowed between serving the draft (or proposed amendments) and finalising.",
    basis="Regs 13(1), 22",
    section="timescales",
)
@unjudged_beyond_the_calendar
def fifteen_days_for_representations(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a final plan issued less than 15 days after the draft was served (``dates.draft_issued`` to
    ``dates.final_issued``), and an ``amended_final_issued`` event less than 15 days after the latest
    ``proposed_amendment_issued`` event on or before it. The day of service is day 1 of the 15, so finalising 15
    days after service passes and 14 days fails. Not time-based."""
    dates = plan.metadata.dates
    served, final = dates.draft_issued, dates.final_issued
    if served and final and (final - served).days < REPRESENTATION_DAYS:
        message = _short_period_message("Final plan", "the draft was served", served, final, "Regs 13(1)")
        yield Hit("/metadata/dates/final_issued", message)
    proposals = [event.date for _, event in events_of_type(plan, "proposed_amendment_issued")]
    for pointer, issued in events_of_type(plan, "amended_final_issued"):
        sent = _latest_on_or_before(proposals, issued.date)
        if sent is not None and (issued.date - sent).days < REPRESENTATION_DAYS:
            sent_what = "the proposed amendments were sent"
            message = _short_period_message("Amended final plan", sent_what, sent, issued.date, "Regs 22")
            yield Hit(f"{pointer}/date", message)


# -- T003-T004: the decision whether to assess, and notice of a decision not to issue ----------------------------


def _decision_whether_to_assess(plan: Plan) -> tuple[_dt.date, str] | None:
    """Return the date of the decision whether to assess and its JSON pointer: ``dates.decision_to_assess``, else
    the earliest ``decision_to_assess`` or ``decision_not_to_assess`` event on or after the request."""
    dates = plan.metadata.dates
    if dates.decision_to_assess:
        return dates.decision_to_assess, "/metadata/dates/decision_to_assess"
    events = events_of_type(plan, "decision_to_assess", "decision_not_to_assess")
    request = dates.request_received
    found = [(event.date, f"{pointer}/date") for pointer, event in events if event.date >= request]
    return min(found) if found else None


def _exception_overlaps(plan: Plan, first: _dt.date, last: _dt.date) -> bool:
    """Return whether a recorded exception was in effect at some time from ``first`` to ``last``."""
    return any(
        exception.start <= last and (exception.end is None or exception.end >= first)
        for exception in plan.metadata.timescale_exceptions
    )


def _reassessment_between(plan: Plan, first: _dt.date, last: _dt.date) -> bool:
    """Return whether a ``reassessment_requested`` event falls from ``first`` to ``last``."""
    return any(first <= event.date <= last for _, event in events_of_type(plan, "reassessment_requested"))


@rule(
    "EHCP-T003",
    "error",
    "Decision to assess made more than 6 weeks after the request.",
    basis="Regs 5",
    section="timescales",
)
@unjudged_beyond_the_calendar
def decision_to_assess_within_six_weeks(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a decision whether to assess (``_decision_whether_to_assess``) more than 6 weeks (42 days) after the
    request: 42 days passes, 43 fails (Regs 5(1)). Not flagged when a recorded exception was in effect between the
    request and the decision (Regs 5(4) lists the same grounds as reg 10(4)), or when a re-assessment was requested
    in between (a decision to re-assess has its own limit, Regs 25). Not time-based: a plan always follows a
    decision, so a missing one is a gap in the data, not a late decision."""
    request = plan.metadata.dates.request_received
    decision = _decision_whether_to_assess(plan) if request else None
    if decision is None:
        return
    day, pointer = decision
    limit = _weeks_after(request, DECISION_TO_ASSESS_WEEKS)
    excused = _exception_overlaps(plan, request, day) or _reassessment_between(plan, request, day)
    if day > limit and not excused:
        yield Hit(
            pointer,
            f"Decision whether to assess notified {day.isoformat()}, {weeks_and_days((day - request).days)} "
            f"after the request ({request.isoformat()}); the limit is 6 weeks, {limit.isoformat()} (Regs "
            "5(1)). Record a Regs 5(4) exception in timescale_exceptions if one applied; otherwise the "
            "decision was late.",
        )


@rule(
    "EHCP-T004",
    "error",
    "Decision not to issue notified more than 16 weeks after the request, with no exception recorded.",
    basis="Regs 10",
    section="timescales",
)
@unjudged_beyond_the_calendar
def decision_not_to_issue_within_sixteen_weeks(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a ``decision_not_to_issue`` event more than 16 weeks (112 days) after the request: 112 days passes, 113
    fails (Regs 10(1)). Any reg 10(4) exception recorded means no finding, as for EHCP-T001. Not flagged when a
    re-assessment was requested in between (the request date is then not where the period starts). Not
    time-based."""
    request = plan.metadata.dates.request_received
    if request is None or plan.metadata.timescale_exceptions:
        return
    limit = _weeks_after(request, NOT_TO_ISSUE_WEEKS)
    for pointer, event in events_of_type(plan, "decision_not_to_issue"):
        if event.date > limit and not _reassessment_between(plan, request, event.date):
            yield Hit(
                f"{pointer}/date",
                f"Decision not to issue a plan notified {event.date.isoformat()}, "
                f"{weeks_and_days((event.date - request).days)} after the request ({request.isoformat()}); "
                f"the limit is 16 weeks, {limit.isoformat()} (Regs 10(1)). Record a reg 10(4) exception in "
                "timescale_exceptions if one applied; otherwise the notice was late.",
            )
