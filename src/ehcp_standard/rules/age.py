"""Rules on age: the 0-25 range of EHC plans (CFA 2014 s.46, s.83(2); SEN2 cease reasons).

An LA may keep a plan until the end of the academic year in which the young person turns 25 (s.46): 31 July of the
academic year (1 August to 31 July, ``facts.end_of_academic_year``) that holds the 25th birthday. That day always
falls before the 26th birthday, so the 26th-birthday limit (IPSEA) never bites first, and the rules state it only
in messages. Birthdays follow ``facts.birthday``: someone born on 29 February turns 25 on 1 March in a common year.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from ..model import CeaseReason, Plan, PlanStatus
from .engine import CheckContext, Hit, rule
from .facts import age_on, birthday, end_of_academic_year, events_of_type, unjudged_beyond_the_calendar

#: Plans the LA maintains (EHCP-STANDARD.md §6 "active", plus a plan whose amendments are proposed).
MAINTAINED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.PROPOSED_AMENDMENT)
MAX_AGE = 25
ADULT_ESTATE_AGE = 19


def last_day_of_plan(date_of_birth: _dt.date, age: int = MAX_AGE) -> _dt.date:
    """Return 31 July ending the academic year in which a person of that birth date turns ``age``: the last day an
    LA may maintain their plan when ``age`` is 25 (CFA s.46)."""
    return end_of_academic_year(birthday(date_of_birth, age))


@rule(
    "EHCP-Y001",
    "error",
    "Plan is active after the end of the academic year in which the young person turned 25, or past their "
    "26th birthday.",
    basis="CFA s.46",
    section="plan",
)
@unjudged_beyond_the_calendar
def plan_ends_by_age_limit(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a maintained plan (final, amended final or proposed amendment) at ``ctx.as_of`` later than 31 July of
    the academic year of the 25th birthday (31 July itself passes, 1 August fails), and a ceased plan whose cease
    date is later than that day (it was maintained too long)."""
    dob = plan.personal_details.date_of_birth
    limit = last_day_of_plan(dob)
    turned = birthday(dob, MAX_AGE).isoformat()
    if plan.metadata.status in MAINTAINED and ctx.as_of > limit:
        yield Hit(
            "/metadata/status",
            f"The plan is still {plan.metadata.status.value} on {ctx.as_of.isoformat()}, but the young "
            f"person (born {dob.isoformat()}) turned 25 on {turned}, and a plan may be kept only to the end "
            f"of that academic year, {limit.isoformat()} (CFA s.46), never past the 26th birthday. Cease the "
            "plan (cease reason 1).",
        )
    cease_date = plan.metadata.dates.cease_date
    if plan.metadata.status is PlanStatus.CEASED and cease_date and cease_date > limit:
        yield Hit(
            "/metadata/dates/cease_date",
            f"The plan ceased on {cease_date.isoformat()}, after {limit.isoformat()}, the end of the "
            f"academic year in which the young person (born {dob.isoformat()}) turned 25 on {turned} (CFA "
            "s.46). If the date is right the plan was maintained too long; otherwise correct the cease date.",
        )


def _age_at_request_is_over_limit(plan: Plan) -> tuple[_dt.date, int] | None:
    """Return (request date, age) if the person was 25 or older on the request date, else ``None``. A request date
    that records a transfer in from another council (a ``transfer_in`` event that day) is not a request for an
    assessment, and is not judged."""
    request = plan.metadata.dates.request_received
    if request is None or any(event.date == request for _, event in events_of_type(plan, "transfer_in")):
        return None
    age = age_on(plan.personal_details.date_of_birth, request)
    return (request, age) if age >= MAX_AGE else None


@rule(
    "EHCP-Y002",
    "error",
    "Date of birth is in the future, or gives an age over 25 at the request date.",
    basis="CFA s.83(2)",
    section="personal_details",
)
@unjudged_beyond_the_calendar
def date_of_birth_plausible(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a date of birth after ``ctx.as_of``, and one that makes the person 25 or older on the request date
    (``dates.request_received``): a young person is under 25 (s.83(2)), so "over 25" is read as "on or after the
    25th birthday" (a request the day before it passes, on it fails)."""
    dob = plan.personal_details.date_of_birth
    if dob > ctx.as_of:
        yield Hit(
            "/personal_details/date_of_birth",
            f"The date of birth, {dob.isoformat()}, is after {ctx.as_of.isoformat()}, the date the plan is "
            "checked on. Correct the date of birth (CCYY-MM-DD).",
        )
    over = _age_at_request_is_over_limit(plan)
    if over:
        request, age = over
        yield Hit(
            "/personal_details/date_of_birth",
            f"The date of birth, {dob.isoformat()}, makes the person {age} on the request date, "
            f"{request.isoformat()}; they turned 25 on {birthday(dob, MAX_AGE).isoformat()}. An EHC plan is "
            "for children and young people under 25 (CFA s.83(2)): correct the date of birth or the request "
            "date.",
        )


@rule(
    "EHCP-Y003",
    "warning",
    "Cease reason 1 (max age) is recorded before the end of the academic year in which the person turned 25.",
    basis="SEN2 code list",
    section="plan",
)
@unjudged_beyond_the_calendar
def max_age_cease_reason_fits(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag cease reason 1 (maximum age) with a cease date before 31 July of the academic year of the 25th
    birthday (31 July itself passes). Young people who entered the adult estate (custody) reach the maximum at 19:
    a cease date on or after the end of the academic year of the 19th birthday may be that case, and the message
    says so; one before it cannot be. Not time-based."""
    cease_date = plan.metadata.dates.cease_date
    if plan.metadata.cease_reason is not CeaseReason.MAX_AGE or cease_date is None:
        return
    dob = plan.personal_details.date_of_birth
    limit = last_day_of_plan(dob)
    if cease_date >= limit:
        return
    adult_estate = last_day_of_plan(dob, ADULT_ESTATE_AGE)
    unless = (
        " If the young person entered the adult estate, the maximum age is 19 and the reason fits (that "
        f"academic year ended {adult_estate.isoformat()})." if cease_date >= adult_estate else ""
    )
    yield Hit(
        "/metadata/cease_reason",
        f"Cease reason 1 (maximum age) is recorded with a cease date of {cease_date.isoformat()}, before "
        f"{limit.isoformat()}, the end of the academic year in which the young person (born "
        f"{dob.isoformat()}) turns 25. Record the reason the plan actually ceased (SEN2 cease reasons "
        f"2-9).{unless}",
    )
